"""core.sessions: Django's database sessions without the "is this key taken?" query."""

import pytest
from django.contrib.sessions.models import Session

from core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_new_session_is_stored_with_one_insert_and_no_select():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    store = SessionStore()
    store["comments:own"] = [1]
    with CaptureQueriesContext(connection) as captured:
        store.save()
    statements = [query["sql"].split()[0] for query in captured]
    assert statements.count("INSERT") == 1 and "SELECT" not in statements
    assert SessionStore(session_key=store.session_key)["comments:own"] == [1]


def test_a_key_that_is_taken_makes_create_draw_another(monkeypatch):
    taken = SessionStore()
    taken.create()
    drawn = iter([taken.session_key, "z" * 32])
    store = SessionStore()
    monkeypatch.setattr(store, "_get_new_session_key", lambda: next(drawn))
    store["comments:own"] = [2]
    store.save()
    assert store.session_key == "z" * 32
    assert Session.objects.count() == 2
    assert SessionStore(session_key=taken.session_key).load() == {}
