import pytest
from django.contrib.sessions.models import Session
from django.db import connection, transaction

from core.db import commit_without_waiting
from core.sessions import SessionStore

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite commits never wait for the disk here"
)


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_block_commits_without_waiting_and_the_next_transaction_waits_again():
    with commit_without_waiting():
        assert connection.in_atomic_block
        assert synchronous_commit() == "off"
    assert not connection.in_atomic_block
    assert synchronous_commit() == "on"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_inside_another_transaction_the_block_commits_on_that_ones_terms():
    with transaction.atomic(), commit_without_waiting():
        assert synchronous_commit() == "on"


@pytest.mark.django_db(transaction=True)
def test_a_new_session_is_stored_and_read_back():
    session = SessionStore()
    session["comments:own"] = [7]
    session.save()

    assert Session.objects.filter(session_key=session.session_key).exists()
    assert SessionStore(session.session_key)["comments:own"] == [7]
