"""Error pages that work when everything else is failing.

They render a standalone template (``templates/errors/base.html``) with only the CSP nonce in the
context: no context processors, so no database query, and no static-file manifest lookup. A lost
database connection (``OperationalError``/``InterfaceError`` anywhere in the request: a view, a
template, a middleware) answers 503 instead of 500.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.template import loader
from django.utils.csp import CONTEXT_KEY

DATABASE_DOWN_RETRY_AFTER = 30  # seconds, sent as Retry-After with the 503 page


def render_error(request, template_name: str, status: int, **context) -> HttpResponse:
    """A plain styled error page; safe to call without a working database."""
    context[CONTEXT_KEY] = get_nonce(request) if request is not None else None
    body = loader.get_template(template_name).render(context)
    response = HttpResponse(body, status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


def bad_request(request, exception=None):
    return render_error(request, "400.html", 400)


def server_error(request):
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        response = render_error(request, "503.html", 503)
        response.headers["Retry-After"] = str(DATABASE_DOWN_RETRY_AFTER)
        return response
    return render_error(request, "500.html", 500)
