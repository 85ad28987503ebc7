"""What search engines, feed readers and social networks are told about a page."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from blog.models import Blog, Post

# Characters that could end a <script> element or start HTML inside it, written as JSON escapes.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(url: str) -> str:
    """``url`` with the site's public address in front, unless it already has one."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return f"{settings.SITE_URL.split('//', 1)[0]}{url}"
    return f"{settings.SITE_URL}{url}"


def post_image_url(post: Post) -> str:
    """The absolute address of the picture shared with a post, or "" when it has none."""
    image = post.featured_image
    if image is None or not image.file:
        return ""
    return absolute_url(image.og_image_url())


def post_json_ld(post: Post, *, blog_name: str = "") -> dict:
    """A schema.org ``BlogPosting`` describing ``post``."""
    url = absolute_url(post.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title[:110],
        "description": post.summary,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": post.published_at,
        "dateModified": post.updated_at,
        "author": {
            "@type": "Person",
            "name": post.author.get_display_name(),
            "url": absolute_url(reverse("blog:author", args=[post.author.get_username()])),
        },
        "publisher": {
            "@type": "Organization",
            "name": blog_name or Blog.load().name,
            "url": absolute_url(reverse("blog:home")),
        },
    }
    image = post_image_url(post)
    if image:
        data["image"] = image
    keywords = [tag.name for tag in post.tags.all()]
    if keywords:
        data["keywords"] = keywords
    sections = [category.name for category in post.categories.all()]
    if sections:
        data["articleSection"] = sections
    return data


def json_ld_script(data: dict) -> SafeString:
    """``data`` as a JSON-LD element; nothing in it can close the element or run as a script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
