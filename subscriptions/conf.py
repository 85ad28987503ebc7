"""The e-mail notification settings and their defaults; override any of them in
``config/settings.py``. Read them as ``app_settings.NAME`` (core.conf)."""

from core.conf import AppSettings

DEFAULTS = {
    # How many times one message is tried before it is given up (and logged as an error).
    "COMMENTS_EMAIL_MAX_ATTEMPTS": 5,
    # Seconds before the first retry of a failed send; each further retry waits twice as long.
    "COMMENTS_EMAIL_RETRY_DELAY": 60,
    # Seconds a confirmation link stays valid.
    "SUBSCRIPTIONS_CONFIRM_MAX_AGE": 7 * 24 * 3600,
    # Confirmation messages to one address, per SUBSCRIPTIONS_ADDRESS_WINDOW seconds.
    "SUBSCRIPTIONS_PER_ADDRESS": 3,
    "SUBSCRIPTIONS_ADDRESS_WINDOW": 24 * 3600,
    # Confirmation messages requested from one IP address, per SUBSCRIPTIONS_IP_WINDOW seconds.
    "SUBSCRIPTIONS_PER_IP": 10,
    "SUBSCRIPTIONS_IP_WINDOW": 3600,
    # Only posts published this many hours ago or less are announced (an imported archive is not).
    "SUBSCRIPTIONS_ANNOUNCE_MAX_AGE_HOURS": 48,
    # The on-site moderation queue linked from the moderators' message.
    "COMMENTS_MODERATION_PATH": "/moderation/",
    # Seconds between two spam digests to one moderator (a day): a spam wave sends one message.
    "COMMENTS_SPAM_DIGEST_INTERVAL": 24 * 3600,
    # Comments listed in one spam digest (the rest are counted, and all are in the Spam view).
    "COMMENTS_SPAM_DIGEST_SIZE": 50,
}

app_settings = AppSettings(DEFAULTS)
