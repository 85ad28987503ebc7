"""social-auth's URLs (namespace "social"), with sign-in starting only for configured providers.

``/login/<backend>/`` is our guard in front of social-auth's own begin view;
``/complete/<backend>/`` (the callback address registered with each provider) and
``/disconnect/...`` are social-auth's views unchanged.
"""

from django.urls import path
from social_django import urls as social_urls

from accounts import views

app_name = "social"

urlpatterns = [
    path("login/<str:backend>/", views.begin, name="begin"),
    *[
        p
        for p in social_urls.urlpatterns
        if p.name in {"complete", "disconnect", "disconnect_individual"}
    ],
]
