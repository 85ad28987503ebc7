"""A comment form sent twice (a retry after a lost answer, a double click, a reload) stores one
comment: the second copy is sent where the first went, even when both arrive at once."""

import threading

import pytest
from django.db import connection
from django.test import Client

from comments import services
from comments.forms import CommentForm
from comments.models import Comment
from tests.comments.conftest import form_timestamp
from tests.factories import PostFactory

ORIGIN = {"origin": "http://testserver"}


@pytest.fixture
def no_flood_control(settings):
    settings.RATELIMIT_ENABLED = False


def test_the_same_form_sent_twice_stores_one_comment_and_answers_alike(
    db, client, post, comment_data, create_url
):
    data = comment_data()
    first = client.post(create_url, data, headers=ORIGIN)
    again = client.post(create_url, data, headers=ORIGIN)
    assert first.status_code == again.status_code == 302
    assert again.url == first.url
    assert Comment.objects.count() == 1
    assert first.url.endswith(f"#comment-{Comment.objects.get().pk}")


def test_a_retry_is_not_held_back_by_flood_control(db, post, comment_data, create_url, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    data = comment_data()
    client = Client()
    assert client.post(create_url, data).status_code == 302
    assert client.post(create_url, data).status_code == 302  # the same form: no 429
    assert client.post(create_url, comment_data(comment="Another")).status_code == 429
    assert Comment.objects.count() == 1


def test_a_retry_from_another_connection_finds_the_first_comment(
    db, post, comment_data, create_url
):
    data = comment_data()
    Client(REMOTE_ADDR="192.0.2.1").post(create_url, data)
    response = Client(REMOTE_ADDR="192.0.2.2").post(create_url, data)
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_another_reader_of_the_same_cached_form_writes_a_comment_of_their_own(
    db, post, comment_data, create_url, no_flood_control
):
    """A page from the page cache shares its form's ts between readers."""
    ts = form_timestamp(post)
    client = Client()
    client.post(create_url, comment_data(ts=ts))
    client.post(create_url, comment_data(ts=ts, email="grace@example.org", author="Grace"))
    client.post(create_url, comment_data(ts=ts, comment="Ada's second thought"))
    assert Comment.objects.count() == 3


def test_a_new_form_with_the_same_text_is_still_a_duplicate(
    db, client, post, comment_data, create_url, no_flood_control
):
    client.post(create_url, comment_data())
    response = client.post(create_url, comment_data())  # a new ts: not a retry
    assert response.status_code == 409
    assert Comment.objects.count() == 1


def test_each_form_shown_gets_a_timestamp_of_its_own(db, post):
    assert CommentForm(post=post).initial["ts"] != CommentForm(post=post).initial["ts"]


def once(key: str | None = None) -> services.Submission:
    return services.Submission(
        body="Once", author_name="A", author_email="a@example.org", form_age_seconds=30,
        submission_key=key,
    )  # fmt: skip


@pytest.mark.parametrize("seen_as", ["a duplicate", "a unique key clash"])
def test_the_service_returns_the_first_comment_when_a_copy_was_stored_meanwhile(
    db, post, monkeypatch, seen_as
):
    """The race: the view asked comment_resubmitted() for both copies before either was stored.
    The copy stored meanwhile shows up as a duplicate text, or (both past that check too) as a
    clash on the unique key; either way the service hands back the first comment."""
    first = services.comment_create(post=post, submission=once("k1"))
    if seen_as == "a unique key clash":
        monkeypatch.setattr(services, "_is_duplicate", lambda **kwargs: False)
    second = services.comment_create(post=post, submission=once("k1"))
    assert second.pk == first.pk and second.resubmitted
    assert Comment.objects.count() == 1


def test_a_duplicate_text_without_a_submission_key_is_refused(db, post):
    services.comment_create(post=post, submission=once())
    with pytest.raises(services.CommentRefused):
        services.comment_create(post=post, submission=once())
    assert Comment.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database locks whole tables across threads; the file "
    "database (WAL) under concurrent posts is what bench/load.py measures.",
)
@pytest.mark.django_db(transaction=True)
def test_copies_posted_at_the_same_moment_store_one_comment(settings):
    """Eight threads send the same form at once (on PostgreSQL)."""
    settings.RATELIMIT_ENABLED = False
    post = PostFactory(slug="raced")
    data = {
        "comment": "Said once",
        "author": "Ada",
        "email": "ada@example.org",
        "ts": form_timestamp(post),
    }
    barrier, statuses = threading.Barrier(8), []

    def send():
        try:
            barrier.wait()
            response = Client().post(f"/comments/post/{post.pk}/", data, headers=ORIGIN)
            statuses.append(response.status_code)
        except Exception as error:  # reported by the assertion below
            statuses.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Comment.objects.filter(post=post).count() == 1
    assert sorted(statuses) == [302] * 8
