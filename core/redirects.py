"""Where a reader may be sent back to after signing in or out: only paths on this site."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, value: object, default: str = "/") -> str:
    """``value`` when it is a path on this site (``/2015/10/27/a-post/#respond``), else ``default``.

    Absolute URLs, scheme-relative ``//host`` addresses, backslash tricks and control characters
    are all refused, so a crafted ``next`` can never send a reader to another site.
    """
    if (
        isinstance(value, str)
        and value.startswith("/")
        and not value.startswith("//")
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return default
