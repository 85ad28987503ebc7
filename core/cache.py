"""One way to cache: everything kept for readers is named by the site's generation.

The generation is a random token in the shared cache (Redis, or files on one machine). Each kept
thing is stored under a key that includes it: whole pages and their files for nginx
(``blog.pagecache``), a post's article, a post's comment thread, the lists of posts, the
sidebar, the navigation, the discussion settings, the comment form's fields. A change to
anything a reader may see starts a new generation with ``bump()``, called where the change
happens: the receivers beside each model (``blog.signals``, ``comments.signals``,
``accounts.signals``). Old entries are never read again and simply expire, so nothing stale is
served and there is nothing to find and delete. (One site-wide generation, not one per post:
every page shows the newest comments and posts in its sidebar, so any visible change reaches
every page anyway.)

A generation also ends by itself when content changes with the clock (a scheduled post goes
live): the apps tell when with ``@changes_at``; the first request after that moment starts a new
generation (``purge_page_cache --if-due`` does it for the nginx files, from cron).

A key never comes back with other contents, so each process keeps its own copies of the entries
it read (a few hundred, least recently used first out), and a request reads the generation from
the shared cache once.
"""

import contextlib
import contextvars
import hashlib
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction
from django.utils import timezone

STATE_KEY = "cache:generation"
#: The next moment content changes by itself, as worked out in a generation ({token, at}).
NEXT_KEY = "cache:next-change"
#: An upper bound on an entry's life (they are never stale; this bounds the cache's size).
TIMEOUT = 24 * 60 * 60
MAX_LOCAL_ENTRIES = 512

_clocks: list[Callable[[], datetime | None]] = []
_bumped: list[Callable[[], None]] = []


def changes_at(func: Callable[[], datetime | None]):
    """Register a function telling when kept content next changes by itself (or None)."""
    _clocks.append(func)
    return func


def on_bump(func: Callable[[], None]):
    """Register a function run with every new generation (the page files are removed so)."""
    _bumped.append(func)
    return func


# --- The generation ---------------------------------------------------------------------------
#: Within a request, the generation read at its start ({} outside one: read each time).
_request: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "cache_request", default=None
)
_deferred: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "cache_deferred", default=None
)


def _start_request(**kwargs) -> None:
    _request.set({})


def _end_request(**kwargs) -> None:
    _request.set(None)


request_started.connect(_start_request, dispatch_uid="core.cache.start")
request_finished.connect(_end_request, dispatch_uid="core.cache.end")


def _next_change() -> datetime | None:
    moments = [at for clock in _clocks if (at := clock()) is not None]
    return min(moments, default=None)


def _new_generation() -> str:
    token = uuid.uuid4().hex
    cache.set(STATE_KEY, token, timeout=None)
    if (memo := _request.get()) is not None:
        memo["token"] = token
    for func in _bumped:
        func()
    return token


def generation() -> str:
    """The current generation, starting a new one when a timed change has come."""
    memo = _request.get()
    if memo and "token" in memo:
        return memo["token"]
    found = cache.get_many([STATE_KEY, NEXT_KEY])
    token = found.get(STATE_KEY) or _new_generation()  # emptied: the files may be older
    upcoming = found.get(NEXT_KEY)
    if upcoming is None or upcoming["token"] != token:  # worked out once per generation
        upcoming = {"token": token, "at": _next_change()}
        cache.set(NEXT_KEY, upcoming, timeout=None)
    if upcoming["at"] is not None and upcoming["at"] <= timezone.now():
        token = _new_generation()
        cache.set(NEXT_KEY, {"token": token, "at": _next_change()}, timeout=None)
    if memo is not None:
        memo["token"] = token
    return token


def for_this_request(name: str, load: Callable[[], object]):
    """``load()`` once per request: a row many parts of one page ask for (the blog's identity)
    is read from the shared cache once, not once per asker. Outside a request: each time."""
    memo = _request.get()
    if memo is None:
        return load()
    if name not in memo:
        memo[name] = load()
    return memo[name]


def forget_for_this_request(name: str) -> None:
    """The request that changed the row sees the change (see ``for_this_request``)."""
    if (memo := _request.get()) is not None:
        memo.pop(name, None)


def is_current(token: str) -> bool:
    """Whether ``token`` is still the generation in the shared cache (asked afresh)."""
    return cache.get(STATE_KEY) == token


def bump_if_due() -> bool:
    """Start a new generation if a timed change has come. True when it did."""
    _request.set(None)
    before = cache.get(STATE_KEY)
    return generation() != before


def bump() -> None:
    """Readers may see something new: forget everything kept, now and again on commit.

    The second bump closes the window in which a request could keep the old rows between the
    first and the commit. Inside ``bumps_deferred()`` it only notes that a bump is due.
    """
    if (deferred := _deferred.get()) is not None:
        deferred["due"] = True
        return
    _new_generation()
    if connection.in_atomic_block:
        transaction.on_commit(_new_generation)


@contextlib.contextmanager
def bumps_deferred():
    """One bump at the end of the block for all the changes made inside it (bulk writes such as
    the WordPress import). Put it around the transaction; nested blocks bump at the outermost
    one's end, even when it fails (what was changed before the failure may be committed)."""
    if _deferred.get() is not None:
        yield
        return
    deferred = {"due": False}
    token = _deferred.set(deferred)
    try:
        yield
    finally:
        _deferred.reset(token)
        if deferred["due"]:
            bump()


# --- Kept things ------------------------------------------------------------------------------
class _LocalCopies:
    """This process's copies of entries read from the shared cache (bounded, LRU)."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._entries: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def keep(self, key: str, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


local_copies = _LocalCopies(MAX_LOCAL_ENTRIES)


def key(name: str, *parts) -> str:
    """The key of ``name`` (with ``parts``, e.g. an address) in the current generation."""
    # Hashed: an address may be long or hold characters some cache backends refuse in keys.
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]
    return f"kept:{name}:{generation()}:{digest}"


def get(cache_key: str):
    """The value kept under ``cache_key``, or None."""
    value = local_copies.get(cache_key)
    if value is None:
        value = cache.get(cache_key)
        if value is not None:
            local_copies.keep(cache_key, value)
    return value


def put(cache_key: str, value) -> None:
    cache.set(cache_key, value, timeout=TIMEOUT)
    local_copies.keep(cache_key, value)


def kept(name: str, build: Callable[[], object], *parts):
    """The value of ``build()`` in this generation: built once, then kept."""
    cache_key = key(name, *parts)
    value = get(cache_key)
    if value is None:
        value = build()
        put(cache_key, value)
    return value
