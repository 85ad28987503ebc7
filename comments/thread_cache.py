"""The rendered thread of a post, shared between readers who see nothing of their own.

The key names everything the HTML shows: the post (and when it last changed), the page of the
thread, whether comments are closed, the discussion settings (when they last changed), a version
that ``comments.signals`` moves on whenever a comment of the post changes, and a site-wide version
moved on when a user's name or picture changes. So a stale thread is never served: a change makes
a new key, and the old entry just expires.

Were a version lost (the shared cache emptied or culled, a restart of Redis), counting again
from nothing could name an old thread again; so a missing version is set anew to the clock, and
no earlier key can come back. That lets each process keep its own copies of the
threads it read (``config.localcache``).
"""

import time

from django.core.cache import cache

from config.localcache import ImmutableEntries

TIMEOUT = 24 * 3600
PREFIX = "comments:thread"


def _post_version_key(post_pk: int) -> str:
    return f"{PREFIX}:version:{post_pk}"


GLOBAL_VERSION_KEY = f"{PREFIX}:version:all"

_entries = ImmutableEntries(max_entries=256)


def key(post, *, discussion, closed: bool, request) -> str:
    post_key = _post_version_key(post.pk)
    versions = cache.get_many([post_key, GLOBAL_VERSION_KEY])
    page = str(request.GET.get("cpage", "1"))[:12]
    return ":".join(
        [
            PREFIX,
            str(post.pk),
            str(_version(versions, post_key)),
            str(_version(versions, GLOBAL_VERSION_KEY)),
            str(post.updated_at.timestamp() if post.updated_at else 0),
            str(discussion.updated_at.timestamp() if discussion.updated_at else 0),
            str(int(closed)),
            page,
        ]
    )


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
