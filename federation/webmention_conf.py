"""Webmention's settings and their defaults (override any in ``config/settings.py``)."""

from core.conf import AppSettings

DEFAULTS = {
    # Webmentions accepted from one source host (the sender's site) per period.
    "WEBMENTION_SOURCE_RATE": "20/h",
    # Largest source page, endpoint page or author photo read, in bytes.
    "WEBMENTION_MAX_BYTES": 1_000_000,
    "WEBMENTION_PHOTO_MAX_BYTES": 500_000,
    # Seconds for a whole fetch, slow bodies included.
    "WEBMENTION_TIMEOUT": 10.0,
    # Redirects followed (each checked again against the network rules).
    "WEBMENTION_MAX_REDIRECTS": 3,
}

app_settings = AppSettings(DEFAULTS)
