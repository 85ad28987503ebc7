"""The accounts app's own settings and their defaults; override any of them in
``config/settings.py``. Read them as ``app_settings.NAME`` (core.conf)."""

from core.conf import AppSettings

DEFAULTS = {
    # Side, in pixels, of the square avatar kept for a reader (shown at half that size on screens).
    "ACCOUNTS_AVATAR_SIZE": 96,
    # Largest picture, in bytes, fetched from a provider; anything bigger is ignored.
    "ACCOUNTS_AVATAR_MAX_BYTES": 2_000_000,
    # Seconds to wait for the provider's picture before giving up (the reader is waiting too).
    "ACCOUNTS_AVATAR_TIMEOUT": 4.0,
    # Name under which a deleted reader's kept comments are shown.
    "ACCOUNTS_DELETED_USER_NAME": "Deleted user",
}

app_settings = AppSettings(DEFAULTS)
