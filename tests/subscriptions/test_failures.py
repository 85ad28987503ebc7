"""A broken mail server or queue never loses a comment nor breaks a page; sends are retried."""

import logging

import pytest
from django.core import mail

from comments.models import Comment
from subscriptions import receivers
from subscriptions.models import PostSubscription
from tests.factories import FollowUpSubscriptionFactory, NoticeCommentFactory
from tests.subscriptions.mail_backends import BrokenBackend, FlakyBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_mail(settings):
    BrokenBackend.attempts = 0
    settings.MAILERS = {"default": {"BACKEND": "tests.subscriptions.mail_backends.BrokenBackend"}}


@pytest.fixture
def flaky_mail(settings):
    FlakyBackend.attempts = 0
    settings.MAILERS = {"default": {"BACKEND": "tests.subscriptions.mail_backends.FlakyBackend"}}


def test_a_broken_mail_server_leaves_the_comment_saved_and_logs_each_retry(
    broken_mail, post, moderator, settings, caplog
):
    settings.COMMENTS_EMAIL_MAX_ATTEMPTS = 3
    comment = NoticeCommentFactory(post=post, status=Comment.Status.PENDING)

    with caplog.at_level(logging.WARNING, logger="subscriptions.tasks"):
        receivers.comment_pending(comment)  # must not raise

    assert Comment.objects.filter(pk=comment.pk, status=Comment.Status.PENDING).exists()
    # Two moderators (mod, and the superuser writer), three attempts each.
    assert BrokenBackend.attempts == 6
    retries = [
        r
        for r in caplog.records
        if r.levelno == logging.WARNING and r.name == "subscriptions.tasks"
    ]
    given_up = [
        r for r in caplog.records if r.levelno == logging.ERROR and r.name == "subscriptions.tasks"
    ]
    assert len(retries) == 4
    assert "retrying in" in retries[0].getMessage()
    assert len(given_up) == 2
    assert "Giving up on the moderation e-mail" in given_up[0].getMessage()


def test_a_failed_send_is_retried_and_then_delivered(flaky_mail, post):
    receivers.comment_approved(NoticeCommentFactory(post=post))

    assert FlakyBackend.attempts == 2
    assert [message.to for message in mail.outbox] == [["writer@example.com"]]


def test_a_broken_mail_server_does_not_break_the_subscribe_page(broken_mail, client, post):
    response = client.post(
        f"/subscriptions/post/{post.pk}/", {"email": "a@example.org", "mode": "all"}, follow=True
    )

    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    assert BrokenBackend.attempts >= 1
    assert client.post("/subscriptions/", {"email": "b@example.org"}).status_code == 302
    assert PostSubscription.objects.filter(email="b@example.org").exists()


def test_a_broken_queue_never_raises_into_the_comment_service(monkeypatch, post, caplog):
    from subscriptions import services

    class UnreachableQueue:
        def enqueue(self, *args, **kwargs):
            raise RuntimeError("the task database is gone")

    monkeypatch.setattr(receivers, "comment_pending_fan_out", UnreachableQueue())
    monkeypatch.setattr(receivers, "comment_approved_fan_out", UnreachableQueue())
    monkeypatch.setattr(services, "deliver", UnreachableQueue())
    comment = NoticeCommentFactory(post=post)
    FollowUpSubscriptionFactory(post=post)

    receivers.comment_pending(comment)
    receivers.comment_approved(comment)
    receivers.followups_requested_for(comment=comment, mode="all")

    assert Comment.objects.filter(pk=comment.pk).exists()
    assert mail.outbox == []
    logged = [r for r in caplog.records if r.name == "subscriptions.receivers"]
    assert [r.levelno for r in logged] == [logging.ERROR] * 3


def test_the_entry_points_only_enqueue_under_the_database_backend(settings, post, moderator):
    """In production a request never waits for SMTP: it writes a task row and returns."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    comment = NoticeCommentFactory(post=post, status=Comment.Status.PENDING)

    receivers.comment_pending(comment)

    assert mail.outbox == []
    task = DBTaskResult.objects.get()
    assert task.task_path == "subscriptions.tasks.comment_pending_fan_out"


def test_under_the_database_backend_a_failed_send_is_queued_again_for_later(
    broken_mail, settings, post
):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from subscriptions.tasks import deliver

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.COMMENTS_EMAIL_RETRY_DELAY = 60
    comment = NoticeCommentFactory(post=post)

    assert deliver.call("author", "writer@example.com", {"comment": comment.pk}, 2) == "retrying"

    retry = DBTaskResult.objects.get()
    assert retry.task_path == "subscriptions.tasks.deliver"
    assert retry.args_kwargs["args"][-1] == 3
    wait = (retry.run_after - timezone.now()).total_seconds()
    assert 110 < wait <= 120  # the second retry waits twice the first delay
