"""Sign-in failures come back to the page the reader started from, with a plain message."""

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
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
        name = provider_name(getattr(backend, "name", "")) or _("the provider")
        if not isinstance(exception, SocialAuthBaseException):
            return _("Signing in with %(name)s did not work. Please try again.") % {"name": name}
        return sign_in_error_message(exception, name)


def sign_in_error_message(exception: SocialAuthBaseException, name: str) -> str:
    """What the reader reads after a failed sign-in, in plain words."""
    if isinstance(exception, AuthCanceled):
        return _(
            "Signing in with %(name)s was cancelled. You can try again, "
            "or leave a reply without signing in."
        ) % {"name": name}
    if isinstance(exception, AuthSessionError | AuthInputError):
        return _("Signing in with %(name)s was interrupted or took too long. Please try again.") % {
            "name": name
        }
    if isinstance(exception, AuthAssociationError):
        if exception.code == "identity_in_use":
            return _("That %(name)s account is already connected to another reader here.") % {
                "name": name
            }
        return _("That %(name)s account could not be connected to this one.") % {"name": name}
    if isinstance(exception, AuthPolicyError):
        if exception.code == "disconnect_disallowed":
            return _(
                "%(name)s is your only way to sign in, so it stays connected. "
                "Connect another account first."
            ) % {"name": name}
        if exception.detail == "staff account":
            return _("Staff accounts sign in with a password at /admin/.")
        if exception.detail == "inactive account":
            return _("This account has been closed.")
        return _("Signing in with %(name)s is not allowed here.") % {"name": name}
    if isinstance(exception, AuthProviderError):
        if exception.code in SLOW_PROVIDER_CODES:
            return _("%(name)s did not answer in time. Please try again in a moment.") % {
                "name": name
            }
        return _("%(name)s refused the sign-in. Please try again later.") % {"name": name}
    if isinstance(exception, AuthResponseError):
        if exception.claim == "email_verified":
            return _(
                "%(name)s has not confirmed your e-mail address, so we can't sign you in with it."
            ) % {"name": name}
        return _("%(name)s sent an answer we could not use. Please try again later.") % {
            "name": name
        }
    if isinstance(exception, AuthCredentialError):
        return _("%(name)s did not accept the sign-in. Please try again.") % {"name": name}
    if isinstance(exception, AuthConfigurationError):
        return _(
            "Signing in with %(name)s is not set up correctly on this site. "
            "You can still leave a reply without signing in."
        ) % {"name": name}
    return _("Signing in with %(name)s did not work. Please try again.") % {"name": name}
