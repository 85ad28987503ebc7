"""comments.services.comment_import: a comment from another blog, saved as it was there."""

import datetime

import pytest
from django.core import mail

from comments import services
from comments.models import Comment, DiscussionSettings
from subscriptions.models import FollowUpSubscription
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WHEN = datetime.datetime(2015, 10, 28, 9, 12, tzinfo=datetime.UTC)


def test_an_imported_comment_keeps_its_status_kind_date_and_author(
    post, django_capture_on_commit_callbacks
):
    DiscussionSettings.objects.create(hold_all=True, blocked_emails="old@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        root = services.comment_import(
            post=post,
            body="An *old* comment.",
            status=Comment.Status.APPROVED,
            created_at=WHEN,
            author_name="  Old Reader ",
            author_email="Old@Example.org",
            author_url="https://old.example.org/",
            ip_address="192.0.2.7",
        )
        ping = services.comment_import(
            post=post,
            body="Linked here.",
            status="spam",
            kind="pingback",
            parent=root,
            created_at=WHEN + datetime.timedelta(hours=1),
        )

    root.refresh_from_db()
    assert root.status == Comment.Status.APPROVED  # no moderation: the settings would hold it
    assert (root.author_name, root.author_email) == ("Old Reader", "old@example.org")
    assert root.created_at == WHEN and root.ip_address == "192.0.2.7"
    assert root.body_html == "<p>An <em>old</em> comment.</p>"
    assert (ping.kind, ping.status, ping.parent) == ("pingback", "spam", root)
    assert mail.outbox == []  # the post's author would be told of a new approved comment
    assert FollowUpSubscription.objects.count() == 0


def test_an_imported_comment_may_belong_to_an_imported_author(post):
    writer = UserFactory(username="old-writer")
    comment = services.comment_import(
        post=post, body="Mine.", status="pending", created_at=WHEN, user=writer
    )
    assert comment.user == writer and comment.status == Comment.Status.PENDING


def test_an_unknown_status_or_kind_is_refused(post):
    with pytest.raises(ValueError):
        services.comment_import(post=post, body="x", status="published", created_at=WHEN)
    with pytest.raises(ValueError):
        services.comment_import(
            post=post, body="x", status="approved", kind="linkback", created_at=WHEN
        )
    assert Comment.objects.count() == 0
