"""Old WordPress links keep working after the move: ``/?p=ID``, ``/?page_id=ID``,
``/?attachment_id=ID``, and every address the export linked to (``wordpress.models.OldAddress``);
and the addresses every WordPress site answers that other sites, bookmarks and feed readers keep:
``/?s=term`` (search), ``/?feed=rss2``, ``/feed/rss2/`` and the other feed types, ``/?m=201510``
and ``/?year=…&monthnum=…`` (archives), ``/?tag=slug``, ``/?category_name=slug``.
"""

import re
from urllib.parse import unquote, urlencode

from django.contrib.auth import get_user_model
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from blog.models import Category, Image, Page, Post
from wordpress.models import OldAddress, WordPressItem

# The second page of a post split with <!--nextpage-->, or of an archive: ".../slug/2".
PAGED_RE = re.compile(r"^(?P<path>.+?)/(?P<page>[0-9]{1,4})$")
# WordPress's other feed types under any feed address (/feed/rss2/, /category/x/feed/rdf/...):
# we serve RSS 2.0 at .../feed/ (and Atom at .../feed/atom/, whose 404 is a true one).
FEED_TYPE_RE = re.compile(r"^(?P<base>/(?:.*/)?)feed/(?:rss2|rss|rdf)/$")
# ``?m=`` archives: a year, a month or a day, digits only (WordPress's own form).
M_RE = re.compile(r"^(?P<year>[0-9]{4})(?P<month>[0-9]{2})?(?P<day>[0-9]{2})?$")
# ``?feed=`` values WordPress knows, and where each is here.
QUERY_FEEDS = {
    "rss2": "blog:feed",
    "rss": "blog:feed",
    "rdf": "blog:feed",
    "atom": "blog:feed-atom",
    "comments-rss2": "comments:feed",
    "comments-atom": "comments:feed-atom",
}


class OldAddressMiddleware:
    """Answers an old ``/?p=ID`` link with one 301 to the imported post, if it is public, and
    WordPress's other query-string addresses with one 301 to ours; an old address of the export
    that our routes do not serve themselves (a 404, or a redirect: a slash to add, a post found
    by its slug alone) with one 301 to what answers for it now; a 404 at another feed type
    (``…/feed/rss2/``) with one 301 to the feed. Everything else goes on as usual, at no cost:
    only those answers look in the table."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        readable = request.method in ("GET", "HEAD")
        is_home = request.path == "/" and readable
        if is_home and request.GET and (target := old_query_target(request.GET)):
            return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code in (301, 302, 404) and readable:
            target = old_address_target(request.path)
            if target and unquote(target) != request.path:
                return HttpResponsePermanentRedirect(target)
        if response.status_code == 404 and readable and (feed := FEED_TYPE_RE.match(request.path)):
            # Another feed type of a feed: its RSS 2.0.
            return HttpResponsePermanentRedirect(f"{feed['base']}feed/")
        return response


def old_query_target(query) -> str | None:
    return old_link_target(query) or query_link_target(query)


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


def query_link_target(query) -> str | None:
    """Where a WordPress query-string address (search, feed, archive, tag, category) is now.
    Values that WordPress itself would not read (``?m=abc``) are left to the home page."""
    if term := query.get("s", "").strip():
        return f"{reverse('blog:search')}?{urlencode({'q': term})}"
    if name := QUERY_FEEDS.get(query.get("feed", "")):
        return reverse(name)
    if match := M_RE.match(query.get("m", "")):
        return archive_address(match["year"], match["month"], match["day"])
    year, month, day = (query.get(name, "") for name in ("year", "monthnum", "day"))
    if re.fullmatch(r"[0-9]{4}", year):
        digits = [part for part in (month, day) if re.fullmatch(r"[0-9]{1,2}", part)]
        return archive_address(year, *(part.zfill(2) for part in digits))
    if tag := query.get("tag", "").strip():
        return reverse("blog:tag", kwargs={"slug": tag})
    if slug := query.get("category_name", "").strip():
        category = Category.objects.filter(slug=slug.rsplit("/", 1)[-1]).first()
        return category.get_absolute_url() if category else None
    return None


def archive_address(year: str, month: str | None = None, day: str | None = None) -> str:
    """The archive of a year, a month or a day; a month or day out of range goes up a level."""
    if month and 1 <= int(month) <= 12:
        if day and 1 <= int(day) <= 31:
            return reverse("blog:archive-day", kwargs={"year": year, "month": month, "day": day})
        return reverse("blog:archive-month", kwargs={"year": year, "month": month})
    return reverse("blog:archive-year", kwargs={"year": year})


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
