"""The parts of every page that rarely change (blog name, navigation), kept in the cache's
generation (``core.cache``), so each page spends its query budget on its own content."""

from django.urls import reverse

from blog.models import Blog, Category, Page
from core import cache as kept


def get_navigation() -> dict:
    return kept.kept("navigation", _navigation)


def _navigation() -> dict:
    blog = Blog.load()
    return {
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
