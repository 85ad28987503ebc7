"""The WordPress import's own settings and their defaults; read them as ``app_settings.NAME``
(core.conf)."""

from core.conf import AppSettings

DEFAULTS = {
    # --fetch-media: the largest file taken from the old site, in bytes (pictures are held to
    # BLOG_IMAGE_MAX_UPLOAD_BYTES as well, by the images pipeline).
    "WORDPRESS_FETCH_MAX_BYTES": 20 * 1024 * 1024,
    # --fetch-media: seconds one file may take, slow answers included.
    "WORDPRESS_FETCH_TIMEOUT": 30.0,
}

app_settings = AppSettings(DEFAULTS)
