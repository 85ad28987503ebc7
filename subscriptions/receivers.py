"""E-mail notifications about comments, heard from the signals that ``comments`` sends.

Each is called after the comment's transaction commits. Each only enqueues a background task
(``subscriptions.tasks``), so it is fast, and it never raises into the caller: a broken queue or
mail server must not lose or block a comment. Failures are logged. The task's row does not wait
for the disk (``core.db.commit_without_waiting``): the comment's own commit did.
"""

import logging

from django.dispatch import receiver

from comments.signals import (
    comment_filed_as_spam,
    comment_held,
    comment_published,
    followups_requested,
)
from core.db import commit_without_waiting
from subscriptions.emails import comment_email
from subscriptions.models import FollowUpSubscription
from subscriptions.services import subscription_request
from subscriptions.tasks import (
    comment_approved_fan_out,
    comment_pending_fan_out,
    spam_digest_fan_out,
)

logger = logging.getLogger(__name__)


def comment_pending(comment) -> None:
    """A new comment is held for moderation: one message to every moderator with an e-mail."""
    try:
        with commit_without_waiting():
            comment_pending_fan_out.enqueue(comment.pk)
    except Exception:
        logger.exception("Could not enqueue the moderation e-mails for comment %s.", comment.pk)


def comment_spam(comment) -> None:
    """The rules filed a new comment as spam: plan each moderator's daily digest."""
    try:
        with commit_without_waiting():
            spam_digest_fan_out.enqueue(comment.pk)
    except Exception:
        logger.exception("Could not enqueue the spam digests for comment %s.", comment.pk)


def comment_approved(comment) -> None:
    """A comment became visible: tell the post's author, and the post's subscribers."""
    try:
        with commit_without_waiting():
            comment_approved_fan_out.enqueue(comment.pk)
    except Exception:
        logger.exception("Could not enqueue the e-mails about approved comment %s.", comment.pk)


def followups_requested_for(*, comment, mode: str) -> None:
    """The commenter ticked "Notify me of follow-up comments by email".

    ``mode`` is "all" (every new comment on the post) or "replies" (replies to their comment).
    Creates an unconfirmed subscription for the commenter's address and sends the confirmation.
    """
    try:
        email = comment_email(comment)
        if not email:
            return
        subscription_request(
            email=email,
            ip=comment.ip_address,
            post=comment.post,
            mode=FollowUpSubscription.Mode(mode),
        )
    except Exception:
        logger.exception("Could not request follow-ups for comment %s.", comment.pk)


@receiver(comment_held, dispatch_uid="subscriptions-comment-held")
def on_comment_held(sender, *, comment, **kwargs) -> None:
    comment_pending(comment)


@receiver(comment_filed_as_spam, dispatch_uid="subscriptions-comment-filed-as-spam")
def on_comment_filed_as_spam(sender, *, comment, **kwargs) -> None:
    comment_spam(comment)


@receiver(comment_published, dispatch_uid="subscriptions-comment-published")
def on_comment_published(sender, *, comment, **kwargs) -> None:
    comment_approved(comment)


@receiver(followups_requested, dispatch_uid="subscriptions-followups-requested")
def on_followups_requested(sender, *, comment, mode, **kwargs) -> None:
    followups_requested_for(comment=comment, mode=mode)
