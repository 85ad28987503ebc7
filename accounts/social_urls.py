"""social-auth's URLs (namespace "social"), with sign-in starting only for configured providers.

``/login/<backend>/`` is our guard in front of social-auth's own begin view;
``/complete/<backend>/`` (the callback address registered with each provider) and
``/disconnect/...`` are social-auth's views unchanged; starts and callbacks are rate limited.
"""

from django.urls import path
from social_django import urls as social_urls

from accounts import views
from core.ratelimit import ratelimit, setting_rate

SIGNIN_MESSAGE = "Too many sign-in attempts from here. Please wait a few minutes and try again."


def limited(view):
    """Sign-in starts and provider callbacks, at most RATELIMIT_SIGNIN per client address."""
    return ratelimit(
        "sign-in",
        setting_rate("RATELIMIT_SIGNIN", "20/10m"),
        methods=None,
        message=SIGNIN_MESSAGE,
    )(view)


app_name = "social"

urlpatterns = [
    path("login/<str:backend>/", limited(views.begin), name="begin"),
    *[
        path(str(p.pattern), limited(p.callback), name=p.name) if p.name == "complete" else p
        for p in social_urls.urlpatterns
        if p.name in {"complete", "disconnect", "disconnect_individual"}
    ],
]
