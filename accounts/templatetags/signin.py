"""Template helpers for the sign-in block (``accounts/signin_block.html``) and /account/."""

from django import template
from django.contrib.messages import get_messages

from accounts.providers import SIGNIN_MESSAGE_TAG, Provider, configured_providers
from accounts.providers import provider_icon as icon_of
from accounts.providers import provider_name as name_of
from core.redirects import safe_next

register = template.Library()


@register.simple_tag
def signin_providers() -> list[Provider]:
    """The providers with keys set: one button each."""
    return configured_providers()


@register.simple_tag
def signin_next(request, value) -> str:
    """Where signing in or out returns to: ``value`` when it is a path here, else this page."""
    return safe_next(request, value, default=request.get_full_path())


@register.simple_tag
def signin_messages(request) -> list:
    """Messages about signing in (errors, "You are signed out."), shown beside the buttons."""
    return [message for message in get_messages(request) if SIGNIN_MESSAGE_TAG in message.tags]


@register.filter
def provider_name(backend: str) -> str:
    """ "google-oauth2" -> "Google"."""
    return name_of(backend)


@register.filter
def provider_icon(backend: str) -> str:
    """ "google-oauth2" -> "img/social/google.svg" (for ``{% static %}``); "" when unknown.

    (The comments' provider badge asks the user model instead: ``User.provider_icon``.)
    """
    return icon_of(backend)
