"""CSRF protection for forms on pages that the page cache shares between anonymous readers.

A cached page cannot carry a CSRF token: the token belongs to one browser's cookie, and the page
is served to every reader without a session. So the forms anonymous readers see on public pages
(the comment form, the sign-in buttons, the subscribe forms) carry none, and their views are
protected by the browser's own statement of where the request comes from: ``Origin`` (sent with
every POST by current browsers) or, without it, ``Sec-Fetch-Site``. A request that cannot be
vouched for that way must pass Django's usual token check instead, so nothing is weaker than
``CsrfViewMiddleware``: a cross-site form post is refused either way.
"""

import functools

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def is_same_origin(request) -> bool:
    """True when the browser says this request was sent by a page of this site."""
    origin = request.META.get("HTTP_ORIGIN")
    if origin:
        site = f"{request.scheme}://{request.get_host()}"
        return origin == site or origin in settings.CSRF_TRUSTED_ORIGINS
    return request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"


def _token_check(request):
    """Django's own CSRF check (token and cookie): None when it passes, else the 403 response."""
    middleware = CsrfViewMiddleware(lambda request: None)
    return middleware.process_view(request, None, (), {})


def same_origin_post(view):
    """Protect the view behind a form shown on cached pages (see the module's docstring)."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if request.method not in SAFE_METHODS and not is_same_origin(request):
            refusal = _token_check(request)
            if refusal is not None:
                return refusal
        return view(request, *args, **kwargs)

    return csrf_exempt(checked)
