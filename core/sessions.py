"""Sessions in the database, as Django keeps them, less one query for each new session.

Django asks the database whether a freshly drawn key is taken before it inserts the session,
yet the insert itself is made with ``must_create`` and a clash there makes ``create()`` draw
again (``CreateError``). The question is therefore redundant: it cost a round trip on every
first comment from a new reader (the session remembers their pending comment).
``SESSION_ENGINE = "core.sessions"``.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils.crypto import get_random_string


class SessionStore(DatabaseSessionStore):
    def _get_new_session_key(self) -> str:
        # 32 characters of 36: a clash is as good as impossible, and create() survives one.
        return get_random_string(32, VALID_KEY_CHARS)
