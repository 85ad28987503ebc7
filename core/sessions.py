"""Sessions in the database, as Django keeps them, less one query for each new session and
without waiting for the disk on PostgreSQL.

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
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import router
from django.utils.crypto import get_random_string

from core.db import commit_without_waiting


class SessionStore(DatabaseSessionStore):
    def _get_new_session_key(self) -> str:
        # 32 characters of 36: a clash is as good as impossible, and create() survives one.
        return get_random_string(32, VALID_KEY_CHARS)

    def save(self, must_create: bool = False) -> None:
        with commit_without_waiting(using=router.db_for_write(self.model)):
            super().save(must_create=must_create)
