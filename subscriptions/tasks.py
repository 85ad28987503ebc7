"""Background tasks (django.tasks) that send the notification e-mails.

A fan-out task decides who hears about an event and enqueues one ``deliver`` task per message,
so a failed send is retried for that one recipient only, later, without holding up anyone else.
The request that caused the event only enqueues; it never waits for the mail server.
"""

import datetime
import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from comments.models import Comment
from subscriptions import emails
from subscriptions.conf import app_settings
from subscriptions.models import ApprovalNotice, EmailOptOut, FollowUpSubscription, SpamDigest

logger = logging.getLogger(__name__)

MODERATORS_GROUP = "Moderators"


@task()
def deliver(kind: str, to: str, ref: dict, attempt: int = 1) -> str:
    """Build and send one message; on failure log it and try again later, up to a limit."""
    try:
        message = emails.build(kind, to=to, ref=ref)
        if message is None:
            return "skipped"
        message.send()
    except Exception:
        max_attempts = app_settings.COMMENTS_EMAIL_MAX_ATTEMPTS
        if attempt >= max_attempts:
            logger.exception(
                "Giving up on the %s e-mail to %s (%s) after %d attempts.",
                kind,
                to,
                ref,
                attempt,
            )
            raise
        delay = app_settings.COMMENTS_EMAIL_RETRY_DELAY * 2 ** (attempt - 1)
        logger.warning(
            "Sending the %s e-mail to %s (%s) failed (attempt %d of %d); retrying in %d s.",
            kind,
            to,
            ref,
            attempt,
            max_attempts,
            delay,
            exc_info=True,
        )
        retry = deliver
        if deliver.get_backend().supports_defer:
            retry = deliver.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
        retry.enqueue(kind, to, ref, attempt + 1)
        return "retrying"
    return "sent"


def moderator_emails() -> list[str]:
    """Active superusers, and staff in the Moderators group or allowed to change comments."""
    can_moderate = Permission.objects.filter(
        content_type__app_label="comments", codename="change_comment"
    )
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(
            Q(is_superuser=True)
            | (
                Q(is_staff=True)
                & (
                    Q(groups__name=MODERATORS_GROUP)
                    | Q(user_permissions__in=can_moderate)
                    | Q(groups__permissions__in=can_moderate)
                )
            )
        )
        .order_by("pk")
        .distinct()
    )
    seen: dict[str, str] = {}
    for email in users.values_list("email", flat=True):
        seen.setdefault(emails.normalize_email(email), email)
    opted_out = set(
        EmailOptOut.objects.filter(
            topic=EmailOptOut.Topic.MODERATION, email__in=list(seen)
        ).values_list("email", flat=True)
    )
    return [email for key, email in seen.items() if key not in opted_out]


@task()
def comment_pending_fan_out(comment_id: int) -> int:
    """One message to every moderator with an e-mail address."""
    if not Comment.objects.filter(pk=comment_id, status=Comment.Status.PENDING).exists():
        return 0
    recipients = moderator_emails()
    for email in recipients:
        deliver.enqueue("moderation", email, {"comment": comment_id})
    return len(recipients)


@task()
def spam_digest_fan_out(comment_id: int) -> int:
    """A comment was filed as spam: plan every moderator's digest; returns how many were sent
    or planned now (a moderator whose digest is already planned gets nothing more)."""
    return sum(plan_spam_digest(email) for email in moderator_emails())


def _digest_interval() -> datetime.timedelta:
    return datetime.timedelta(seconds=app_settings.COMMENTS_SPAM_DIGEST_INTERVAL)


def plan_spam_digest(email: str) -> bool:
    """Send this moderator's spam digest now, or plan it for a day after the last one.

    The row is locked while deciding, so two spam comments at once plan one digest. A backend
    that cannot run a task later (the immediate one) leaves the plan on the row: the first spam
    after it is due sends the digest, which lists everything since the last."""
    now = timezone.now()
    with transaction.atomic():
        row, _ = SpamDigest.objects.select_for_update().get_or_create(
            email=emails.normalize_email(email)
        )
        if row.due_at is not None and row.due_at > now:
            return False  # planned already: it will list this comment too
        due = now if row.last_sent_at is None else max(now, row.last_sent_at + _digest_interval())
        row.due_at = due
        row.save(update_fields=["due_at"])
    if due <= now:
        send_spam_digest.enqueue(row.email)
    elif send_spam_digest.get_backend().supports_defer:
        send_spam_digest.using(run_after=due).enqueue(row.email)
    return True


@task()
def send_spam_digest(email: str) -> int:
    """The digest of the comments filed as spam since this moderator's last one (if any is
    left: a comment rescued with "Not spam" is no longer listed); returns how many."""
    now = timezone.now()
    with transaction.atomic():
        row = SpamDigest.objects.select_for_update().filter(email=email).first()
        if row is None or row.due_at is None or row.due_at > now:
            return 0  # not planned, or run early
        since = row.last_sent_at or now - _digest_interval()
        count = emails.spam_digest_comments(since=since, until=now).count()
        row.due_at = None
        if count:
            row.last_sent_at = now
        row.save(update_fields=["due_at", "last_sent_at"])
    if count:
        deliver.enqueue(
            "spam_digest", email, {"since": since.isoformat(), "until": now.isoformat()}
        )
    return count


@task()
def comment_approved_fan_out(comment_id: int) -> int:
    """The post's author, then the post's subscribers: never the comment's own writer.

    Once per comment: the ApprovalNotice row commits with the queued messages, so a comment
    approved twice (unapproved in between, or from two screens) is announced once.
    """
    comment = (
        Comment.objects.select_related("post__author", "page", "user", "parent__user")
        .filter(pk=comment_id, status=Comment.Status.APPROVED)
        .first()
    )
    if comment is None:
        return 0
    try:
        with transaction.atomic():
            notice = ApprovalNotice.objects.create(comment=comment)
            notice.recipients = _tell_about_approved(comment)
            notice.save(update_fields=["recipients"])
    except IntegrityError:
        return 0  # already announced
    return notice.recipients


def _tell_about_approved(comment: Comment) -> int:
    writer = emails.comment_email(comment)
    told: set[str] = set()
    if comment.post_id is None:
        return 0  # on a page: no author to tell, no follow-ups (kept per post)
    author = comment.post.author
    author_email = emails.normalize_email(author.email)
    if author.is_active and author_email and author_email != writer:
        deliver.enqueue("author", author.email, {"comment": comment.pk})
        told.add(author_email)
    replied_to = emails.comment_email(comment.parent)
    subscribers = FollowUpSubscription.objects.confirmed().filter(post_id=comment.post_id)
    for subscription in subscribers.order_by("pk"):
        if subscription.email in told or subscription.email == writer:
            continue
        if subscription.mode == FollowUpSubscription.Mode.REPLIES and (
            subscription.email != replied_to
        ):
            continue
        deliver.enqueue(
            "followup",
            subscription.email,
            {"comment": comment.pk, "subscription": subscription.pk},
        )
        told.add(subscription.email)
    return len(told)
