"""ActivityPub's settings and their defaults (each may be set in config/settings.py)."""

from core.conf import AppSettings

DEFAULTS = {
    # A signed request's Date may be this many seconds away from our clock, either way. Mastodon
    # signs each delivery as it sends it, so five minutes is room for clocks and queues; a copy
    # replayed later is refused, and one replayed sooner is caught by the seen-signature cache.
    "FEDERATION_SIGNATURE_WINDOW": 5 * 60,
    # The largest activity the inbox reads (bytes); Mastodon's own limit is about 1 MB.
    "FEDERATION_INBOX_MAX_BYTES": 1_000_000,
    # A delivery is tried this many times in all...
    "FEDERATION_DELIVERY_MAX_ATTEMPTS": 8,
    # ...waiting this many seconds before the second try, twice as long before each next one.
    "FEDERATION_DELIVERY_RETRY_DELAY": 60,
    # An actor's key and profile are fetched again when older than this (seconds; a day).
    "FEDERATION_ACTOR_REFRESH": 24 * 3600,
    # The largest avatar fetched (bytes).
    "FEDERATION_AVATAR_MAX_BYTES": 2_000_000,
    # Items on each page of the outbox and of the followers collection.
    "FEDERATION_COLLECTION_PAGE_SIZE": 20,
    # RSA key size of the blog's key pair (Mastodon's is 2048).
    "FEDERATION_KEY_SIZE": 2048,
}

app_settings = AppSettings(DEFAULTS)
