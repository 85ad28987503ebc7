"""Receiving webmentions (W3C Recommendation, section 3.2).

``POST /webmention/`` with ``source`` and ``target`` (form-encoded): the request is checked at
once (400 for a bad one: a missing or non-http(s) URL, source == target, a target that is not a
published post or page of this blog; 429 when the source's host sent too many) and answered 202; the
source is fetched and verified later in the task queue (``federation.tasks``), within the network
rules of ``core.fetch``. What it says then goes through comments' services:

- a reply (``in-reply-to`` the post or page) becomes a comment of the kind "webmention", moderated;
- a like or a repost of a post becomes a Reaction; a page that only links is a mention (Reaction
  too). Of a page, neither is counted: a Reaction belongs to a post (``Reaction.post``), and a
  page shows no "Mentions elsewhere" (``comments.threads.fetch_reactions``);
- a source that answers 410, or no longer links to the post, takes back what it had made;
  another failure (a 5xx, a timeout, a refused address) changes nothing.

While ``Blog.federation_enabled`` is off the endpoint answers 404 and nothing advertises it.
"""

import json
import logging
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from blog.models import Blog, Page, Post
from comments import services
from comments.models import Comment, DiscussionSettings, Reaction
from core import fetch as network
from core.ratelimit import hit, parse_rate
from federation import targets
from federation.blocklist import is_blocked
from federation.webmention_conf import app_settings
from federation.webmention_hentry import LIKE, MENTION, REPLY, REPOST, read_entry, same_url

logger = logging.getLogger(__name__)

HTML_TYPES = {"text/html", "application/xhtml+xml"}
ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1"


def enabled() -> bool:
    return Blog.current().federation_enabled


def endpoint_url() -> str:
    return settings.SITE_URL + reverse("federation:webmention")


# --- Advertising the endpoint: a Link header and <link rel="webmention"> on posts and pages ----
def advertises(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(
        match is not None
        and match.namespace == "blog"
        and match.url_name in targets.NAMES
        and enabled()
    )


class WebmentionLinkMiddleware:
    """Adds ``Link: <endpoint>; rel="webmention"`` to a post's or a page's answer (the page cache
    keeps the header with the page; deploy/nginx.conf sends it with the page's file)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if response.status_code == 200 and content_type == "text/html" and advertises(request):
            link = f'<{endpoint_url()}>; rel="webmention"'
            response["Link"] = f"{response['Link']}, {link}" if "Link" in response else link
        return response


# --- The endpoint ----------------------------------------------------------------------------
class BadRequest(Exception):
    pass


def _plain(status: int, text: str, **headers) -> HttpResponse:
    response = HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")
    for name, value in headers.items():
        response[name] = value
    return response


def _http_url(value: str, name: str) -> str:
    value = (value or "").strip()
    if not value:
        raise BadRequest(f"The {name} parameter is missing.")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (a port that is not a number is refused here, not later)
    except ValueError:
        raise BadRequest(f"The {name} is not a URL.") from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise BadRequest(f"The {name} must be an http or https URL.")
    if len(value) > 2000:
        raise BadRequest(f"The {name} is longer than 2000 characters.")
    return value


@csrf_exempt  # other sites post here: that is the point
def endpoint(request):
    if not enabled():  # off: the endpoint is not there, whatever the method
        raise Http404("Webmentions are not accepted here.")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        source = _http_url(request.POST.get("source", ""), "source")
        target = _http_url(request.POST.get("target", ""), "target")
        if same_url(source, target):
            raise BadRequest("The source and the target are the same URL.")
        found = targets.at_url(target)
        if found is None:
            raise BadRequest("The target is not a post or page of this blog.")
    except BadRequest as error:
        return _plain(400, str(error))
    if is_blocked(source):  # the Fediverse blocklist covers sites too: accepted, never read
        return _plain(202, "Accepted.")
    host = (urlsplit(source).hostname or "").lower()
    if wait := _source_limited(host):
        return _plain(429, f"Too many webmentions from {host}; try later.", **{"Retry-After": wait})
    from federation.tasks import verify_webmention  # tasks imports this module

    try:
        which = {"page_id" if isinstance(found, Page) else "post_id": found.pk}
        verify_webmention.enqueue(source=source, target=target, **which)
    except Exception:  # the queue is down: the sender may try again (3.1.4 lets it)
        logger.exception("Could not enqueue the webmention from %s.", source)
        return _plain(503, "Webmentions cannot be taken now; try later.", **{"Retry-After": 300})
    return _plain(202, "Accepted: the source will be checked, and a reply shown once approved.")


def _source_limited(host: str) -> int:
    """Seconds the source's host must wait (0: go on), counted per host (core.ratelimit)."""
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return 0
    limit, period = parse_rate(app_settings.WEBMENTION_SOURCE_RATE)
    return hit("webmention-source", host, limit=limit, period=period)


# --- Verification (run by federation.tasks.verify_webmention) ----------------------------------
class _Links(HTMLParser):
    """Every address an HTML page links to or embeds (href, src, cite, data), resolved."""

    ATTRIBUTES = {"href", "src", "cite", "data", "poster"}

    def __init__(self, base: str):
        super().__init__(convert_charrefs=True)
        self.base, self.urls = base, []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.urls.append(urljoin(self.base, value.strip()))

    handle_startendtag = handle_starttag


def links_to(page: network.Fetched, target: str) -> bool:
    """Does the fetched source link to the target? HTML: an element's href/src (and the like)
    is the target; JSON: a string value is; other text: it contains the target."""
    if page.content_type in HTML_TYPES:
        parser = _Links(page.url)
        parser.feed(page.text)
        parser.close()
        return any(same_url(url, target) for url in parser.urls)
    if page.content_type == "application/json" or page.content_type.endswith("+json"):
        try:
            return _json_has(json.loads(page.text), target)
        except ValueError:
            return False
    if page.content_type.startswith("text/"):
        return target in page.text
    return False


def _json_has(value, target: str) -> bool:
    if isinstance(value, str):
        return same_url(value, target)
    if isinstance(value, dict):
        return any(_json_has(item, target) for item in value.values())
    if isinstance(value, list):
        return any(_json_has(item, target) for item in value)
    return False


def _fetch(url: str, *, max_bytes: int, accept: str = ACCEPT) -> network.Fetched:
    return network.fetch(
        url,
        headers={"Accept": accept},
        max_bytes=max_bytes,
        timeout=app_settings.WEBMENTION_TIMEOUT,
        max_redirects=app_settings.WEBMENTION_MAX_REDIRECTS,
    )


def _forget(*, source: str, post: Post | Page) -> int:
    removed = services.remote_comment_remove(remote_id=source, post=post)
    if isinstance(post, Post):
        removed += services.reaction_remove(remote_id=source, post=post)
    return removed


def _photo(url: str, *, known: bool) -> bytes | None:
    """The author's picture, fetched once (not again when a copy is kept already)."""
    if known or not url:
        return None
    try:
        picture = _fetch(url, max_bytes=app_settings.WEBMENTION_PHOTO_MAX_BYTES, accept="image/*")
    except network.FetchError as error:
        logger.info("No photo from %s: %s", url, error.reason)
        return None
    return picture.body if picture.status == 200 else None


def _target(*, post_id: int | None, page_id: int | None) -> Post | Page | None:
    if page_id is not None:
        return Page.objects.published().filter(pk=page_id).first()
    return Post.objects.published().filter(pk=post_id).first()


def verify(
    *, source: str, target: str, post_id: int | None = None, page_id: int | None = None
) -> str:
    """Fetch the source and act on what it says now; returns what happened, in a word.
    ``post_id`` or ``page_id`` names what ``target`` is (both looked up again: it may be gone)."""
    post = _target(post_id=post_id, page_id=page_id)
    if post is None or not enabled():
        return "ignored"
    try:
        page = _fetch(source, max_bytes=app_settings.WEBMENTION_MAX_BYTES)
    except network.FetchError as error:
        logger.info("Webmention from %s not verified: %s", source, error.reason)
        return "refused" if isinstance(error, network.FetchRefused) else "failed"
    if page.status == 410:
        return "deleted" if _forget(source=source, post=post) else "gone"
    if not 200 <= page.status < 300:
        logger.info("Webmention from %s not verified: it answered %s", source, page.status)
        return "failed"
    if not links_to(page, target):
        return "deleted" if _forget(source=source, post=post) else "no-link"
    entry = (
        read_entry(page.text, url=page.url, target=target)
        if page.content_type in HTML_TYPES
        else None
    )
    kind = entry.kind if entry else MENTION
    author_url = (entry.author_url if entry else "") or _origin(page.url)
    author_name = (entry.author_name if entry else "") or urlsplit(page.url).hostname or ""
    photo_url = entry.author_photo_url if entry else ""
    if kind == REPLY and DiscussionSettings.load().closes_comments_on(post):
        logger.info("Webmention reply from %s: comments on %s are closed.", source, post)
        return "closed"
    if kind == REPLY:
        if isinstance(post, Post):  # a like turned into a reply: no longer counted
            services.reaction_remove(remote_id=source, post=post)
        known = Comment.objects.for_post(post).filter(remote_id=source).exclude(author_photo="")
        services.remote_comment_save(
            post=post,
            kind=Comment.Kind.WEBMENTION,
            remote_id=source,
            author_name=author_name,
            author_url=author_url,
            author_photo=_photo(photo_url, known=known.exists()),
            body_html=entry.content_html,
            published_at=entry.published,
        )
        return "reply"
    services.remote_comment_remove(remote_id=source, post=post)
    if isinstance(post, Page):  # see the module's docstring: a page counts no reactions
        logger.info("Webmention %s of page %s: not counted (pages show replies only).", kind, post)
        return "not-counted"
    known = Reaction.objects.filter(post=post, remote_id=source).exclude(author_photo="")
    services.reaction_save(
        post=post,
        kind={LIKE: Reaction.Kind.LIKE, REPOST: Reaction.Kind.REPOST}.get(
            kind, Reaction.Kind.MENTION
        ),
        origin=Reaction.Origin.WEBMENTION,
        remote_id=source,
        author_name=author_name,
        author_url=author_url,
        author_photo=_photo(photo_url, known=known.exists()) if kind != MENTION else None,
    )
    return kind


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"
