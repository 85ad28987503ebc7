"""Every page in the blog's own time zone (Blog.time_zone), as its addresses are, and in the
blog's own language (Blog.language): the blog has one of each, whoever reads it."""

from django.conf import settings
from django.db import DatabaseError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from blog.models import Blog


class BlogTimeZoneMiddleware:
    """Activates the blog's time zone for the request: archives, dates on pages and the admin
    agree with the dates in the posts' addresses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with timezone.override(Blog.current().zone):
            return self.get_response(request)


def blog_language() -> str:
    """The blog's language; LANGUAGE_CODE while the database cannot say (a 503 page)."""
    try:
        return Blog.current().language
    except DatabaseError:
        return translation.get_supported_language_variant(settings.LANGUAGE_CODE)


def staff_language(request) -> str | None:
    """The language a staff member chose for the admin (the language form there sets Django's
    language cookie), else their browser's; None if neither names one we ship."""
    return translation.get_language_from_request(request) if _names_a_language(request) else None


def _names_a_language(request) -> bool:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen and translation.check_for_language(chosen):
        return True
    accepted = request.headers.get("Accept-Language", "")
    for code, _quality in translation.trans_real.parse_accept_lang_header(accepted):
        try:
            translation.get_supported_language_variant(code)
        except LookupError:
            continue
        return True
    return False


def _in_admin(request) -> bool:
    try:
        return request.path_info.startswith(reverse("admin:index"))
    except NoReverseMatch:  # a site without the admin
        return False


class BlogLanguageMiddleware:
    """Activates the blog's language for every public page, whatever a reader's browser asks for,
    so a page is the same for every reader and the page cache keeps one copy of it. Only the
    admin follows the staff member's own choice (and varies on it; it is never cached)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        in_admin = _in_admin(request)
        language = (in_admin and staff_language(request)) or blog_language()
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        if in_admin:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
