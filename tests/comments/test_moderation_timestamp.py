"""The form's age counts from when the page was shown, even after comments.js fetches a fresh
timestamp on the first click into the form (issue 17: a quick first comment was filed as spam)."""

import pytest
from django.test import Client

from comments.models import Comment
from tests.comments.conftest import form_timestamp
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def refreshed(client, post, *, ts: str | None, shown: str = "") -> str:
    """What comments.js does on the first focus: GET the token with the page's ts."""
    query = {"shown": shown} if ts is None else {"ts": ts, "shown": shown}
    response = client.get(f"/comments/post/{post.pk}/token/", query)
    assert response.status_code == 200
    return response.json()["ts"]


def test_a_fresh_token_keeps_the_time_the_page_was_shown(client, post, comment_data, create_url):
    """Page shown 30 s ago, the reader clicks into the form and sends a pasted comment 1 s
    later: the form is 30 s old, not 1 s, and a returning commenter is approved."""
    CommentFactory(post=post, author_email="ada@example.org")
    ts = refreshed(client, post, ts=form_timestamp(post, age=30), shown="30")
    client.post(create_url, comment_data(ts=ts))
    comment = Comment.objects.latest("pk")
    assert (comment.status, comment.moderation_rule) == (Comment.Status.APPROVED, "passed")


def test_a_page_from_the_page_cache_counts_from_when_the_browser_showed_it(
    client, post, comment_data, create_url
):
    """Rendered three days ago (the cached file), shown 2 s ago: fast (held), not too old."""
    CommentFactory(post=post, author_email="ada@example.org")
    ts = refreshed(client, post, ts=form_timestamp(post, age=3 * 86400), shown="2")
    client.post(create_url, comment_data(ts=ts))
    comment = Comment.objects.latest("pk")
    assert (comment.status, comment.moderation_rule) == (Comment.Status.PENDING, "too-fast")


def test_a_page_from_the_page_cache_shown_a_minute_ago_passes(
    client, post, comment_data, create_url
):
    CommentFactory(post=post, author_email="ada@example.org")
    ts = refreshed(client, post, ts=form_timestamp(post, age=3 * 86400), shown="60")
    client.post(create_url, comment_data(ts=ts))
    assert Comment.objects.latest("pk").status == Comment.Status.APPROVED


@pytest.mark.parametrize("shown", ["999999999", "-5", "nan", "inf", "junk", ""])
def test_the_browser_cannot_make_the_page_older_than_its_own_timestamp(
    client, post, comment_data, create_url, shown
):
    CommentFactory(post=post, author_email="ada@example.org")
    ts = refreshed(client, post, ts=form_timestamp(post, age=1), shown=shown)
    client.post(create_url, comment_data(ts=ts))
    comment = Comment.objects.latest("pk")
    assert (comment.status, comment.moderation_rule) == (Comment.Status.PENDING, "too-fast")


@pytest.mark.parametrize("old", [None, "forged", "other-post"])
def test_without_a_valid_page_timestamp_the_fresh_one_starts_now(
    client, post, comment_data, create_url, old
):
    if old == "other-post":
        old = form_timestamp(PostFactory(), age=600)
    CommentFactory(post=post, author_email="ada@example.org")
    ts = refreshed(client, post, ts=old, shown="600")
    client.post(create_url, comment_data(ts=ts))
    comment = Comment.objects.latest("pk")
    assert (comment.status, comment.moderation_rule) == (Comment.Status.PENDING, "too-fast")


def test_the_token_endpoint_is_never_cached_and_sets_a_csrf_token(post):
    response = Client(enforce_csrf_checks=True).get(
        f"/comments/post/{post.pk}/token/", {"ts": form_timestamp(post), "shown": "5"}
    )
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response.json()["csrf"]
