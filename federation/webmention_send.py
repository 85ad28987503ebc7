"""Sending webmentions (W3C Recommendation, section 3.1): when a post is published or changed,
each outside link of its rendered body is told, if the linked page advertises an endpoint
(``federation.webmention_discovery``). Everything goes through the task queue and ``core.fetch``.

Each (post, link) is a ``SentWebmention`` row with the last result and the version of the post
it was sent for, so an unchanged post sends nothing twice; a link taken out of the post (or a
post no longer published) is sent once more, so the other side can see it gone. Only while
``Blog.federation_enabled``; pingbacks are never sent.
"""

import hashlib
import logging
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlencode, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from blog.models import Blog, Post
from core import fetch as network
from federation.models import SentWebmention
from federation.webmention_conf import app_settings
from federation.webmention_discovery import discover

logger = logging.getLogger(__name__)


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())


def outside_links(html: str) -> list[str]:
    """The absolute http(s) links of a rendered body that leave this site, in order, once each
    (without their fragment)."""
    parser = _Anchors()
    parser.feed(html or "")
    parser.close()
    ours = urlsplit(settings.SITE_URL).netloc.lower()
    links: list[str] = []
    for href in parser.hrefs:
        url = urldefrag(href)[0]
        try:
            parts = urlsplit(url)
        except ValueError:
            continue
        outside = parts.scheme.lower() in {"http", "https"} and parts.netloc.lower() not in {
            "",
            ours,
        }
        if outside and url not in links and len(url) <= 2000:
            links.append(url)
    return links


def post_version(post: Post) -> str:
    return hashlib.sha256(f"{post.title}\n{post.body_html}".encode()).hexdigest()


def source_url(post: Post) -> str:
    return settings.SITE_URL + post.get_absolute_url()


def _is_public(post: Post) -> bool:
    return Post.objects.published().filter(pk=post.pk).exists()


@transaction.atomic
def links_due(*, post: Post) -> list[int]:
    """Record the post's outside links and return the rows to send now: links new or changed
    since they were last sent, and links taken out (once)."""
    public = _is_public(post)
    version = post_version(post)
    current = outside_links(post.body_html) if public else []
    rows = {row.target: row for row in SentWebmention.objects.select_for_update().filter(post=post)}
    due = []
    for target in current:
        row = rows.get(target) or SentWebmention.objects.create(post=post, target=target)
        if not row.linked or row.post_version != version:
            row.linked = True
            row.save(update_fields=["linked"])
            due.append(row.pk)
    for target, row in rows.items():
        if target not in current and row.linked:
            row.linked = False
            row.save(update_fields=["linked"])
            due.append(row.pk)
    return due


def send(*, row_id: int) -> str:
    """Discover the link's endpoint and send it the webmention; record what happened."""
    row = SentWebmention.objects.select_related("post").filter(pk=row_id).first()
    if row is None or not Blog.current().federation_enabled:
        return "skipped"
    version = post_version(row.post)
    if row.linked and row.post_version == version and row.result:
        return "unchanged"
    result, status, endpoint, detail = _deliver(source_url(row.post), row.target)
    row.result, row.response_status, row.endpoint = result, status, endpoint
    row.detail = detail[:300]
    row.post_version = version if row.linked else ""
    row.sent_at = timezone.now()
    row.save(update_fields=["result", "response_status", "endpoint", "detail", "post_version",
                            "sent_at"])  # fmt: skip
    return result


def _deliver(source: str, target: str) -> tuple[str, int | None, str, str]:
    try:
        page = network.fetch(
            target,
            headers={"Accept": "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"},
            max_bytes=app_settings.WEBMENTION_MAX_BYTES,
            timeout=app_settings.WEBMENTION_TIMEOUT,
            max_redirects=app_settings.WEBMENTION_MAX_REDIRECTS,
        )
    except network.FetchError as error:
        return SentWebmention.Result.FAILED, None, "", error.reason
    endpoint = discover(page)
    if endpoint is None:
        return SentWebmention.Result.NO_ENDPOINT, page.status, "", ""
    try:
        answer = network.fetch(
            endpoint,
            method="POST",
            body=urlencode({"source": source, "target": target}).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            max_bytes=64 * 1024,
            timeout=app_settings.WEBMENTION_TIMEOUT,
            max_redirects=0,
        )
    except network.FetchError as error:
        return SentWebmention.Result.FAILED, None, endpoint, error.reason
    if 200 <= answer.status < 300:
        return SentWebmention.Result.SENT, answer.status, endpoint, ""
    return SentWebmention.Result.REJECTED, answer.status, endpoint, answer.text[:300]
