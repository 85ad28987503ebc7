"""Broadsheet's own steps in social-auth's sign-in and disconnect pipelines.

``SOCIAL_AUTH_PIPELINE`` in ``config/settings.py`` lists them in order among social-core's steps.
Each step receives the pipeline's keyword arguments and returns a dict merged into them (or
nothing); raising one of social-core's exceptions stops the sign-in, and
``accounts.middleware.SignInErrorMiddleware`` turns it into a plain message on the post.
"""

from typing import Any

from django.contrib.auth import get_user_model
from social_core.exceptions import AuthPolicyError
from social_core.utils import slugify

from accounts import services


def email_is_verified(backend, response: dict[str, Any]) -> bool:
    """Whether the provider itself says the reader controls this e-mail address.

    Google sends ``email_verified`` (and social-core refuses Google sign-ins without it).
    Facebook and X say nothing of the kind, so their addresses count as unverified.
    """
    return response.get("email_verified") is True


def associate_by_verified_email(backend, details, response, user=None, *args, **kwargs):
    """Join a first sign-in to the existing account with the same address, when verified twice.

    Both sides must vouch for the address: this provider says the reader controls it now, and
    the existing account's address was itself confirmed by a provider (``email_verified``).
    Never on an unverified one: anyone can put someone else's address into a Facebook profile,
    and an account made that way must not catch the real owner's later Google sign-in.

    A new account keeps the address only when no other account uses it, so two accounts never
    look like the same person.
    """
    if user:
        return None
    email = (details.get("email") or "").strip()
    if not email:
        return None
    holders = get_user_model().objects.filter(email__iexact=email)
    if email_is_verified(backend, response):
        owners = list(holders.filter(email_verified=True)[:2])
        if len(owners) == 1:
            return {"user": owners[0], "is_new": False}
    if holders.exists():
        return {"details": {**details, "email": ""}}
    return None


def refuse_staff_and_inactive(backend, user=None, *args, **kwargs) -> None:
    """Readers only: closed accounts are refused, and staff sign in with a password at /admin/."""
    if not user:
        return
    if not user.is_active:
        raise AuthPolicyError(
            backend, "inactive account", code="authentication_disallowed", stage="pipeline"
        )
    if user.is_staff or user.is_superuser:
        raise AuthPolicyError(
            backend, "staff account", code="authentication_disallowed", stage="pipeline"
        )


def username_from_name(details, user=None, *args, **kwargs):
    """Base a new reader's username on their name ("Jane Doe" -> "jane-doe"), not their e-mail.

    social-core's ``get_username`` then adds a few random characters when the name is taken (or
    makes one up when the name has no letters it can keep).
    """
    if user:
        return None
    base = slugify(details.get("fullname") or "") or slugify(details.get("username") or "")
    return {"details": {**details, "username": base}}


def save_profile(backend, details, response, user=None, is_new=False, *args, **kwargs):
    """Keep the display name (the reader's own edit wins), the provider, and the avatar."""
    if not user:
        return
    email = details.get("email") or ""
    services.user_update_from_provider(
        user=user,
        provider=backend.name,
        display_name=details.get("fullname") or details.get("username") or "",
        avatar_url=avatar_url_from(backend.name, response),
        verified_email=email if email_is_verified(backend, response) else "",
    )


def avatar_url_from(backend_name: str, response: dict[str, Any]) -> str:
    """The address of the reader's picture in each provider's profile answer ("" for none)."""
    if backend_name == "google-oauth2":
        return response.get("picture") or ""
    if backend_name == "twitter-oauth2":
        # X answers with the 48-pixel "_normal" size; the 400-pixel one sits beside it.
        return (response.get("profile_image_url") or "").replace("_normal.", "_400x400.")
    if backend_name == "facebook":
        data = (response.get("picture") or {}).get("data") or {}
        if data.get("is_silhouette"):
            return ""
        return data.get("url") or ""
    return ""


def forget_disconnected_provider(user=None, name="", *args, **kwargs) -> None:
    """After a disconnect, the badge names a provider the reader can still sign in with."""
    if user is not None:
        services.user_provider_disconnected(user=user, provider=name)
