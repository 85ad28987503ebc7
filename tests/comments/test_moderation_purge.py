"""manage.py purge_spam: spam goes 30 days after it became spam, nothing else goes (issue 17)."""

import datetime
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from comments import services
from comments.models import Comment
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def purge(*args) -> str:
    out = io.StringIO()
    call_command("purge_spam", *args, stdout=out)
    return out.getvalue()


def aged(post, status, *, days: int, **fields) -> Comment:
    """A comment that got ``status`` ``days`` days ago."""
    with time_machine.travel(timezone.now() - days * DAY, tick=False):
        comment = CommentFactory(post=post, status=Comment.Status.PENDING, **fields)
        if status == Comment.Status.SPAM:
            services.comment_mark_spam(comment=comment)
        elif status != Comment.Status.PENDING:
            services.MODERATION_ACTIONS[status.replace("removed", "remove")](comment=comment)
    return comment


def test_spam_older_than_30_days_is_deleted_and_nothing_else(post):
    old_spam = aged(post, Comment.Status.SPAM, days=31)
    young_spam = aged(post, Comment.Status.SPAM, days=29)
    old_pending = aged(post, Comment.Status.PENDING, days=90)
    old_removed = aged(post, Comment.Status.REMOVED, days=90)
    old_approved = CommentFactory(post=post, created_at=timezone.now() - 90 * DAY)

    assert purge() == "Deleted 1 spam comment(s) older than 30 days.\n"

    left = set(Comment.objects.values_list("pk", flat=True))
    assert old_spam.pk not in left
    assert {young_spam.pk, old_pending.pk, old_removed.pk, old_approved.pk} <= left


def test_the_30_days_count_from_when_it_became_spam_not_from_when_it_was_written(post):
    written_long_ago = aged(post, Comment.Status.PENDING, days=60)
    services.comment_mark_spam(comment=written_long_ago)  # filed yesterday... today
    assert purge() == "Deleted 0 spam comment(s) older than 30 days.\n"
    assert Comment.objects.filter(pk=written_long_ago.pk).exists()


def test_spam_filed_by_the_rules_counts_from_its_arrival(author, client, comment_data):
    with time_machine.travel(timezone.now() - 31 * DAY):
        older_post = PostFactory(author=author)
        client.post(f"/comments/post/{older_post.pk}/", comment_data(post=older_post, ts="x"))
    assert Comment.objects.get().status == Comment.Status.SPAM
    purge()
    assert not Comment.objects.exists()


def test_spam_with_replies_stays_so_the_replies_do_not_go_with_it(post):
    spam = aged(post, Comment.Status.SPAM, days=40)
    reply = CommentFactory(post=post, parent=spam)
    purge()
    assert Comment.objects.filter(pk__in=[spam.pk, reply.pk]).count() == 2


def test_days_can_be_given_and_must_be_positive(post):
    aged(post, Comment.Status.SPAM, days=10)
    with pytest.raises(CommandError, match=r"--days must be 1 or more\."):
        purge("--days", "0")
    assert purge("--days", "7") == "Deleted 1 spam comment(s) older than 7 days.\n"


def test_the_setting_changes_the_default(post, settings):
    settings.COMMENTS_SPAM_PURGE_DAYS = 5
    aged(post, Comment.Status.SPAM, days=6)
    assert purge() == "Deleted 1 spam comment(s) older than 5 days.\n"


def test_a_large_purge_deletes_every_row_in_batches(post):
    with time_machine.travel(timezone.now() - 40 * DAY, tick=False):
        for _ in range(3):
            CommentFactory.create_batch(
                250, post=post, status=Comment.Status.SPAM, status_changed_at=timezone.now()
            )
    assert purge() == "Deleted 750 spam comment(s) older than 30 days.\n"
    assert not Comment.objects.exists()
