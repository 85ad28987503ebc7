"""sitemap.xml: the home page, published posts and pages, and the categories and tags in use."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from blog.models import Category, Page, Post, Tag


class SiteSitemap(Sitemap):
    """Addresses use the public SITE_URL, not whatever Host header the request came with."""

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class HomeSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["blog:home"]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item: str):
        return Post.objects.published().unprotected().aggregate(latest=Max("updated_at"))["latest"]


class PostSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return (
            Post.objects.published()
            .unprotected()
            .only("slug", "published_at", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, post: Post):
        return max(post.updated_at, post.published_at)


class PageSitemap(SiteSitemap):
    changefreq = "yearly"
    priority = 0.5

    def items(self):
        return Page.objects.published().only("slug", "path", "updated_at").order_by("pk")

    def lastmod(self, page: Page):
        return page.updated_at


class _TermSitemap(SiteSitemap):
    """Categories or tags that hold at least one published post, dated by their newest one."""

    model: type[Category] | type[Tag]
    fields = ("slug",)  # what the address needs
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        published = Q(posts__in=Post.objects.published().unprotected())
        return (
            self.model.objects.annotate(latest=Max("posts__updated_at", filter=published))
            .filter(latest__isnull=False)
            .only(*self.fields)
            .order_by("pk")
        )

    def lastmod(self, term):
        return term.latest


class CategorySitemap(_TermSitemap):
    model = Category
    fields = ("slug", "path")


class TagSitemap(_TermSitemap):
    model = Tag


SITEMAPS = {
    "home": HomeSitemap,
    "posts": PostSitemap,
    "pages": PageSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
}
