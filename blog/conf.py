"""Defaults of the blog's own settings, in one place. Override any of them in config/settings.py.

Read them through ``blog_settings.NAME``: a changed setting (or a test's override) is seen at once.
"""

from django.conf import settings

DEFAULTS = {
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


class _BlogSettings:
    def __getattr__(self, name: str):
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(settings, name, DEFAULTS[name])


blog_settings = _BlogSettings()
