"""Comment flood control, through the project's shared limiter (core/ratelimit.py): per IP
address AND per account, one comment per ``COMMENTS_FLOOD_SECONDS`` and at most
``COMMENTS_HOURLY_LIMIT`` an hour. ``RATELIMIT_ENABLED=0`` turns it off with every other limit."""

from dataclasses import dataclass

from comments import conf
from core.ratelimit import cooldown, limit_exceeded

FLOOD_MESSAGE = "You are posting comments too quickly. Slow down, and try again in a few seconds."
HOURLY_MESSAGE = "You have posted too many comments in the last hour. Please try again later."
# Counted against the address and, for a signed-in reader, the account too: changing networks
# does not reset an account's count, and sharing an address does not share an account's.
KEYS = ("ip", "user")


@dataclass(frozen=True)
class Refusal:
    message: str
    retry_after: int


def check_and_count(request) -> Refusal | None:
    """Count one comment from this request; why it must wait, or None when it may go ahead."""
    if wait := cooldown(request, "comment-flood", conf.get("COMMENTS_FLOOD_SECONDS"), key=KEYS):
        return Refusal(FLOOD_MESSAGE, wait)
    hourly = f"{conf.get('COMMENTS_HOURLY_LIMIT')}/h"
    if wait := limit_exceeded(request, "comment-hourly", hourly, key=KEYS):
        return Refusal(HOURLY_MESSAGE, wait)
    return None
