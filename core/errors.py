"""Error pages that work when everything else is failing.

They render a standalone template (``templates/errors/base.html``) with only the CSP nonce in the
context: no context processors, so no database query, and no static-file manifest lookup. A lost
database connection (``OperationalError``/``InterfaceError`` anywhere in the request: a view, a
template, a middleware) answers 503 instead of 500, and so does a write that gave up waiting for
another's lock (the timeouts in config/settings.py). A POST view marked ``@resendable`` gets what
the reader sent back on that 503 page, with a button to send it again.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.csp import CONTEXT_KEY

DATABASE_DOWN_RETRY_AFTER = 30  # seconds, sent as Retry-After with the 503 page


def render_error(request, template_name: str, status: int, **context) -> HttpResponse:
    """A plain styled error page; safe to call without a working database."""
    context[CONTEXT_KEY] = get_nonce(request) if request is not None else None
    body = loader.get_template(template_name).render(context)
    response = HttpResponse(body, status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


def resendable(*, shown: tuple[str, ...]):
    """Mark a POST view whose form the 503 page gives back when the database fails under it
    (anywhere in the request, middleware included): the ``shown`` fields in boxes the reader sees
    and may edit, the others hidden, and a button that sends it all again. The view must make a
    second sending harmless (a comment's submission key stores it once)."""

    def decorator(view):
        view.resend_fields = shown  # kept by functools.wraps in the decorators around it
        return view

    return decorator


def _resend_form(request) -> dict | None:
    """The form to send again ({action, fields}), or None when there is none to offer."""
    if request is None or request.method != "POST":
        return None
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return None
    shown = getattr(view, "resend_fields", None)
    if shown is None:
        return None
    fields = [
        {"name": name, "value": value, "shown": name in shown}
        for name, values in request.POST.lists()
        for value in values
    ]
    return {"action": request.path, "fields": fields}


def bad_request(request, exception=None):
    return render_error(request, "400.html", 400)


def server_error(request):
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        response = render_error(request, "503.html", 503, resend=_resend_form(request))
        response.headers["Retry-After"] = str(DATABASE_DOWN_RETRY_AFTER)
        return response
    return render_error(request, "500.html", 500)
