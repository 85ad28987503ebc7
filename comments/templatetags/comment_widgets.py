"""Comment widgets for pages other than the post: for now, the sidebar's recent comments.

The blog's sidebar template loads this library, so blog code never imports comments; the
sidebar's cache (blog.sidebar) is dropped whenever a comment is saved or deleted.
"""

from django import template

from comments.models import Comment

register = template.Library()


@register.inclusion_tag("comments/recent_comments.html")
def recent_comments(limit: int = 5) -> dict:
    """The newest approved comments on published posts, in one query."""
    published_posts = Comment._meta.get_field("post").related_model.objects.published()
    comments = (
        Comment.objects.approved()
        .filter(post__in=published_posts)
        .select_related("post", "user")
        .defer("post__body", "post__body_html")
        .order_by("-created_at", "-pk")[: int(limit)]
    )
    return {"comments": list(comments)}


@register.simple_tag
def desk_comments(limit: int = 5) -> dict:
    """For the admin's desk: how many comments wait, and the newest ones of any status except
    spam (two queries)."""
    latest = (
        Comment.objects.exclude(status=Comment.Status.SPAM)
        .select_related("post", "page", "user")
        .defer("post__body", "post__body_html", "page__body", "page__body_html")
        .order_by("-created_at", "-pk")[: int(limit)]
    )
    return {"pending": Comment.objects.pending().count(), "latest": list(latest)}
