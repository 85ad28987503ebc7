"""The sidebar on every page and the related posts under each post, cached between requests.

The sidebar is kept as rendered HTML, so it costs no query until something in it changes:
``blog.signals`` drops it when a post, a category or a comment is saved or deleted (the
comments app's ``{% recent_comments %}`` renders inside it, so blog never imports comments).
A scheduled post appearing changes nothing in the database, so every cached entry also expires
when the next scheduled post goes live.
"""

import uuid

from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from blog.conf import app_settings
from blog.models import Category, Post

SIDEBAR_KEY = "blog:sidebar:v1"
RELATED_GENERATION_KEY = "blog:related:generation:v1"


def cache_timeout() -> int:
    """Seconds a widget may be cached: the setting's bound, or less if a post goes live sooner."""
    timeout = app_settings.BLOG_WIDGET_CACHE_SECONDS
    upcoming = Post.objects.scheduled().order_by("published_at").values_list("published_at")[:1]
    for (when,) in upcoming:
        timeout = min(timeout, max(1, int((when - timezone.now()).total_seconds()) + 1))
    return timeout


def sidebar_context() -> dict:
    published = Post.objects.published()
    return {
        "recent_posts": list(
            published.only("title", "slug", "published_at").order_by("-published_at", "-pk")[
                : app_settings.BLOG_SIDEBAR_RECENT
            ]
        ),
        "categories": list(
            Category.objects.annotate(
                post_count=Count("posts", filter=Q(posts__in=Post.objects.published()))
            )
            .filter(post_count__gt=0)
            .only("name", "slug")
        ),
        "months": list(
            published.annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(post_count=Count("pk"))
            .order_by("-month")
        ),
        "recent_limit": app_settings.BLOG_SIDEBAR_RECENT,
    }


def _get_fresh(key: str):
    """A cached value that has not outlived its moment. The moment is kept with the value, so the
    entry expires on this process's clock whatever the backend (Redis expires by its own)."""
    entry = cache.get(key)
    if entry is not None and entry[1] > timezone.now().timestamp():
        return entry[0]
    return None


def _keep(key: str, value) -> None:
    timeout = cache_timeout()
    cache.set(key, (value, timezone.now().timestamp() + timeout), timeout=timeout)


def render_sidebar() -> SafeString:
    html = _get_fresh(SIDEBAR_KEY)
    if html is None:
        html = render_to_string("includes/sidebar.html", sidebar_context())
        _keep(SIDEBAR_KEY, html)
    return mark_safe(html)  # noqa: S308  (rendered by our own autoescaping template)


def forget_sidebar() -> None:
    cache.delete(SIDEBAR_KEY)


def related_posts(post: Post) -> list[Post]:
    """Published posts sharing the most categories and tags with ``post``, newest first among
    equals. Uses the post's prefetched categories and tags; one query when not cached."""
    generation = cache.get_or_set(RELATED_GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    key = f"blog:related:{post.pk}:{generation}"
    related = _get_fresh(key)
    if related is None:
        related = _find_related(post)
        _keep(key, related)
    return related


def _find_related(post: Post) -> list[Post]:
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


def forget_related() -> None:
    cache.delete(RELATED_GENERATION_KEY)
