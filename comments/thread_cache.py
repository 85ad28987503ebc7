"""The rendered thread of a post, shared between readers who see nothing of their own.

The key names everything the HTML shows: the post (and when it last changed), the page of the
thread, whether comments are closed, the discussion settings (when they last changed), a version
that ``comments.signals`` moves on whenever a comment of the post changes, and a site-wide version
moved on when a user's name or picture changes. So a stale thread is never served: a change makes
a new key, and the old entry just expires.
"""

import time

from django.core.cache import cache

TIMEOUT = 24 * 3600
PREFIX = "comments:thread"


def _post_version_key(post_pk: int) -> str:
    return f"{PREFIX}:version:{post_pk}"


GLOBAL_VERSION_KEY = f"{PREFIX}:version:all"


def key(post, *, discussion, closed: bool, request) -> str:
    versions = cache.get_many([_post_version_key(post.pk), GLOBAL_VERSION_KEY])
    page = str(request.GET.get("cpage", "1"))[:12]
    return ":".join(
        [
            PREFIX,
            str(post.pk),
            str(versions.get(_post_version_key(post.pk), 0)),
            str(versions.get(GLOBAL_VERSION_KEY, 0)),
            str(post.updated_at.timestamp() if post.updated_at else 0),
            str(discussion.updated_at.timestamp() if discussion.updated_at else 0),
            str(int(closed)),
            page,
        ]
    )


def get(cache_key: str) -> dict | None:
    return cache.get(cache_key)


def put(cache_key: str, value: dict) -> None:
    cache.set(cache_key, value, timeout=TIMEOUT)


def forget_post(post_pk: int) -> None:
    cache.set(_post_version_key(post_pk), time.time_ns(), timeout=None)


def forget_all() -> None:
    cache.set(GLOBAL_VERSION_KEY, time.time_ns(), timeout=None)
