"""/moderation/: the Pending, Spam and Removed views, from every side (issue 17)."""

import re

import pytest
from django.test import Client

from comments.models import Comment
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

VIEWS = [
    ("/moderation/", Comment.Status.PENDING),
    ("/moderation/spam/", Comment.Status.SPAM),
    ("/moderation/removed/", Comment.Status.REMOVED),
]


@pytest.fixture
def one_of_each(post):
    return {
        status: CommentFactory(post=post, status=status, body=f"A {status} comment")
        for status in Comment.Status.values
    }


@pytest.mark.parametrize(("url", "status"), VIEWS)
def test_anonymous_readers_and_staff_without_the_permission_get_403(
    client, reader, one_of_each, url, status
):
    staff_without_permission = UserFactory(is_staff=True)
    for who in (None, reader, staff_without_permission):
        if who:
            client.force_login(who)
        response = client.get(url)
        assert response.status_code == 403
        assert f"A {status} comment" not in response.content.decode()
        response = client.post(url, {"action": "remove", "comments": [one_of_each[status].pk]})
        assert response.status_code == 403
    assert Comment.objects.filter(status=Comment.Status.REMOVED).count() == 1


@pytest.mark.parametrize(("url", "status"), VIEWS)
def test_a_moderator_sees_only_that_view_s_comments(client, moderator, one_of_each, url, status):
    client.force_login(moderator)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"A {status} comment" in html
    others = [s for s in Comment.Status.values if s != status]
    assert not any(f"A {other} comment" in html for other in others)


def test_every_view_shows_every_count(client, moderator, post):
    CommentFactory.create_batch(3, post=post, status=Comment.Status.PENDING)
    CommentFactory.create_batch(2, post=post, status=Comment.Status.SPAM)
    CommentFactory(post=post, status=Comment.Status.REMOVED)
    client.force_login(moderator)
    html = client.get("/moderation/spam/").content.decode()
    assert 'href="/moderation/">Pending <span class="badge text-bg-secondary">3</span>' in html
    assert (
        'href="/moderation/spam/" aria-current="page">Spam '
        '<span class="badge text-bg-secondary">2</span>'
    ) in html
    assert (
        'href="/moderation/removed/">Removed <span class="badge text-bg-secondary">1</span>' in html
    )


def test_a_quick_comment_is_held_and_says_why_in_the_queue(
    client, moderator, comment_data, create_url
):
    Client().post(create_url, comment_data(comment="Typed fast, meant well.", age=1))
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    client.force_login(moderator)
    html = client.get("/moderation/").content.decode()
    assert "Typed fast, meant well." in html
    assert re.search(
        r"Set aside because</span> sent back very soon after the page was shown \(1\.\d s\)", html
    )


def test_spam_from_the_rules_shows_its_rule_in_the_spam_view(
    client, moderator, comment_data, create_url
):
    Client().post(create_url, comment_data(comment="No timestamp at all", ts=None))
    client.force_login(moderator)
    html = client.get("/moderation/spam/").content.decode()
    assert "No timestamp at all" in html
    assert "the form&#x27;s timestamp was missing or forged" in html


def test_not_spam_approves_the_comment_and_says_which_rule_fired(
    client, moderator, comment_data, create_url, post
):
    Client().post(create_url, comment_data(comment="Filed wrongly", ts="forged"))
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    client.force_login(moderator)
    response = client.post(
        f"/comments/{comment.pk}/not-spam/", {"next": "/moderation/spam/"}, follow=True
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    html = response.content.decode()
    assert response.redirect_chain == [("/moderation/spam/", 302)]
    assert "was approved. The rules had set it aside because the form&#x27;s timestamp" in html
    assert "Filed wrongly" in Client().get(post.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("before", "after"),
    [(Comment.Status.APPROVED, Comment.Status.APPROVED), (Comment.Status.PENDING, "pending")],
)
def test_restore_puts_a_removed_comment_back_where_it_was(client, moderator, post, before, after):
    comment = CommentFactory(post=post, status=before)
    client.force_login(moderator)
    client.post(f"/comments/{comment.pk}/remove/")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    response = client.post(f"/comments/{comment.pk}/restore/", {"next": "/moderation/removed/"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == after


def test_restore_of_removed_spam_holds_it(client, moderator, post):
    comment = CommentFactory(post=post, status=Comment.Status.SPAM)
    client.force_login(moderator)
    client.post(f"/comments/{comment.pk}/remove/")
    client.post(f"/comments/{comment.pk}/restore/")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.parametrize("action", ["not-spam", "restore"])
def test_not_spam_and_restore_are_for_moderators_only_and_post_with_csrf(
    client, reader, post, moderator, action
):
    comment = CommentFactory(post=post, status=Comment.Status.SPAM)
    assert client.post(f"/comments/{comment.pk}/{action}/").status_code == 403
    client.force_login(reader)
    assert client.post(f"/comments/{comment.pk}/{action}/").status_code == 403
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(moderator)
    assert csrf_client.get(f"/comments/{comment.pk}/{action}/").status_code == 405
    assert csrf_client.post(f"/comments/{comment.pk}/{action}/").status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM


def test_bulk_not_spam_in_the_spam_view(client, moderator, post):
    chosen = CommentFactory.create_batch(2, post=post, status=Comment.Status.SPAM)
    left = CommentFactory(post=post, status=Comment.Status.SPAM)
    client.force_login(moderator)
    response = client.post(
        "/moderation/spam/", {"action": "not-spam", "comments": [c.pk for c in chosen]}
    )
    assert response["Location"] == "/moderation/spam/"
    assert set(Comment.objects.approved().values_list("pk", flat=True)) == {c.pk for c in chosen}
    left.refresh_from_db()
    assert left.status == Comment.Status.SPAM


def test_a_view_refuses_the_bulk_actions_of_another(client, moderator, post):
    removed = CommentFactory(post=post, status=Comment.Status.REMOVED)
    client.force_login(moderator)
    response = client.post(
        "/moderation/removed/", {"action": "approve", "comments": [removed.pk]}, follow=True
    )
    assert "Choose an action and at least one comment." in response.content.decode()
    removed.refresh_from_db()
    assert removed.status == Comment.Status.REMOVED


@pytest.mark.parametrize("url", ["/moderation/spam/", "/moderation/removed/"])
def test_the_spam_and_removed_views_cost_a_fixed_number_of_queries(
    client, moderator, post, django_assert_max_num_queries, url
):
    status = Comment.Status.SPAM if "spam" in url else Comment.Status.REMOVED
    client.force_login(moderator)
    CommentFactory.create_batch(3, post=post, status=status)
    client.get(url)  # warm the navigation cache
    CommentFactory.create_batch(20, post=post, status=status)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
