"""The "Save my name, email, and website" box: a cookie kept for a year, as WordPress does.

The cookie is the browser's own (not the session, which lasts two weeks), readable by
``static/js/comments.js`` so that a page from the page cache is filled in too. It holds only what
the commenter typed for themselves; it is read back as plain strings and escaped like any input.
"""

import json
from urllib.parse import quote, unquote

from django.conf import settings

COOKIE_NAME = "comment_author"
MAX_AGE = 365 * 24 * 3600
FIELDS = {"author": 100, "email": 254, "url": 300}


def saved_author(request) -> dict:
    """The name, e-mail and website this browser asked to keep (missing or mangled: none)."""
    raw = getattr(request, "COOKIES", {}).get(COOKIE_NAME, "")
    try:
        data = json.loads(unquote(raw)) if raw else {}
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        name: value[:limit]
        for name, limit in FIELDS.items()
        if isinstance(value := data.get(name), str) and value
    }


def save_author(response, *, remember: bool, name: str, email: str, url: str) -> None:
    """Keep the details for a year, or forget them now (the box was left unticked)."""
    if not remember:
        response.delete_cookie(COOKIE_NAME, samesite="Lax")
        return
    value = json.dumps({"author": name, "email": email, "url": url}, separators=(",", ":"))
    response.set_cookie(
        COOKIE_NAME,
        quote(value, safe=""),
        max_age=MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=False,  # comments.js fills in a cached page's form from it
        samesite="Lax",
    )
