"""The comments app's settings and their defaults, in one place.

Each ``COMMENTS_*`` setting may be overridden in ``config/settings.py`` (or the environment, where
the settings module reads it). The discussion settings that the author edits in the admin
(``comments.models.DiscussionSettings``) take their defaults from the ``default_*`` functions below,
so a fresh site behaves as ``settings.py`` says until someone saves that row.
"""

from core.conf import AppSettings

DEFAULTS = {
    # Replies nest this deep; deeper replies attach at the last level.
    "COMMENTS_MAX_DEPTH": 5,
    # Top-level comments per page of a long thread.
    "COMMENTS_PER_PAGE": 50,
    # "oldest", "newest" or "best" (most liked) first: top-level comments for a reader who has not
    # chosen (replies are always oldest first).
    "COMMENTS_ORDER": "oldest",
    # Close comments on posts older than this many days (None: never).
    "COMMENTS_CLOSE_AFTER_DAYS": None,
    # Hold every comment for moderation.
    "COMMENTS_HOLD_ALL": False,
    # Approve an e-mail address's comments once one of them has been approved; hold first ones.
    "COMMENTS_TRUST_APPROVED_AUTHORS": True,
    # Publish replies written elsewhere (webmentions, Fediverse replies) without moderation.
    "COMMENTS_TRUST_REMOTE_REPLIES": False,
    # Hold a comment with this many links or more (0: never).
    "COMMENTS_HOLD_LINKS": 2,
    # Anonymous commenters must give a name and an e-mail address.
    "COMMENTS_REQUIRE_NAME_EMAIL": True,
    # Longest comment, in characters.
    "COMMENTS_MAX_LENGTH": 5000,
    # Minutes a commenter may edit or delete their comment (until someone replies).
    "COMMENTS_EDIT_MINUTES": 15,
    # Under each comment this many replies show; the rest fold behind "Show N more replies".
    "COMMENTS_SHOWN_REPLIES": 3,
    # Replies deeper than this level fold behind "Show N more replies" (1: top level).
    "COMMENTS_SHOWN_DEPTH": 2,
    # Flood control: one comment per IP address per this many seconds...
    "COMMENTS_FLOOD_SECONDS": 15,
    # ...and at most this many per IP address per hour.
    "COMMENTS_HOURLY_LIMIT": 30,
    # A form sent back sooner than this (seconds) after its page was shown is held for a
    # moderator (spam only with the hidden field filled in too: comments.moderation).
    "COMMENTS_MIN_FORM_SECONDS": 3,
    # A form whose timestamp is older than this (seconds; two days) is held for a moderator.
    "COMMENTS_MAX_FORM_AGE": 2 * 24 * 3600,
    # Spam is deleted this many days after it became spam (manage.py purge_spam).
    "COMMENTS_SPAM_PURGE_DAYS": 30,
    # Salt of the e-mail hash the avatars are drawn from (empty: derived from SECRET_KEY).
    "COMMENTS_AVATAR_SALT": "",
    # A reader's own comments on each page of /account/comments/.
    "COMMENTS_ACCOUNT_PER_PAGE": 20,
    # Likes and unlikes one reader (address and account) may send (core.ratelimit's rate).
    "COMMENTS_LIKE_RATE": "30/m",
    # Entries in the site-wide comments feed.
    "COMMENTS_FEED_SIZE": 30,
}


app_settings = AppSettings(DEFAULTS)


# Defaults of the discussion settings row (model field defaults must be importable functions).
def default_max_depth() -> int:
    return app_settings.COMMENTS_MAX_DEPTH


def default_per_page() -> int:
    return app_settings.COMMENTS_PER_PAGE


def default_order() -> str:
    return app_settings.COMMENTS_ORDER


def default_close_after_days() -> int | None:
    return app_settings.COMMENTS_CLOSE_AFTER_DAYS


def default_hold_all() -> bool:
    return app_settings.COMMENTS_HOLD_ALL


def default_trust_approved_authors() -> bool:
    return app_settings.COMMENTS_TRUST_APPROVED_AUTHORS


def default_trust_remote_replies() -> bool:
    return app_settings.COMMENTS_TRUST_REMOTE_REPLIES


def default_hold_links() -> int:
    return app_settings.COMMENTS_HOLD_LINKS


def default_require_name_email() -> bool:
    return app_settings.COMMENTS_REQUIRE_NAME_EMAIL
