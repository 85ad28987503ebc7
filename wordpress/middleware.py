"""Old WordPress links keep working after the move: ``/?p=ID`` and ``/?page_id=ID``."""

from django.http import HttpResponsePermanentRedirect

from blog.models import Page, Post
from wordpress.models import WordPressItem


class OldAddressMiddleware:
    """Answers an old ``/?p=ID`` (or ``?page_id=ID``) link with one 301 to the imported post,
    if it is public; anything else goes on to the home page as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_home = request.path == "/" and request.method in ("GET", "HEAD")
        if is_home and request.GET and (target := old_link_target(request.GET)):
            return HttpResponsePermanentRedirect(target)
        return self.get_response(request)


def old_link_target(query) -> str | None:
    """Where an old WordPress ``/?p=ID`` or ``/?page_id=ID`` link points now, if anywhere public."""
    for parameter, kind, model in (
        ("p", WordPressItem.Kind.POST, Post),
        ("page_id", WordPressItem.Kind.PAGE, Page),
    ):
        wp_id = query.get(parameter, "")
        if not wp_id.isdigit():
            continue
        object_id = (
            WordPressItem.objects.filter(kind=kind, key=str(int(wp_id)))
            .values_list("object_id", flat=True)
            .first()
        )
        found = model.objects.published().filter(pk=object_id).first() if object_id else None
        if found is not None:
            return found.get_absolute_url()
    return None
