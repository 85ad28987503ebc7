"""Comment flood control, through the project's shared limiter (core/ratelimit.py): per IP
address AND per account, one stored comment per ``COMMENTS_FLOOD_SECONDS`` and at most
``COMMENTS_HOURLY_LIMIT`` an hour. ``RATELIMIT_ENABLED=0`` turns it off with every other limit."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from comments.conf import app_settings
from core.ratelimit import cooldown_start, cooldown_wait, limit_count, limit_reached

FLOOD_MESSAGE = _(
    "You are posting comments too quickly. Slow down, and try again in a few seconds."
)
HOURLY_MESSAGE = _("You have posted too many comments in the last hour. Please try again later.")
# Counted against the address and, for a signed-in reader, the account too: changing networks
# does not reset an account's count, and sharing an address does not share an account's.
KEYS = ("ip", "user")


@dataclass(frozen=True)
class Refusal:
    message: str
    retry_after: int


def refusal(request) -> Refusal | None:
    """Why a comment from this request must wait, or None when it may go ahead. Counts nothing:
    ``count`` does, once the comment is stored (a request that dies first takes no slot)."""
    if wait := cooldown_wait(request, "comment-flood", key=KEYS):
        return Refusal(FLOOD_MESSAGE, wait)
    if wait := limit_reached(request, "comment-hourly", _hourly(), key=KEYS):
        return Refusal(HOURLY_MESSAGE, wait)
    return None


def count(request) -> None:
    """A comment from this request is stored: the flood wait starts, the hour counts it."""
    cooldown_start(request, "comment-flood", app_settings.COMMENTS_FLOOD_SECONDS, key=KEYS)
    limit_count(request, "comment-hourly", _hourly(), key=KEYS)


def _hourly() -> str:
    return f"{app_settings.COMMENTS_HOURLY_LIMIT}/h"
