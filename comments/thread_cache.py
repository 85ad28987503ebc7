"""The rendered thread of a post, shared between readers who see nothing of their own.

The key names everything the HTML shows: the post (and when it last changed), the page of the
thread, whether comments are closed, the discussion settings (when they last changed), a version
that ``comments.signals`` moves on whenever a comment of the post changes, and a site-wide version
moved on when a user's name or picture changes. So a stale thread is never served: a change makes
a new key, and the old entry just expires.

Were a version lost (the shared cache emptied or culled, a restart of Redis), counting again
from nothing could name an old thread again; so a missing version is set anew to the clock, and
no earlier key can come back. That lets each process keep its own copies of the
threads it read (``core.localcache``).
"""

import time

from django.core.cache import cache

from core.localcache import ImmutableEntries

TIMEOUT = 24 * 3600
PREFIX = "comments:thread"


def _post_version_key(post_pk: int) -> str:
    return f"{PREFIX}:version:{post_pk}"


GLOBAL_VERSION_KEY = f"{PREFIX}:version:all"

_entries = ImmutableEntries(max_entries=256)


def key(post, *, discussion, closed: bool, page_number: int) -> str:
    """``page_number`` as ``requested_page()`` gives it: one key for each page that can be shown."""
    post_key = _post_version_key(post.pk)
    versions = cache.get_many([post_key, GLOBAL_VERSION_KEY])
    return ":".join(
        [
            PREFIX,
            str(post.pk),
            str(_version(versions, post_key)),
            str(_version(versions, GLOBAL_VERSION_KEY)),
            str(post.updated_at.timestamp() if post.updated_at else 0),
            str(discussion.updated_at.timestamp() if discussion.updated_at else 0),
            str(int(closed)),
            str(page_number),
        ]
    )


#: Asked-for page numbers beyond this (or below 1) show the last page, as Django's paginator does.
MAX_PAGE = 100_000
LAST_PAGE = -1


def requested_page(query) -> int:
    """The thread page asked for by ``?cpage=``: 1 when missing or not a number, LAST_PAGE when
    out of range. Both the key and the paginator use it, so what a reader types into the address
    can name only a bounded set of cache entries, each holding what its key says."""
    try:
        number = int(query.get("cpage", 1))
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= MAX_PAGE else LAST_PAGE


def _version(found: dict, version_key: str) -> int | None:
    version = found.get(version_key)
    if version is None:
        # A new start (see above); add() so that processes starting at once agree on one.
        cache.add(version_key, time.time_ns(), timeout=None)
        version = cache.get(version_key)
    return version


def get(cache_key: str) -> dict | None:
    return _entries.get(cache_key)


def put(cache_key: str, value: dict) -> None:
    _entries.set(cache_key, value, timeout=TIMEOUT)


def forget_post(post_pk: int) -> None:
    cache.set(_post_version_key(post_pk), time.time_ns(), timeout=None)


def forget_all() -> None:
    cache.set(GLOBAL_VERSION_KEY, time.time_ns(), timeout=None)
