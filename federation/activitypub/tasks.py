"""Background tasks (django.tasks): deliveries to other servers, with retries and backoff, and the
work an inbox or a post's save starts. A request only enqueues; it never waits for a server."""

import datetime
import json
import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from core.fetch import FetchFailed, FetchRefused
from federation import blocklist
from federation.activitypub import actor, remote
from federation.activitypub.conf import app_settings
from federation.models import Delivery

logger = logging.getLogger(__name__)

#: Answers that say "try later"; any other 4xx says "never".
RETRY_STATUSES = {408, 425, 429}


@task()
def activity_deliver(
    inbox: str, activity: dict, attempt: int = 1, delivery_id: int | None = None
) -> str:
    """POST one signed activity to one inbox; on a network failure, a 5xx or a 429 try again
    later (twice as long each time), up to FEDERATION_DELIVERY_MAX_ATTEMPTS. An inbox that
    answers 410 Gone is a deleted account's: the followers delivered there are removed. Each
    try is recorded on the Delivery row ``delivery_id`` (the admin shows it)."""
    if not actor.is_enabled() or blocklist.is_blocked(inbox):
        return _record(delivery_id, Delivery.Status.SKIPPED, attempt=attempt - 1)
    body = json.dumps(activity).encode()
    try:
        answer = remote.signed_request(inbox, method="POST", body=body, max_redirects=0)
    except FetchRefused as error:
        logger.warning("Not delivering %s to %s: %s", activity.get("type"), inbox, error.reason)
        return _record(delivery_id, Delivery.Status.REFUSED, attempt=attempt, error=error.reason)
    except FetchFailed as error:
        return _retry(inbox, activity, attempt, error.reason, delivery_id=delivery_id)
    if 200 <= answer.status < 300:
        return _record(delivery_id, Delivery.Status.SENT, attempt=attempt, status=answer.status)
    if answer.status == 410:
        from federation.activitypub import services

        removed = services.followers_remove_gone(inbox=inbox)
        logger.info("%s is gone (410): %d follower(s) removed.", inbox, removed)
        gone = f"{removed} follower(s) removed"
        return _record(delivery_id, Delivery.Status.GONE, attempt=attempt, status=410, error=gone)
    if answer.status >= 500 or answer.status in RETRY_STATUSES:
        reason = f"it answered {answer.status}"
        return _retry(
            inbox, activity, attempt, reason, delivery_id=delivery_id, status=answer.status
        )
    logger.warning("%s refused our %s (%s).", inbox, activity.get("type"), answer.status)
    refusal = f"it answered {answer.status}"
    return _record(
        delivery_id, Delivery.Status.REFUSED, attempt=attempt, status=answer.status, error=refusal
    )


def _record(
    delivery_id: int | None, outcome: str, *, attempt: int, status=None, error: str = ""
) -> str:
    """Write how a try went on its Delivery row (none for a task queued before rows existed)."""
    if delivery_id is not None:
        changes = {"status": outcome, "attempts": max(attempt, 0), "last_error": error[:300]}
        if attempt > 0:
            changes.update(attempted_at=timezone.now(), response_status=status)
        Delivery.objects.filter(pk=delivery_id).update(**changes)
    return str(outcome)


def _retry(
    inbox: str,
    activity: dict,
    attempt: int,
    reason: str,
    *,
    delivery_id: int | None = None,
    status=None,
) -> str:
    max_attempts = app_settings.FEDERATION_DELIVERY_MAX_ATTEMPTS
    if attempt >= max_attempts:
        logger.error(
            "Giving up delivering %s to %s after %d tries: %s.",
            activity.get("type"),
            inbox,
            attempt,
            reason,
        )
        return _record(
            delivery_id, Delivery.Status.FAILED, attempt=attempt, status=status, error=reason
        )
    delay = app_settings.FEDERATION_DELIVERY_RETRY_DELAY * 2 ** (attempt - 1)
    logger.info(
        "Delivering to %s failed (%s, try %d); again in %d s.", inbox, reason, attempt, delay
    )
    _record(delivery_id, Delivery.Status.RETRYING, attempt=attempt, status=status, error=reason)
    retry = activity_deliver
    if activity_deliver.get_backend().supports_defer:
        retry = activity_deliver.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    retry.enqueue(inbox, activity, attempt + 1, delivery_id)
    return "retrying"


def deliver_to(inboxes, activity: dict) -> int:
    """One delivery per inbox (each server's shared inbox once): a Delivery row each, now, in
    the caller's transaction; the tasks are enqueued after the commit."""
    targets = sorted({inbox for inbox in inboxes if inbox})
    obj = activity.get("object")
    object_id = obj.get("id", "") if isinstance(obj, dict) else str(obj or "")
    rows = Delivery.objects.bulk_create(
        Delivery(
            activity_id=str(activity.get("id", ""))[:2000],
            activity_type=str(activity.get("type", ""))[:20],
            object_id=object_id[:2000],
            inbox=inbox,
        )
        for inbox in targets
    )
    planned = [(row.inbox, row.pk) for row in rows]

    def enqueue():
        for inbox, delivery_id in planned:
            activity_deliver.enqueue(inbox, activity, 1, delivery_id)

    transaction.on_commit(enqueue)
    return len(targets)


@task()
def article_sync(post_pk: int) -> str:
    """Tell followers what became of a post: Create, Update or Delete (or nothing new)."""
    from federation.activitypub import services

    return services.article_sync(post_pk=post_pk)


@task()
def inbox_handle(activity: dict, actor_uri: str) -> str:
    """Act on one verified activity from the inbox."""
    from federation.activitypub import inbox

    return inbox.handle(activity, actor_uri=actor_uri)


@task()
def reply_sync(comment_pk: int) -> str:
    """Send a moderator's answer to a Fediverse comment back to its author's server, and its
    later edits (Update) and removal (Delete)."""
    from federation.activitypub import services

    return services.reply_sync(comment_pk=comment_pk)


@task()
def reply_deliver(comment_pk: int) -> str:
    """The name ``reply_sync`` had (a task queued under it before an upgrade still runs)."""
    from federation.activitypub import services

    return services.reply_sync(comment_pk=comment_pk)
