"""The JavaScript's own texts, from our catalogues (Django's JavaScript catalog, served here).

The address names the language (``/jsi18n/fa/``), so a browser or a proxy may keep it for a day:
when the blog's language changes, its pages name the new address. The page cache keeps it too.
"""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.i18n import JavaScriptCatalog

CATALOG_MAX_AGE = 24 * 60 * 60

_catalog = JavaScriptCatalog.as_view(domain="djangojs")


def javascript_catalog(request, language: str):
    if language not in dict(settings.LANGUAGES):
        raise Http404("No such language.")
    with translation.override(language):
        response = _catalog(request)
    patch_cache_control(response, public=True, max_age=CATALOG_MAX_AGE)
    return response
