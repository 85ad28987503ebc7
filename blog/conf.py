"""The blog app's settings and their defaults, in one place. Override any of them in settings."""

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


def get(name: str):
    """The project's value of a blog setting, or its default."""
    return getattr(settings, name, DEFAULTS[name])
