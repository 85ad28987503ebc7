"""Which published post or page of this blog an address names: a webmention's target, or a post's
address asked for as ActivityPub. The same order as ``blog.views.at_path`` where a post and a page
could share an address, without rendering anything (two queries at most)."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

from blog.models import Blog, Page, Post

#: Addresses that only a post answers (blog/urls.py), by their slug.
POST_NAMES = {"post", "post-page", "post-month", "post-month-page"}
#: Addresses made of slugs alone: a page, or a post under /%postname%/ or /%category%/%postname%/.
SLUG_PATH_NAMES = {"page", "post-name", "post-in-category"}
NAMES = POST_NAMES | SLUG_PATH_NAMES


def is_ours(url: str) -> bool:
    """Whether ``url`` is on this blog's host and port (SITE_URL's)."""
    ours, theirs = urlsplit(settings.SITE_URL), urlsplit(url)
    same_host = (theirs.hostname or "").lower() == (ours.hostname or "").lower()
    return same_host and theirs.port == ours.port


def at_path(path: str) -> Post | Page | None:
    """The published post or page at ``path`` (an address of this blog), or None."""
    try:
        match = resolve(path or "/")
    except Resolver404:
        return None
    if match.namespace != "blog" or match.url_name not in NAMES:
        return None
    if match.url_name in POST_NAMES:
        return Post.objects.published().filter(slug=match.kwargs["slug"]).first()
    slugs = "/".join(filter(None, [match.kwargs.get("categories", ""), match.kwargs["slug"]]))
    return _at_slug_path(slugs)


def at_url(url: str) -> Post | Page | None:
    """The published post or page at ``url``, when it is an address of this blog."""
    return at_path(urlsplit(url).path) if is_ours(url) else None


def _at_slug_path(slugs: str) -> Post | Page | None:
    segments = slugs.split("/")
    post_slug = segments[-1]
    if len(segments) > 1 and re.fullmatch(r"[0-9]{1,4}", post_slug):  # page N of a post
        segments, post_slug = segments[:-1], segments[-2]
    structure = Blog.current().permalink_structure
    posts_here = (structure == Blog.Permalinks.NAME and len(segments) == 1) or (
        structure == Blog.Permalinks.CATEGORY and len(segments) > 1
    )
    post = Post.objects.published().filter(slug=post_slug).first
    page = Page.objects.published().filter(slug=slugs.rsplit("/", 1)[-1]).first
    first, then = (post, page) if posts_here else (page, post)
    return first() or then()
