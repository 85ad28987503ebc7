""" "Download my data": what Broadsheet keeps about a reader, as one JSON document."""

from django.http import HttpRequest
from django.utils import timezone

from accounts import signals
from accounts.models import User


def user_data(*, user: User, request: HttpRequest) -> dict:
    """The profile, the connected sign-in accounts (no tokens), and what each app keeps about the
    reader (their comments: ``signals.reader_data_requested``)."""
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "email_verified": user.email_verified,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "signed_in_with": user.auth_provider,
            "avatar": request.build_absolute_uri(user.avatar.url) if user.avatar else None,
            "connected_accounts": [
                {
                    "provider": social.provider,
                    "uid": social.uid,
                    "connected": social.created.isoformat(),
                    "last_used": social.modified.isoformat(),
                }
                for social in user.social_auth.order_by("provider", "pk")
            ],
        },
        **signals.reader_data(user=user),
    }
