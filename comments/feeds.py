from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed

from blog.models import Blog, Post
from comments import conf
from comments.models import Comment
from core.text import xml_text


class LatestCommentsFeed(Feed):
    """The latest approved comments on the whole blog."""

    feed_type = Rss201rev2Feed
    description = "The latest comments."

    def title(self) -> str:
        return xml_text(f"Comments for {Blog.load().name}")

    def link(self) -> str:
        return reverse("blog:home")

    def get_comments(self):
        return (
            Comment.objects.approved()
            .filter(post__in=Post.objects.published())
            .select_related("post", "user")
            .order_by("-created_at", "-pk")
        )

    def items(self):
        return self.get_comments()[: conf.get("COMMENTS_FEED_SIZE")]

    def item_title(self, comment: Comment) -> str:
        return xml_text(f"Comment on {comment.post.title} by {comment.display_name}")

    def item_description(self, comment: Comment) -> str:
        # XML 1.0 cannot carry control characters: one in a comment must not break the feed.
        return xml_text(comment.body_html)

    def item_link(self, comment: Comment) -> str:
        return comment.get_absolute_url()

    def item_guid(self, comment: Comment) -> str:
        return f"{settings.SITE_URL}{comment.get_absolute_url()}"

    def item_author_name(self, comment: Comment) -> str:
        return xml_text(comment.display_name)

    def item_pubdate(self, comment: Comment):
        return comment.created_at


class PostCommentsFeed(LatestCommentsFeed):
    """The approved comments on one post, newest first."""

    def get_object(self, request, post_id: int):
        return get_object_or_404(Post.objects.published(), pk=post_id)

    def title(self, post) -> str:
        return xml_text(f"Comments on: {post.title}")

    def link(self, post) -> str:
        return post.get_absolute_url()

    def description(self, post) -> str:
        return xml_text(f"Comments on \u201c{post.title}\u201d.")

    def items(self, post):
        return self.get_comments().filter(post=post)[: conf.get("COMMENTS_FEED_SIZE")]

    def item_title(self, comment: Comment) -> str:
        return xml_text(f"By: {comment.display_name}")
