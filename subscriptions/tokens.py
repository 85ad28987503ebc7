"""Signed links in e-mails: one salt per purpose, the address inside the signature.

A token names a row *and* the address it was made for; the views check both against the
database, so a token can neither be forged nor moved to another address or another purpose.
"""

from django.core import signing

from subscriptions.conf import app_settings

CONFIRM_SALT = "subscriptions.services.confirm"
UNSUBSCRIBE_SALT = "subscriptions.services.unsubscribe"

# What a token may point at.
KIND_POSTS = "posts"  # a PostSubscription (new posts)
KIND_FOLLOWUPS = "followups"  # a FollowUpSubscription (comments on one post)
KIND_OPTOUT = "optout"  # an account holder's messages of one EmailOptOut topic


def confirm_token(*, kind: str, pk: int, email: str, mode: str = "") -> str:
    return signing.dumps({"k": kind, "id": pk, "e": email, "m": mode}, salt=CONFIRM_SALT)


def read_confirm_token(token: str) -> dict | None:
    """The payload of a valid, unexpired confirmation token, else None."""
    try:
        payload = signing.loads(
            token, salt=CONFIRM_SALT, max_age=app_settings.SUBSCRIPTIONS_CONFIRM_MAX_AGE
        )
    except signing.BadSignature:  # also SignatureExpired
        return None
    return payload if _well_formed(payload) else None


def unsubscribe_token(*, kind: str, ref: int | str, email: str) -> str:
    """``ref`` is a subscription's primary key, or an opt-out topic."""
    return signing.dumps({"k": kind, "id": ref, "e": email}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> dict | None:
    """Unsubscribe links do not expire: an old message's link must still work."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return payload if _well_formed(payload) else None


def _well_formed(payload) -> bool:
    return (
        isinstance(payload, dict)
        and payload.get("k") in {KIND_POSTS, KIND_FOLLOWUPS, KIND_OPTOUT}
        and isinstance(payload.get("e"), str)
        and isinstance(payload.get("id"), int | str)
    )
