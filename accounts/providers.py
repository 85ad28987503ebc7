"""The sign-in providers Broadsheet offers, and which of them have keys in this deployment.

One list, so the sign-in block, /account/, the begin-view guard and ``manage.py signin_providers``
agree on names, icons and settings.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Provider:
    backend: str  # social-auth's backend name, as in /login/<backend>/ and /complete/<backend>/
    name: str  # what a reader sees: "You are commenting using your Google account."
    icon: str  # static path of our copy of the provider's icon
    setting_prefix: str  # SOCIAL_AUTH_<prefix>_KEY / _SECRET

    @property
    def key_setting(self) -> str:
        return f"SOCIAL_AUTH_{self.setting_prefix}_KEY"

    @property
    def secret_setting(self) -> str:
        return f"SOCIAL_AUTH_{self.setting_prefix}_SECRET"

    @property
    def is_configured(self) -> bool:
        return bool(getattr(settings, self.key_setting, "")) and bool(
            getattr(settings, self.secret_setting, "")
        )


PROVIDERS: tuple[Provider, ...] = (
    Provider("google-oauth2", "Google", "img/social/google.svg", "GOOGLE_OAUTH2"),
    Provider("twitter-oauth2", "X (Twitter)", "img/social/x.svg", "TWITTER_OAUTH2"),
    Provider("facebook", "Facebook", "img/social/facebook.svg", "FACEBOOK"),
)
_BY_BACKEND = {provider.backend: provider for provider in PROVIDERS}


def configured_providers() -> list[Provider]:
    """The providers whose key and secret are both set: only these get a button."""
    return [provider for provider in PROVIDERS if provider.is_configured]


def get_provider(backend: str) -> Provider | None:
    return _BY_BACKEND.get(backend)


def provider_name(backend: str) -> str:
    """ "Google" for "google-oauth2"; unknown backends keep their own name."""
    provider = _BY_BACKEND.get(backend)
    return provider.name if provider else backend


def provider_icon(backend: str) -> str:
    """ "img/social/google.svg" for "google-oauth2" (for ``{% static %}``); "" when unknown."""
    provider = _BY_BACKEND.get(backend)
    return provider.icon if provider else ""


# social-auth tags its error messages "social-auth <backend>"; ours ("You are signed out.") too.
# The sign-in block and /account/ show these beside the buttons; includes/messages.html skips them.
SIGNIN_MESSAGE_TAG = "social-auth"
