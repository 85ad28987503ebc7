"""The rendered thread of a post (or a page), shared between readers who see nothing of their own.

Kept in the cache's generation (``core.cache``) under the post, whether comments are closed and
the page of the thread: every change to a comment, a commenter's name, the post or the
discussion settings starts a new generation, so a stale thread is never served.
"""

from urllib.parse import urlencode

from comments.models import target_key
from comments.threads import ORDERS
from core import cache as kept

#: Asked-for page numbers beyond this (or below 1) show the last page, as Django's paginator does.
MAX_PAGE = 100_000
LAST_PAGE = -1


def key(post, *, closed: bool, page_number: int, order: str) -> str:
    """``page_number`` as ``requested_page()`` gives it and ``order`` as ``requested_order()``:
    one key for each page of each order that can be shown."""
    # target_key, not the pk: a post and a page may share an id.
    return kept.key("thread", target_key(post), int(closed), page_number, order)


def requested_order(query, *, default: str) -> str:
    """The order asked for by ``?corder=`` (oldest, newest, best), else the author's default: an
    unknown value is read as no value, so it names no entry of its own."""
    asked = query.get("corder", "")
    return asked if asked in ORDERS else default


def address_query(*, order: str, default_order: str, page: int = 1, expand=None) -> str:
    """The query string of a thread address (``?corder=best&cpage=2``), or "" for the plain one:
    the default order and the first page are left out, so the post's own address stays clean."""
    params = {}
    if order != default_order:
        params["corder"] = order
    if page > 1:
        params["cpage"] = page
    if expand:
        params["cexpand"] = expand
    return f"?{urlencode(params)}" if params else ""


def requested_page(query) -> int:
    """The thread page asked for by ``?cpage=``: 1 when missing or not a number, LAST_PAGE when
    out of range. Both the key and the paginator use it, so what a reader types into the address
    can name only a bounded set of cache entries, each holding what its key says."""
    try:
        number = int(query.get("cpage", 1))
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= MAX_PAGE else LAST_PAGE
