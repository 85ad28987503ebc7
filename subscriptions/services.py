"""Subscription services: request (double opt-in), confirm, unsubscribe, and announce new posts.

Views, the comment form's hook (``notifications.followups_requested``) and the
``announce_posts`` command all come through here, so each rule lives in one place.
"""

import datetime
import enum
import hashlib
import logging

from django.apps import apps
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from subscriptions import tokens
from subscriptions.conf import app_settings
from subscriptions.emails import normalize_email
from subscriptions.models import (
    EmailOptOut,
    FollowUpSubscription,
    PostAnnouncement,
    PostSubscription,
)
from subscriptions.tasks import deliver

logger = logging.getLogger(__name__)


class Outcome(enum.Enum):
    SENT = "sent"  # a confirmation message is on its way (or the address is already confirmed)
    LIMITED = "limited"  # too many confirmation messages for this address or from this IP


# --- Rate limits, through the shared cache ------------------------------------------------------
def _hit(key: str, *, limit: int, window: int) -> bool:
    """Count one more request under ``key``; True while the count stays within ``limit``."""
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return True
    return count <= limit


def confirmation_allowed(*, email: str, ip: str | None) -> bool:
    if ip and not _hit(
        f"subscriptions:ip:{ip}",
        limit=app_settings.SUBSCRIPTIONS_PER_IP,
        window=app_settings.SUBSCRIPTIONS_IP_WINDOW,
    ):
        return False
    digest = hashlib.sha256(email.encode()).hexdigest()
    return _hit(
        f"subscriptions:address:{digest}",
        limit=app_settings.SUBSCRIPTIONS_PER_ADDRESS,
        window=app_settings.SUBSCRIPTIONS_ADDRESS_WINDOW,
    )


# --- Subscribing --------------------------------------------------------------------------------
def subscription_request(
    *, email: str, ip: str | None, post=None, mode: str = FollowUpSubscription.Mode.ALL
) -> Outcome:
    """Record an unconfirmed subscription and send its confirmation link.

    ``post`` given: follow-up comments on that post (``mode`` "all" or "replies"); else new
    posts. The same answer whether or not the address was already subscribed, so the form tells
    a stranger nothing about anyone.
    """
    email = normalize_email(email)
    mode = FollowUpSubscription.Mode(mode)
    if not confirmation_allowed(email=email, ip=ip):
        logger.info("Subscription confirmation for %s from %s refused: rate limit.", email, ip)
        return Outcome.LIMITED
    if post is None:
        row, _ = PostSubscription.objects.get_or_create(email=email)
        kind, mode_value = tokens.KIND_POSTS, ""
        already = row.is_confirmed
    else:
        row, _ = FollowUpSubscription.objects.get_or_create(
            post=post, email=email, defaults={"mode": mode}
        )
        kind, mode_value = tokens.KIND_FOLLOWUPS, mode.value
        already = row.is_confirmed and row.mode == mode
    if not already:
        # The mode travels in the signed link; the row only changes when the link is followed.
        # Under the database backend the task row commits with the caller's transaction.
        deliver.enqueue(
            "confirm", email, {"kind": kind, "subscription": row.pk, "mode": mode_value}
        )
    return Outcome.SENT


class ConfirmError(enum.Enum):
    INVALID = "invalid"
    GONE = "gone"


def subscription_for_confirm_token(token: str):
    """The subscription a confirmation link names, or a ConfirmError."""
    payload = tokens.read_confirm_token(token)
    if payload is None or payload["k"] == tokens.KIND_OPTOUT:
        return ConfirmError.INVALID
    model = PostSubscription if payload["k"] == tokens.KIND_POSTS else FollowUpSubscription
    row = model.objects.filter(pk=payload["id"]).first()
    if row is None:
        return ConfirmError.GONE
    if row.email != payload["e"]:
        return ConfirmError.INVALID
    row.requested_mode = payload.get("m") or ""
    return row


def subscription_confirm(*, subscription) -> None:
    fields = ["confirmed_at"]
    if isinstance(subscription, FollowUpSubscription) and subscription.requested_mode:
        subscription.mode = FollowUpSubscription.Mode(subscription.requested_mode)
        fields.append("mode")
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=fields)


# --- Unsubscribing ------------------------------------------------------------------------------
class Unsubscription:
    """What an unsubscribe link names, checked against the database."""

    def __init__(self, payload: dict):
        self.kind = payload["k"]
        self.ref = payload["id"]
        self.email = payload["e"]
        self.subscription = None
        self.post = None
        if self.kind == tokens.KIND_POSTS:
            self.subscription = PostSubscription.objects.filter(pk=self.ref).first()
        elif self.kind == tokens.KIND_FOLLOWUPS:
            self.subscription = (
                FollowUpSubscription.objects.select_related("post").filter(pk=self.ref).first()
            )
            self.post = self.subscription.post if self.subscription else None

    @property
    def valid(self) -> bool:
        if self.kind == tokens.KIND_OPTOUT:
            return self.ref in EmailOptOut.Topic.values
        # A deleted row is fine (already unsubscribed); a row for another address is not.
        return self.subscription is None or self.subscription.email == self.email

    @property
    def description(self) -> str:
        if self.kind == tokens.KIND_OPTOUT:
            if self.ref == EmailOptOut.Topic.MODERATION:
                return _("e-mails about comments awaiting moderation")
            return _("e-mails about new comments on your posts")
        if self.kind == tokens.KIND_POSTS:
            return _("e-mails about new posts")
        if self.post is not None:
            return _("e-mails about new comments on “%(title)s”") % {"title": self.post.title}
        return _("e-mails about new comments on that post")


def unsubscription_for_token(token: str) -> Unsubscription | None:
    payload = tokens.read_unsubscribe_token(token)
    if payload is None:
        return None
    found = Unsubscription(payload)
    return found if found.valid else None


def subscription_cancel(*, unsubscription: Unsubscription) -> None:
    """Idempotent: a second click (or a mail client's one-click POST) changes nothing more."""
    if unsubscription.kind == tokens.KIND_OPTOUT:
        EmailOptOut.objects.get_or_create(
            email=normalize_email(unsubscription.email), topic=unsubscription.ref
        )
    elif unsubscription.subscription is not None:
        unsubscription.subscription.delete()
        unsubscription.subscription = None


# --- Announcing new posts -----------------------------------------------------------------------
def posts_announce() -> list[PostAnnouncement]:
    """E-mail each newly published post (a scheduled one once its time has come) to the confirmed
    new-post subscribers, exactly once however often this runs, even concurrently."""
    Post = apps.get_model("blog", "Post")
    since = timezone.now() - datetime.timedelta(
        hours=app_settings.SUBSCRIPTIONS_ANNOUNCE_MAX_AGE_HOURS
    )
    due = (
        Post.objects.published()
        .unprotected()
        .filter(published_at__gte=since, announcement__isnull=True)
        .order_by("published_at", "pk")
    )
    made = []
    for post in due:
        try:
            with transaction.atomic():
                # The row and the queued messages commit together, or not at all.
                announcement = PostAnnouncement.objects.create(post=post)
                subscribers = list(
                    PostSubscription.objects.confirmed().order_by("pk").values_list("pk", "email")
                )
                for pk, email in subscribers:
                    deliver.enqueue("announcement", email, {"post": post.pk, "subscription": pk})
                announcement.recipients = len(subscribers)
                announcement.save(update_fields=["recipients"])
        except IntegrityError:
            continue  # another run announced it first
        logger.info("Announced “%s” to %d subscribers.", post.title, len(subscribers))
        made.append(announcement)
    return made


def subscriptions_prune() -> int:
    """Forget the addresses of requests never confirmed, once their link has expired."""
    expired = timezone.now() - datetime.timedelta(
        seconds=app_settings.SUBSCRIPTIONS_CONFIRM_MAX_AGE
    )
    deleted = 0
    for model in (PostSubscription, FollowUpSubscription):
        count, _ = model.objects.filter(confirmed_at__isnull=True, created_at__lt=expired).delete()
        deleted += count
    return deleted
