"""The rendered article of a post, shared by every reader of the public post page.

The post page's own part (the head metadata, the article with its byline, body, image and tags,
the related posts, the previous/next links) depends on nobody's session, so it is rendered once
and kept in the default cache; only the comment section (``comments.thread_cache``), the sidebar
and the surrounding page are put together per request. This is what makes a rendered post page
cheap when the page cache is off or cannot serve the reader (someone signed in, a session).

The key names the post, when it last changed, and the page cache's generation
(``blog.pagecache``): every change to public content starts a new generation (``blog.signals``:
posts, pages, categories, tags, images, the blog identity, an author's name, a visible comment,
the discussion settings), and so does the arrival of a scheduled post's time, which changes the
previous/next links and related posts. A stale article is never served: a change makes a new key,
and the old entry just expires. Drafts, scheduled posts and previews are never kept.
"""

from django.core.cache import cache

from blog import pagecache

PREFIX = "blog:article"
TIMEOUT = 24 * 3600
#: Moves on when the fragment's templates change shape (old entries are then ignored).
VERSION = "1"


def key(post) -> str:
    found = cache.get_many([pagecache.STATE_KEY, pagecache.NEXT_KEY])
    generation = pagecache.current_generation(found)
    changed = post.updated_at.timestamp() if post.updated_at else 0
    return f"{PREFIX}:{VERSION}:{post.pk}:{changed}:{generation}"


def get(cache_key: str) -> dict | None:
    return cache.get(cache_key)


def put(cache_key: str, parts: dict) -> None:
    cache.set(cache_key, parts, timeout=TIMEOUT)
