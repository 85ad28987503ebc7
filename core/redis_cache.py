"""Django's Redis cache, failing open: while Redis cannot be reached the site goes on without it.

Everything Broadsheet keeps in the cache can be done without (docs/security.md, "Redis away"):
kept pages and fragments are built again from the database, and the abuse limits let requests
through (comments are still judged by the moderation rules, and every limit counts again as soon
as Redis is back). Django's own backend would raise instead, and every page would be a 500.

While Redis is away, reads find nothing, writes are dropped, ``add`` says "not added" and
``incr`` counts as if from zero. After a failure the backend does not ask Redis again for
``RETRY_SECONDS``, so a Redis that hangs instead of refusing costs one socket timeout per process
every few seconds, not one per cache call. A warning is logged once per outage.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# Bounds on each call to Redis (unless the CACHES entry's OPTIONS say otherwise), in seconds.
SOCKET_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}


def _fails_open(fallback):
    """Run the Redis call, or answer ``fallback(*args, **kwargs)`` while Redis is away."""

    def decorator(method):
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            if self.is_away():
                return fallback(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except UNREACHABLE as error:
                self.went_away(error)
                return fallback(*args, **kwargs)
            self.came_back()
            return result

        return wrapped

    return decorator


def _nothing(*args, **kwargs):
    return None


def _default(key, default=None, version=None):
    return default


def _not_added(*args, **kwargs):
    return False


def _none_found(*args, **kwargs):
    return {}


def _none_failed(*args, **kwargs):
    return []


def _counted_from_zero(key, delta=1, version=None):
    return delta


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**SOCKET_TIMEOUTS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._away_until = 0.0
        self._away = False
        self._lock = threading.Lock()

    def is_away(self) -> bool:
        return time.monotonic() < self._away_until

    def went_away(self, error: Exception) -> None:
        with self._lock:
            self._away_until = time.monotonic() + RETRY_SECONDS
            if not self._away:
                self._away = True
                logger.warning("Redis is unreachable (%s): the site goes on without it.", error)

    def came_back(self) -> None:
        if self._away:
            with self._lock:
                if self._away:
                    self._away = False
                    logger.warning("Redis answers again: the cache is back.")

    add = _fails_open(_not_added)(RedisCache.add)
    get = _fails_open(_default)(RedisCache.get)
    set = _fails_open(_nothing)(RedisCache.set)
    touch = _fails_open(_not_added)(RedisCache.touch)
    delete = _fails_open(_not_added)(RedisCache.delete)
    get_many = _fails_open(_none_found)(RedisCache.get_many)
    has_key = _fails_open(_not_added)(RedisCache.has_key)
    incr = _fails_open(_counted_from_zero)(RedisCache.incr)
    set_many = _fails_open(_none_failed)(RedisCache.set_many)
    delete_many = _fails_open(_nothing)(RedisCache.delete_many)
    clear = _fails_open(_not_added)(RedisCache.clear)
