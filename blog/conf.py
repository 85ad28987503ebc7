"""The blog's own settings and their defaults; override any of them in ``config/settings.py``.
Read them as ``app_settings.NAME`` (core.conf)."""

from core.conf import AppSettings

DEFAULTS = {
    # Posts on each page of the home page, the archives, categories, tags and author pages.
    "BLOG_POSTS_PER_PAGE": 10,
    # Feeds carry each post's full HTML (True) or only its excerpt (False).
    "BLOG_FEED_FULL_CONTENT": True,
    # How many of the newest posts each feed lists.
    "BLOG_FEED_ITEMS": 20,
    # Search results on each page.
    "BLOG_SEARCH_PER_PAGE": 10,
    # Longer queries are cut to this many characters (with a message saying so).
    "BLOG_SEARCH_MAX_LENGTH": 200,
    # Entries in the sidebar's "Recent posts" and "Recent comments".
    "BLOG_SIDEBAR_RECENT": 5,
    # Related posts shown under a post.
    "BLOG_RELATED_POSTS": 4,
    # Revisions kept per post (every save makes one); the oldest are pruned past this.
    "BLOG_REVISIONS_MAX": 50,
    # Seconds between two autosaves of the draft in the editor.
    "BLOG_AUTOSAVE_SECONDS": 5,
    # Largest image file an author may upload, in bytes.
    "BLOG_IMAGE_MAX_UPLOAD_BYTES": 10 * 1024 * 1024,
    # Largest image, in pixels (width x height): stops decompression bombs before decoding.
    "BLOG_IMAGE_MAX_PIXELS": 50_000_000,
    # Widths of the responsive renditions; never wider than the original.
    "BLOG_IMAGE_WIDTHS": (480, 960, 1600),
    # Width of the Open Graph rendition (og:image).
    "BLOG_IMAGE_OG_WIDTH": 1200,
    # Encoder quality for JPEG and WebP renditions (1 to 100).
    "BLOG_IMAGE_QUALITY": 82,
    # The `sizes` attribute of images in a post: how wide they are drawn at each viewport width.
    "BLOG_IMAGE_SIZES": "(min-width: 992px) 600px, (min-width: 768px) 700px, calc(100vw - 24px)",
}


app_settings = AppSettings(DEFAULTS)
