"""A small per-process memory in front of the shared cache, for values that never change under
their key.

Some cached values are named by everything they depend on: the page cache's generation, a
version that moves on with every change. Such a value never goes stale under its key (a change
makes a new key), so once a process has read it from the shared cache (files or Redis: a read,
a decompression and an unpickling each time) it may keep its own copy. The copies are few and
bounded (least recently used first out), and live only as long as the process.

Only for keys that cannot come back with another value: never for a key that a change
overwrites in place.
"""

from collections import OrderedDict
from threading import Lock

from django.core.cache import cache


class ImmutableEntries:
    def __init__(self, max_entries: int = 256):
        self.max_entries = max_entries
        self._entries: OrderedDict[str, object] = OrderedDict()
        self._lock = Lock()

    def get(self, key: str):
        """The value under ``key``: this process's copy, else the shared cache's (kept)."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = cache.get(key)
        if value is not None:
            self._keep(key, value)
        return value

    def set(self, key: str, value, timeout: int) -> None:
        cache.set(key, value, timeout=timeout)
        self._keep(key, value)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _keep(self, key: str, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
