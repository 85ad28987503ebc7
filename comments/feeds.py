"""Comment feeds, at WordPress's addresses: the whole blog's (/comments/feed/, RSS and Atom) and
one post's (/YYYY/MM/DD/slug/feed/, advertised in the post's head; /comments/feed/ID/ too)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from blog.models import Blog, Post
from comments.conf import app_settings
from comments.models import Comment
from core.text import xml_text


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


class LatestCommentsFeed(Feed):
    """The latest approved comments on the whole blog."""

    feed_type = Rss201rev2Feed
    url_name = "comments:feed"

    def title(self) -> str:
        return xml_text(_("Comments for %(blog)s") % {"blog": Blog.load().name})

    def description(self) -> str:
        return _("The latest comments.")

    subtitle = description

    def link(self) -> str:
        return absolute(reverse("blog:home"))

    def feed_url(self) -> str:
        return absolute(reverse(self.url_name))

    def get_comments(self):
        return (
            Comment.objects.approved()
            .filter(post__in=Post.objects.published().unprotected())
            .select_related("post", "user")
            .order_by("-created_at", "-pk")
        )

    def items(self):
        return self.get_comments()[: app_settings.COMMENTS_FEED_SIZE]

    def item_title(self, comment: Comment) -> str:
        return xml_text(
            _("Comment on %(title)s by %(name)s")
            % {"title": comment.target.title, "name": comment.display_name}
        )

    def item_description(self, comment: Comment) -> str:
        # XML 1.0 cannot carry control characters: one in a comment must not break the feed.
        return xml_text(comment.body_html)

    def item_link(self, comment: Comment) -> str:
        return absolute(comment.get_absolute_url())

    def item_guid(self, comment: Comment) -> str:
        return self.item_link(comment)

    item_guid_is_permalink = True

    def item_author_name(self, comment: Comment) -> str:
        return xml_text(comment.display_name)

    def item_pubdate(self, comment: Comment):
        return comment.created_at

    def item_updateddate(self, comment: Comment):
        return comment.edited_at or comment.created_at


class AtomLatestCommentsFeed(LatestCommentsFeed):
    feed_type = Atom1Feed
    url_name = "comments:feed-atom"


class PostCommentsFeed(LatestCommentsFeed):
    """The approved comments on one post, newest first, by the post's id."""

    def get_object(self, request, post_id: int):
        return get_object_or_404(Post.objects.published().unprotected(), pk=post_id)

    def title(self, post) -> str:
        return xml_text(_("Comments on: %(title)s") % {"title": post.title})

    def link(self, post) -> str:
        return absolute(post.get_absolute_url())

    def feed_url(self, post) -> str:
        return absolute(f"{post.get_absolute_url()}feed/")

    def description(self, post) -> str:
        return xml_text(_("Comments on “%(title)s”.") % {"title": post.title})

    subtitle = description

    def items(self, post):
        return self.get_comments().filter(post=post)[: app_settings.COMMENTS_FEED_SIZE]

    def item_title(self, comment: Comment) -> str:
        return xml_text(_("By: %(name)s") % {"name": comment.display_name})


class PostPermalinkCommentsFeed(PostCommentsFeed):
    """The same feed at WordPress's address: the post's permalink followed by ``feed/``."""

    def get_object(self, request, year: int, month: int, day: int, slug: str):
        post = get_object_or_404(Post.objects.published(), slug=slug)
        if request.path != f"{post.get_absolute_url()}feed/":
            raise Http404("No such post.")
        return post
