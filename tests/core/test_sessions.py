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


def test_a_signed_in_reader_s_page_view_reads_the_session_from_the_cache(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import PostFactory, UserFactory

    post = PostFactory()
    client.force_login(UserFactory(username="reader"))
    client.get(post.get_absolute_url())
    with CaptureQueriesContext(connection) as captured:
        response = client.get(post.get_absolute_url())
    assert response.status_code == 200 and "Log Out" in response.content.decode()
    assert not [q["sql"] for q in captured if "django_session" in q["sql"]]


def test_a_session_outlives_the_cache_and_dies_with_its_row():
    from django.core.cache import cache

    store = SessionStore()
    store["comments:own"] = [3]
    store.save()
    cache.clear()  # the cache lost it (emptied, culled, Redis restarted): the row is asked
    assert SessionStore(session_key=store.session_key)["comments:own"] == [3]
    SessionStore(session_key=store.session_key).delete()  # logging out
    assert SessionStore(session_key=store.session_key).load() == {}
    assert not Session.objects.filter(session_key=store.session_key).exists()
