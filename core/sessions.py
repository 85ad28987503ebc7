"""Sessions kept in the database and read from the cache, as Django's ``cached_db`` backend does,
less one query for each new session and without waiting for the disk on PostgreSQL.

Read from the cache: a signed-in reader's every page view used to ask the database for the
session row before the user row; now the session comes from the default cache (the file cache,
or Redis when REDIS_URL is set) and the database is asked only when the cache has lost it. Every
write still goes to the database first, so a session survives the cache being emptied, and a
logout deletes both. (With several app servers, the cache must be the shared one: REDIS_URL.)

Django asks the database whether a freshly drawn key is taken before it inserts the session,
yet the insert itself is made with ``must_create`` and a clash there makes ``create()`` draw
again (``CreateError``). The question is therefore redundant: it cost a round trip on every
first comment from a new reader (the session remembers their pending comment).
``SESSION_ENGINE = "core.sessions"``.

A session is saved in a transaction whose commit does not wait for the disk (``core.db``): a
reader's first comment saved one flush that way (a crash of the machine at that moment makes
them a visitor again, nothing worse).
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseSessionStore
from django.db import router
from django.utils.crypto import get_random_string

from core.db import commit_without_waiting


class SessionStore(CachedDatabaseSessionStore):
    def _get_new_session_key(self) -> str:
        # 32 characters of 36: a clash is as good as impossible, and create() survives one.
        return get_random_string(32, VALID_KEY_CHARS)

    def save(self, must_create: bool = False) -> None:
        with commit_without_waiting(using=router.db_for_write(self.model)):
            super().save(must_create=must_create)
