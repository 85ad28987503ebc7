"""social-auth's URLs (namespace "social"), with sign-in starting only for configured providers.

``/login/<backend>/`` is our guard in front of social-auth's own begin view;
``/complete/<backend>/`` (the callback address registered with each provider) and
``/disconnect/...`` are social-auth's views, each handed a ``next`` that passed our one site-only
check (``core.redirects.safe_next``; the callback returns to the ``next`` the start stored); starts
and callbacks are rate limited.
"""

from functools import wraps

from django.urls import path, reverse
from social_django import urls as social_urls

from accounts import views
from core.ratelimit import ratelimit, setting_rate
from core.redirects import safe_next

SIGNIN_MESSAGE = "Too many sign-in attempts from here. Please wait a few minutes and try again."


def limited(view):
    """Sign-in starts and provider callbacks, at most RATELIMIT_SIGNIN per client address."""
    return ratelimit(
        "sign-in",
        setting_rate("RATELIMIT_SIGNIN", "20/10m"),
        methods=None,
        message=SIGNIN_MESSAGE,
    )(view)


def checked_next(view):
    """social-auth reads ``next`` itself: give it only a path on this site (else /account/)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        for method in ("GET", "POST"):
            params = getattr(request, method)
            if "next" in params:
                params = params.copy()
                params["next"] = safe_next(
                    request, params.get("next"), default=reverse("accounts:profile")
                )
                setattr(request, method, params)
        return view(request, *args, **kwargs)

    return wrapped


app_name = "social"

urlpatterns = [
    path("login/<str:backend>/", limited(checked_next(views.begin)), name="begin"),
    *[
        path(str(p.pattern), limited(p.callback), name=p.name)
        if p.name == "complete"
        else path(str(p.pattern), checked_next(p.callback), name=p.name)
        for p in social_urls.urlpatterns
        if p.name in {"complete", "disconnect", "disconnect_individual"}
    ],
]
