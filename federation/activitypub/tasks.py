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

logger = logging.getLogger(__name__)

#: Answers that say "try later"; any other 4xx says "never".
RETRY_STATUSES = {408, 425, 429}


@task()
def activity_deliver(inbox: str, activity: dict, attempt: int = 1) -> str:
    """POST one signed activity to one inbox; on a network failure, a 5xx or a 429 try again
    later (twice as long each time), up to FEDERATION_DELIVERY_MAX_ATTEMPTS."""
    if not actor.is_enabled() or blocklist.is_blocked(inbox):
        return "skipped"
    body = json.dumps(activity).encode()
    try:
        answer = remote.signed_request(inbox, method="POST", body=body, max_redirects=0)
    except FetchRefused as error:
        logger.warning("Not delivering %s to %s: %s", activity.get("type"), inbox, error.reason)
        return "refused"
    except FetchFailed as error:
        return _retry(inbox, activity, attempt, error.reason)
    if 200 <= answer.status < 300:
        return "sent"
    if answer.status >= 500 or answer.status in RETRY_STATUSES:
        return _retry(inbox, activity, attempt, f"it answered {answer.status}")
    logger.warning("%s refused our %s (%s).", inbox, activity.get("type"), answer.status)
    return "refused"


def _retry(inbox: str, activity: dict, attempt: int, reason: str) -> str:
    max_attempts = app_settings.FEDERATION_DELIVERY_MAX_ATTEMPTS
    if attempt >= max_attempts:
        logger.error(
            "Giving up delivering %s to %s after %d tries: %s.",
            activity.get("type"),
            inbox,
            attempt,
            reason,
        )
        return "failed"
    delay = app_settings.FEDERATION_DELIVERY_RETRY_DELAY * 2 ** (attempt - 1)
    logger.info(
        "Delivering to %s failed (%s, try %d); again in %d s.", inbox, reason, attempt, delay
    )
    retry = activity_deliver
    if activity_deliver.get_backend().supports_defer:
        retry = activity_deliver.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    retry.enqueue(inbox, activity, attempt + 1)
    return "retrying"


def deliver_to(inboxes, activity: dict) -> int:
    """Enqueue one delivery per inbox (each server's shared inbox once), after the commit."""
    targets = sorted({inbox for inbox in inboxes if inbox})

    def enqueue():
        for inbox in targets:
            activity_deliver.enqueue(inbox, activity)

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
