"""Project-wide middleware: the security headers Django does not send itself, and a gate that
answers hostile input (NUL bytes, malformed UTF-8, oversized bodies) with a 4xx before any view
or database sees it."""

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext_lazy as _

from core.errors import render_error

FORM_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` (settings.PERMISSIONS_POLICY): no camera, microphone, ...

    ``{"camera": [], "fullscreen": ["self"]}`` becomes ``camera=(), fullscreen=(self)``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in getattr(settings, "PERMISSIONS_POLICY", {}).items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def _raw_bytes(text: str) -> bytes:
    """WSGI hands over the raw bytes of the path and query string decoded as Latin-1."""
    try:
        return text.encode("iso-8859-1")
    except UnicodeEncodeError:  # ASGI servers decode as UTF-8 already
        return text.encode("utf-8", "surrogatepass")


def _bad_bytes(raw: bytes) -> str:
    """Why these bytes cannot be accepted as text, or an empty string if they can."""
    if b"\x00" in raw:
        return "NUL"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "UTF-8"
    return ""


def _bad_form_encoded(raw: bytes) -> str:
    """Like _bad_bytes, for application/x-www-form-urlencoded data (query strings, form bodies)."""
    return _bad_bytes(unquote_to_bytes(raw.replace(b"+", b" ")))


MESSAGES = {
    "NUL": _("The request contained a NUL character, which this site does not accept."),
    "UTF-8": _("The request was not valid UTF-8 text. Please check the address or the form."),
}


class RejectHostileInputMiddleware:
    """400 for NUL bytes or malformed UTF-8 in the path, query string, cookies or form fields;
    413 for a body over settings.MAX_REQUEST_SIZE or DATA_UPLOAD_MAX_MEMORY_SIZE.

    PostgreSQL refuses NUL in text, so without this a NUL in ``/author/<name>/`` or a form field
    would end in a 500. File contents are not checked (an upload may hold any bytes); field values
    and file names of multipart forms are checked for NUL only (their decoding is lenient).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            problem = self.find_problem(request)
        except RequestDataTooBig:
            return render_error(request, "413.html", 413)
        except (SuspiciousOperation, MultiPartParserError):
            # Too many fields or files, a broken multipart body, ...
            return render_error(request, "400.html", 400)
        if problem:
            return render_error(request, "400.html", 400, message=MESSAGES[problem])
        return self.get_response(request)

    def find_problem(self, request) -> str:
        # Django re-percent-encodes bytes of the path that are not UTF-8 ("/a%FF/" stays so in
        # path_info), so decoding path_info once more finds them (and a percent-encoded NUL).
        problem = _bad_bytes(unquote_to_bytes(request.path_info))
        problem = problem or _bad_form_encoded(_raw_bytes(request.META.get("QUERY_STRING", "")))
        if not problem and any("\x00" in value for value in request.COOKIES.values()):
            problem = "NUL"
        if problem or request.method not in FORM_BODY_METHODS:
            return problem
        return self.find_problem_in_body(request)

    def find_problem_in_body(self, request) -> str:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads a broken Content-Length as an empty body too
        if length > settings.MAX_REQUEST_SIZE:
            raise RequestDataTooBig("The request body is larger than MAX_REQUEST_SIZE.")
        content_type = request.content_type
        if content_type == "application/x-www-form-urlencoded":
            return _bad_form_encoded(request.body)
        if content_type == "multipart/form-data":
            texts = [text for key, values in request.POST.lists() for text in [key, *values]]
            texts += [upload.name or "" for upload in request.FILES.values()]
            if any("\x00" in text for text in texts):
                return "NUL"
        return ""
