"""RSS 2.0 and Atom feeds of the newest published posts: the whole site, a category, a tag."""

import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from blog.conf import app_settings
from blog.models import Category, Post, Tag
from blog.navigation import get_navigation
from blog.seo import absolute_url
from core.text import xml_text

# Links and pictures in a body are relative to the site; feed readers need the full address.
RELATIVE_URL_RE = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


def absolute_links(html: str) -> str:
    return RELATIVE_URL_RE.sub(lambda m: f'{m.group(1)}{absolute_url(m.group(2))}"', html)


class PostFeed(Feed):
    """The site's feed (RSS 2.0); the subclasses narrow it or switch it to Atom.

    One instance serves every request, so nothing about a request is kept on ``self``.
    """

    url_name = "blog:feed"

    def title(self, obj) -> str:
        return xml_text(get_navigation()["name"])

    def description(self, obj) -> str:
        return xml_text(get_navigation()["tagline"])

    subtitle = description

    def link(self, obj) -> str:
        return absolute_url(reverse("blog:home"))

    def feed_url(self, obj) -> str:
        kwargs = {"slug": obj.slug} if obj is not None else {}
        return absolute_url(reverse(self.url_name, kwargs=kwargs))

    def posts(self, obj):
        return Post.objects.published().unprotected()

    def items(self, obj):
        return (
            self.posts(obj)
            .select_related("author")
            .prefetch_related("categories", "tags")
            .order_by("-published_at", "-pk")[: app_settings.BLOG_FEED_ITEMS]
        )

    def item_title(self, post: Post) -> str:
        return xml_text(post.title)

    def item_description(self, post: Post) -> str:
        if app_settings.BLOG_FEED_FULL_CONTENT:
            return xml_text(absolute_links(post.body_html))
        return xml_text(post.summary)

    def item_link(self, post: Post) -> str:
        return absolute_url(post.get_absolute_url())

    def item_guid(self, post: Post) -> str:
        return self.item_link(post)

    item_guid_is_permalink = True

    def item_pubdate(self, post: Post):
        return post.published_at

    def item_updateddate(self, post: Post):
        return max(post.updated_at, post.published_at)

    def item_author_name(self, post: Post) -> str:
        return xml_text(post.author.get_display_name())

    def item_author_link(self, post: Post) -> str:
        return absolute_url(reverse("blog:author", args=[post.author.get_username()]))

    def item_categories(self, post: Post) -> list[str]:
        return [xml_text(term.name) for term in [*post.categories.all(), *post.tags.all()]]


class AtomPostFeed(PostFeed):
    feed_type = Atom1Feed
    url_name = "blog:feed-atom"


class CategoryFeed(PostFeed):
    url_name = "blog:category-feed"

    def get_object(self, request, *args, **kwargs):
        return get_object_or_404(Category, slug=kwargs["slug"])

    def title(self, category: Category) -> str:
        return xml_text(f"{get_navigation()['name']}: {category.name}")

    def description(self, category: Category) -> str:
        return xml_text(category.description or _("Posts in %(name)s") % {"name": category.name})

    subtitle = description

    def link(self, category: Category) -> str:
        return absolute_url(category.get_absolute_url())

    def posts(self, category: Category):
        return Post.objects.published().unprotected().filter(categories=category)


class AtomCategoryFeed(CategoryFeed):
    feed_type = Atom1Feed
    url_name = "blog:category-feed-atom"


class TagFeed(PostFeed):
    url_name = "blog:tag-feed"

    def get_object(self, request, *args, **kwargs):
        return get_object_or_404(Tag, slug=kwargs["slug"])

    def title(self, tag: Tag) -> str:
        return xml_text(f"{get_navigation()['name']}: {tag.name}")

    def description(self, tag: Tag) -> str:
        return xml_text(_("Posts tagged %(name)s") % {"name": tag.name})

    subtitle = description

    def link(self, tag: Tag) -> str:
        return absolute_url(tag.get_absolute_url())

    def posts(self, tag: Tag):
        return Post.objects.published().unprotected().filter(tags=tag)


class AtomTagFeed(TagFeed):
    feed_type = Atom1Feed
    url_name = "blog:tag-feed-atom"
