"""The public post page's own part, shared by every reader: the post and its rendered article.

The post page's own part (the head metadata, the article with its byline, body, image and tags,
the related posts, the previous/next links) depends on nobody's session, so it is rendered once
and kept in the default cache together with the post itself; only the comment section
(``comments.thread_cache``), the sidebar and the surrounding page are put together per request.
A reader of a public post whose article is kept therefore costs no query for the post: this is
what makes a rendered post page cheap when the page cache is off or cannot serve the reader
(someone signed in, a session).

The key names the page's address and the page cache's generation (``blog.pagecache``): every
change to public content starts a new generation (``blog.signals``: posts, pages, categories,
tags, images, the blog identity, an author's name, a visible comment, the discussion settings),
and so does the arrival of a scheduled post's time, which changes the previous/next links and
related posts. A stale article is never served: a change makes a new key, and the old entry just
expires. Only public posts at their own address are kept: never drafts, scheduled posts,
previews or a wrong-date address (which redirects). Since a key never comes back with another
value, each process also keeps its own copies of the entries it read (``core.localcache``).
"""

import copy
import hashlib

from django.core.cache import cache

from blog import pagecache
from core.localcache import ImmutableEntries

PREFIX = "blog:article"
TIMEOUT = 24 * 3600
#: Moves on when the entry's shape or the fragment's templates change (old entries are ignored).
VERSION = "2"
#: The post's texts are already in the rendered article; the rest of the page never reads them
#: (were it to, Django would load them, as for any deferred field).
LEFT_OUT_FIELDS = ("body", "body_html")

_entries = ImmutableEntries(max_entries=128)


def key(path: str) -> str:
    """The key of the article at ``path`` in the current generation."""
    found = cache.get_many([pagecache.STATE_KEY, pagecache.NEXT_KEY])
    generation = pagecache.current_generation(found)
    # Hashed: an address may be long or hold characters some cache backends refuse in keys.
    digest = hashlib.sha256(path.encode()).hexdigest()[:40]
    return f"{PREFIX}:{VERSION}:{generation}:{digest}"


def get(cache_key: str) -> dict | None:
    """``{"post", "head", "article"}`` when kept, else None."""
    return _entries.get(cache_key)


def put(cache_key: str, *, post, head: str, article: str) -> None:
    kept = copy.copy(post)
    for name in LEFT_OUT_FIELDS:
        kept.__dict__.pop(name, None)
    _entries.set(cache_key, {"post": kept, "head": head, "article": article}, timeout=TIMEOUT)
