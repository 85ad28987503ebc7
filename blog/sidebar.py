"""The sidebar on every page and the related posts under each post.

The sidebar is kept as rendered HTML in the cache's generation (``core.cache``), so it costs no
query until something it shows changes (a post, a category, a comment: the comments app's
``{% recent_comments %}`` renders inside it, so blog never imports comments). Related posts are
part of the post's article, which is kept as a whole (``blog.views.PostDetailView``).
"""

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from blog.conf import app_settings
from blog.models import Category, Post
from blog.trees import nest
from core import cache as kept


def sidebar_context() -> dict:
    published = Post.objects.published()
    return {
        "recent_posts": list(
            published.only("title", "slug", "published_at").order_by("-published_at", "-pk")[
                : app_settings.BLOG_SIDEBAR_RECENT
            ]
        ),
        # A tree: each category with its children under it (``nested``), empty branches left out.
        "categories": nest(
            list(
                Category.objects.annotate(
                    post_count=Count("posts", filter=Q(posts__in=Post.objects.published()))
                ).only("name", "slug", "path", "parent_id")
            ),
            keep=lambda category: category.post_count > 0,
        ),
        "months": list(
            published.annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(post_count=Count("pk"))
            .order_by("-month")
        ),
        "recent_limit": app_settings.BLOG_SIDEBAR_RECENT,
    }


def render_sidebar() -> SafeString:
    html = kept.kept(
        "sidebar", lambda: render_to_string("includes/sidebar.html", sidebar_context())
    )
    return mark_safe(html)  # noqa: S308  (rendered by our own autoescaping template)


def related_posts(post: Post) -> list[Post]:
    """Published posts sharing the most categories and tags with ``post``, newest first among
    equals. Uses the post's prefetched categories and tags; one query."""
    category_ids = [category.pk for category in post.categories.all()]
    tag_ids = [tag.pk for tag in post.tags.all()]
    if not category_ids and not tag_ids:
        return []
    in_categories = Q(categories__in=category_ids)
    in_tags = Q(tags__in=tag_ids)
    return list(
        Post.objects.published()
        .unprotected()
        .exclude(pk=post.pk)
        .filter(in_categories | in_tags)
        .annotate(
            shared=Count("categories", filter=in_categories, distinct=True)
            + Count("tags", filter=in_tags, distinct=True)
        )
        .only("title", "slug", "published_at")
        .order_by("-shared", "-published_at", "-pk")[: app_settings.BLOG_RELATED_POSTS]
    )
