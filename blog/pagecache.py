"""The page cache: whole pages kept for anonymous readers, purged the moment anything changes.

A reader without a session (no session cookie, no flash-message cookie, no ``Authorization``)
who asks for a public page (GET/HEAD) gets the page from the cache when it is there; on a miss the
page is rendered as usual and kept if it is safe to share: a 200 that sets no cookie, is not
marked ``private``/``no-store``/``no-cache``, and is not under an excluded prefix (the admin,
accounts, moderation, previews). Readers with a session always get their own fresh page.

Entries live in the default cache (Redis when ``REDIS_URL`` is set, so every app server shares
them) and, when ``PAGE_CACHE_DIR`` is set, also as ``<dir>/<path>/index.html`` files that nginx
serves with ``try_files`` before Python is reached (see ``deploy/nginx.conf``).

Every entry records the generation it was made in (``core.cache``: the one invalidation
scheme) and is valid only while that generation is current; each new generation empties the file
tree. When nginx answers every request from the files, ``purge_page_cache --if-due`` (every
minute from cron or a systemd timer) starts the generation that a scheduled post's time brings.
"""

import contextlib
import hashlib
import logging
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from blog import protection
from core import cache as kept

logger = logging.getLogger(__name__)

PAGE_KEY_PREFIX = "pagecache:page:"
#: Paths never cached, whatever the response says (personal or staff-only pages).
DEFAULT_EXCLUDED_PREFIXES = ("/admin/", "/account/", "/accounts/", "/moderation/", "/preview/")
#: Query parameters that may appear in a cached address (anything else bypasses the cache, so
#: random query strings cannot fill it).
DEFAULT_QUERY_PARAMS = ("page",)
#: Response headers kept with a page (the rest are per-response or recomputed).
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "Cross-Origin-Opener-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Link",
    "Vary",
)
HIT_HEADER = "X-Page-Cache"


# --- Settings (read on each use, so tests can override them) --------------------------------
def is_enabled() -> bool:
    return getattr(settings, "PAGE_CACHE", True)


def cache_dir() -> Path | None:
    value = getattr(settings, "PAGE_CACHE_DIR", "")
    return Path(value) if value else None


def timeout() -> int:
    """Seconds an entry may live at most; invalidation is by generation, this bounds memory."""
    return getattr(settings, "PAGE_CACHE_TIMEOUT", kept.TIMEOUT)


def excluded_prefixes() -> tuple[str, ...]:
    return tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", DEFAULT_EXCLUDED_PREFIXES))


# --- Which requests and responses take part ---------------------------------------------------
def _cache_key(request) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}"
    return PAGE_KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def request_is_anonymous(request) -> bool:
    """No cookie or header that could make this reader's page different from anyone else's."""
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies:
        return False
    if "messages" in cookies:  # django.contrib.messages' CookieStorage
        return False
    if protection.has_unlock_cookie(cookies):  # a password-protected post this reader unlocked
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def request_is_cacheable(request) -> bool:
    if not is_enabled() or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(excluded_prefixes()):
        return False
    allowed = set(getattr(settings, "PAGE_CACHE_QUERY_PARAMS", DEFAULT_QUERY_PARAMS))
    if not set(request.GET).issubset(allowed):
        return False
    return request_is_anonymous(request)


def response_is_cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page set a cookie (a session, a CSRF token, a message): personal
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


# --- The middleware ---------------------------------------------------------------------------
class PageCacheMiddleware:
    """Serve and keep whole pages for anonymous readers. Place it before SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_cacheable(request):
            return self.get_response(request)
        key = _cache_key(request)
        generation = kept.generation()
        entry = cache.get(key)
        if entry is not None and entry["generation"] == generation:
            return self._from_entry(request, entry)

        response = self.get_response(request)
        if request.method == "GET" and response_is_cacheable(request, response):
            entry = self._store(request, key, generation, response)
            response[HIT_HEADER] = "miss"
            return get_conditional_response(
                request,
                etag=entry["etag"],
                last_modified=entry["last_modified"],
                response=response,
            )
        return response

    def _store(self, request, key: str, generation: str, response) -> dict:
        content = response.content
        etag = (
            response.get("ETag") or f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
        )
        last_modified = int(time.time())
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        # Browsers and proxies may keep the page but must ask again (a 304 when unchanged).
        patch_cache_control(response, max_age=0, must_revalidate=True)
        entry = {
            "generation": generation,
            "content": content,
            "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
            "etag": etag,
            "last_modified": last_modified,
        }
        cache.set(key, entry, timeout=timeout())
        # Files are served by nginx as text/html (index.html), so only HTML pages become files;
        # feeds and other types stay in the cache, served by Django with their own type.
        is_html = response.get("Content-Type", "").startswith("text/html")
        if cache_dir() is not None and not request.GET and is_html:
            _write_file(request.path, content, generation, link=response.get("Link", ""))
        return entry

    def _from_entry(self, request, entry: dict):
        response = HttpResponse(b"" if request.method == "HEAD" else entry["content"])
        for name, value in entry["headers"].items():
            response[name] = value
        response["Content-Length"] = str(len(entry["content"]))
        response["ETag"] = entry["etag"]
        response["Last-Modified"] = http_date(entry["last_modified"])
        response[HIT_HEADER] = "hit"
        patch_cache_control(response, max_age=0, must_revalidate=True)
        return get_conditional_response(
            request,
            etag=entry["etag"],
            last_modified=entry["last_modified"],
            response=response,
        )


# --- Files for nginx --------------------------------------------------------------------------
def file_for_path(path: str) -> Path | None:
    """Where the page at ``path`` is written, or None when it must not be a file."""
    root = cache_dir()
    if root is None or not path.startswith("/") or not path.endswith("/"):
        return None
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") or "\x00" in part or "\\" in part for part in parts):
        return None
    return root.joinpath(*parts, "index.html")


#: Beside a page's file when its answer had the header ``Link: <…>; rel="webmention"`` (a post
#: or page while federation is on): nginx cannot read headers from a file, so it looks for this
#: and sends the same header with the file (deploy/nginx.conf).
WEBMENTION_MARKER = ".webmention"


def _write_file(path: str, content: bytes, generation: str, *, link: str = "") -> None:
    target = file_for_path(path)
    if target is None:
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if 'rel="webmention"' in link:  # first, so the page is never served without it
            target.with_name(WEBMENTION_MARKER).touch(mode=0o644)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        # A purge may have happened while this page was rendered: do not resurrect old content.
        if not kept.is_current(generation):
            os.unlink(temporary)
            return
        os.replace(temporary, target)
    except OSError:
        logger.warning("Could not write the cached page for %s", path, exc_info=True)


@kept.on_bump
def _remove_files() -> None:
    root = cache_dir()
    if root is None or not root.exists():
        return
    # Move the tree aside first (atomic), so nginx never serves a half-deleted tree.
    trash = root.with_name(f".{root.name}-purged-{uuid.uuid4().hex}")
    try:
        root.rename(trash)
    except OSError:
        return
    with contextlib.suppress(OSError):
        root.mkdir(exist_ok=True)
    shutil.rmtree(trash, ignore_errors=True)
