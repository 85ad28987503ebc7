"""Sign-in failures come back to the page the reader started from, with a plain message."""

from django.http import HttpRequest
from django.shortcuts import resolve_url
from social_core.exceptions import (
    AuthAssociationError,
    AuthCanceled,
    AuthConfigurationError,
    AuthCredentialError,
    AuthInputError,
    AuthPolicyError,
    AuthProviderError,
    AuthResponseError,
    AuthSessionError,
    SocialAuthBaseException,
)
from social_django.middleware import SocialAuthExceptionMiddleware

from accounts.providers import provider_name
from core.redirects import safe_next

SLOW_PROVIDER_CODES = {"timeout", "connection_failed", "unavailable", "rate_limited"}


class SignInErrorMiddleware(SocialAuthExceptionMiddleware):
    """social-auth's exception middleware, with our messages and our way back.

    The message goes through django.contrib.messages tagged ``social-auth``; the sign-in block
    and /account/ show those messages beside the sign-in buttons (``includes/messages.html``
    leaves them out). Provider texts are never shown: they are logged by social-auth.
    """

    def get_redirect_uri(self, request: HttpRequest, exception: Exception) -> str | None:
        fallback = resolve_url(super().get_redirect_uri(request, exception) or "/")
        candidate = request.POST.get("next") or request.GET.get("next")
        if not candidate and hasattr(request, "session"):
            candidate = request.session.get("next")
        return safe_next(request, candidate, default=fallback)

    def get_message(self, request: HttpRequest, exception: Exception) -> str:
        backend = getattr(request, "backend", None)
        name = provider_name(getattr(backend, "name", "")) or "the provider"
        if not isinstance(exception, SocialAuthBaseException):
            return f"Signing in with {name} did not work. Please try again."
        return sign_in_error_message(exception, name)


def sign_in_error_message(exception: SocialAuthBaseException, name: str) -> str:
    """What the reader reads after a failed sign-in, in plain words."""
    if isinstance(exception, AuthCanceled):
        return (
            f"Signing in with {name} was cancelled. You can try again, "
            "or leave a reply without signing in."
        )
    if isinstance(exception, AuthSessionError | AuthInputError):
        return f"Signing in with {name} was interrupted or took too long. Please try again."
    if isinstance(exception, AuthAssociationError):
        if exception.code == "identity_in_use":
            return f"That {name} account is already connected to another reader here."
        return f"That {name} account could not be connected to this one."
    if isinstance(exception, AuthPolicyError):
        if exception.code == "disconnect_disallowed":
            return (
                f"{name} is your only way to sign in, so it stays connected. "
                "Connect another account first."
            )
        if exception.detail == "staff account":
            return "Staff accounts sign in with a password at /admin/."
        if exception.detail == "inactive account":
            return "This account has been closed."
        return f"Signing in with {name} is not allowed here."
    if isinstance(exception, AuthProviderError):
        if exception.code in SLOW_PROVIDER_CODES:
            return f"{name} did not answer in time. Please try again in a moment."
        return f"{name} refused the sign-in. Please try again later."
    if isinstance(exception, AuthResponseError):
        if exception.claim == "email_verified":
            return f"{name} has not confirmed your e-mail address, so we can't sign you in with it."
        return f"{name} sent an answer we could not use. Please try again later."
    if isinstance(exception, AuthCredentialError):
        return f"{name} did not accept the sign-in. Please try again."
    if isinstance(exception, AuthConfigurationError):
        return (
            f"Signing in with {name} is not set up correctly on this site. "
            "You can still leave a reply without signing in."
        )
    return f"Signing in with {name} did not work. Please try again."
