"""Old WordPress links keep working after the move: ``/?p=ID``, ``/?page_id=ID``,
``/?attachment_id=ID``, and every address the export linked to (``wordpress.models.OldAddress``).
"""

import re
from urllib.parse import unquote

from django.contrib.auth import get_user_model
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from blog.models import Image, Page, Post
from wordpress.models import OldAddress, WordPressItem

# The second page of a post split with <!--nextpage-->, or of an archive: ".../slug/2".
PAGED_RE = re.compile(r"^(?P<path>.+?)/(?P<page>[0-9]{1,4})$")


class OldAddressMiddleware:
    """Answers an old ``/?p=ID`` link with one 301 to the imported post, if it is public; and an
    old address of the export that our routes do not serve themselves (a 404, or a redirect:
    a slash to add, a post found by its slug alone) with one 301 to what answers for it now.
    Everything else goes on as usual, at no cost: only those answers look in the table."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        readable = request.method in ("GET", "HEAD")
        is_home = request.path == "/" and readable
        if is_home and request.GET and (target := old_link_target(request.GET)):
            return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code in (301, 302, 404) and readable:
            target = old_address_target(request.path)
            if target and unquote(target) != request.path:
                return HttpResponsePermanentRedirect(target)
        return response


def old_link_target(query) -> str | None:
    """Where an old WordPress ``/?p=ID`` (or ``page_id``, ``attachment_id``) link points now,
    if anywhere public."""
    for parameter, kind, model in (
        ("p", WordPressItem.Kind.POST, Post),
        ("page_id", WordPressItem.Kind.PAGE, Page),
        ("p", WordPressItem.Kind.PAGE, Page),  # WordPress answers ?p= for a page too
        ("attachment_id", WordPressItem.Kind.ATTACHMENT, Image),
    ):
        wp_id = query.get(parameter, "")
        if not wp_id.isdigit():
            continue
        object_id = (
            WordPressItem.objects.filter(kind=kind, key=str(int(wp_id)))
            .values_list("object_id", flat=True)
            .first()
        )
        found = public(model).filter(pk=object_id).first() if object_id else None
        if found is not None:
            return address_of(found)
    return None


def old_address_target(path: str) -> str | None:
    """The address now of an old one from the export (its page 2, 3... too), if public."""
    key = OldAddress.key(path)
    old = OldAddress.objects.filter(path=key).select_related("content_type").first()
    suffix = ""
    if old is None and (paged := PAGED_RE.match(key)):
        old = OldAddress.objects.filter(path=paged["path"]).select_related("content_type").first()
        suffix = f"{int(paged['page'])}/"
    if old is None:
        return None
    model = old.content_type.model_class()
    found = public(model).filter(pk=old.object_id).first() if model else None
    if found is None:
        return None
    return address_of(found) + old.suffix + suffix


def public(model):
    """What readers may be sent to: published posts and pages, any term, picture or author."""
    manager = model._default_manager
    return manager.published() if hasattr(manager, "published") else manager.all()


def address_of(row) -> str:
    if isinstance(row, get_user_model()):
        return reverse("blog:author", kwargs={"username": row.get_username()})
    return row.get_absolute_url()
