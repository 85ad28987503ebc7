"""Moderators hear of the comments the rules filed as spam: in one digest a day at most, so a
spam wave sends one message, and a person's comment filed wrongly can still be rescued."""

import datetime
import itertools

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from comments import services
from comments.models import Comment
from subscriptions.models import EmailOptOut
from subscriptions.tasks import send_spam_digest
from tests.subscriptions.helpers import links, sent_to

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
numbers = itertools.count(1)


@pytest.fixture
def spam_arrives(post, django_capture_on_commit_callbacks):
    """A bot sends the comment form without its signed timestamp: the rules file it as spam."""

    def send(count: int = 1, **data) -> list[Comment]:
        made = []
        for _ in range(count):
            n = next(numbers)
            form = {
                "comment": f"Cheap watches, offer {n}",
                "author": f"Bot {n}",
                "email": f"bot{n}@spam.example",
                **data,
            }
            with django_capture_on_commit_callbacks(execute=True):
                response = Client(REMOTE_ADDR=f"198.51.100.{n % 250}").post(
                    f"/comments/post/{post.pk}/", form
                )
            assert response.status_code == 302
            made.append(Comment.objects.latest("pk"))
        assert all(c.status == Comment.Status.SPAM for c in made)
        return made

    return send


def digests(outbox=None) -> list:
    return [m for m in (outbox or mail.outbox) if "filed as spam" in m.subject]


def test_spam_sends_each_moderator_a_digest_that_says_why(moderator, spam_arrives):
    (comment,) = spam_arrives()
    # post's author is the superuser "writer" (writer@example.com): a moderator too.
    assert sent_to(digests()) == ["mod@example.com", "writer@example.com"]
    message = digests()[0]
    assert message.subject == "[Broadsheet] 1 comment filed as spam"
    assert "Bot" in message.body and comment.author_email in message.body
    assert "Why: the form's timestamp was missing or forged" in message.body
    assert "http://127.0.0.1:8000/moderation/spam/" in links(message)
    assert "at most once a day" in message.body


def test_a_spam_wave_sends_one_digest_a_day_then_the_rest(moderator, spam_arrives):
    spam_arrives()
    assert len(digests()) == 2
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + HOUR):
        spam_arrives(25)
    assert digests() == []  # a wave: nothing more today

    with time_machine.travel(timezone.now() + 25 * HOUR):
        spam_arrives()
    assert sent_to(digests()) == ["mod@example.com", "writer@example.com"]
    message = digests()[0]
    assert message.subject == "[Broadsheet] 26 comments filed as spam"
    assert "…and 0 more" not in message.body


def test_a_long_digest_lists_the_newest_and_counts_the_rest(moderator, spam_arrives, settings):
    settings.COMMENTS_SPAM_DIGEST_SIZE = 3
    spam_arrives()
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + HOUR):
        spam_arrives(4)
    with time_machine.travel(timezone.now() + 25 * HOUR):
        (newest,) = spam_arrives()
    message = digests()[0]
    assert message.subject == "[Broadsheet] 5 comments filed as spam"
    assert message.body.count("* Bot ") == 3
    assert newest.author_email in message.body
    assert "…and 2 more in the Spam view." in message.body


def test_an_opted_out_moderator_gets_no_digest(moderator, spam_arrives):
    EmailOptOut.objects.create(email="mod@example.com", topic=EmailOptOut.Topic.MODERATION)
    spam_arrives()
    assert sent_to(digests()) == ["writer@example.com"]


def test_under_the_database_backend_the_next_digest_waits_for_its_day(
    moderator, spam_arrives, settings
):
    from django_tasks_db.models import DBTaskResult

    spam_arrives()  # the immediate backend: today's digests go out
    assert len(digests()) == 2
    mail.outbox.clear()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    spam_arrives()
    fan_out = DBTaskResult.objects.get()
    assert fan_out.task_path == "subscriptions.tasks.spam_digest_fan_out"
    # What the worker does with it: plan the digests for a day after the last ones, once.
    from subscriptions.tasks import spam_digest_fan_out

    assert spam_digest_fan_out.call(0) == 2
    assert spam_digest_fan_out.call(0) == 0
    planned = DBTaskResult.objects.filter(task_path="subscriptions.tasks.send_spam_digest")
    assert planned.count() == 2
    for task in planned:
        wait = (task.run_after - timezone.now()).total_seconds()
        assert 23 * 3600 < wait <= 24 * 3600
    assert digests() == []
    assert send_spam_digest.call("mod@example.com") == 0  # run early: nothing yet

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with time_machine.travel(timezone.now() + 24 * HOUR + datetime.timedelta(seconds=60)):
        assert send_spam_digest.call("mod@example.com") == 1
    (message,) = digests()
    assert message.to == ["mod@example.com"]
    assert message.subject == "[Broadsheet] 1 comment filed as spam"


def test_spam_rescued_before_the_digest_is_not_listed(moderator, spam_arrives):
    spam_arrives()
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + HOUR):
        (rescued,) = spam_arrives()
        services.comment_mark_not_spam(comment=rescued)
    with time_machine.travel(timezone.now() + 25 * HOUR):
        (later,) = spam_arrives()
    message = digests()[0]
    assert message.subject == "[Broadsheet] 1 comment filed as spam"
    assert later.author_email in message.body and rescued.author_email not in message.body


def test_spam_marked_by_a_moderator_sends_no_digest(moderator, post, spam_arrives):
    from tests.factories import CommentFactory

    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    services.comment_mark_spam(comment=comment, by=moderator)
    assert digests() == []
