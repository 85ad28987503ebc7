"""The parts of every page that rarely change (blog name, navigation), cached between requests.

Cached so that each page spends its query budget on its own content; ``blog.signals`` drops the
cache whenever one of these rows changes, so the navigation is never stale.
"""

from django.core.cache import cache
from django.urls import reverse

from blog.models import Blog, Category, Page

CACHE_KEY = "blog:navigation:v2"


def get_navigation() -> dict:
    navigation = cache.get(CACHE_KEY)
    if navigation is None:
        blog = Blog.load()
        navigation = {
            "name": blog.name,
            "tagline": blog.tagline,
            # The addresses every page links to, worked out once rather than on each page.
            "home_url": reverse("blog:home"),
            "feed_url": reverse("blog:feed"),
            "atom_url": reverse("blog:feed-atom"),
            "pages": [
                {"title": page.title, "url": page.get_absolute_url()}
                for page in Page.objects.published()
            ],
            "categories": [
                {"name": category.name, "url": category.get_absolute_url()}
                for category in Category.objects.filter(parent__isnull=True)
            ],
        }
        cache.set(CACHE_KEY, navigation, timeout=None)
    return navigation


def forget_navigation() -> None:
    cache.delete(CACHE_KEY)
