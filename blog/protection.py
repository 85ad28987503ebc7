"""Password-protected posts, as WordPress does them: the right password, once typed, unlocks the
post for 10 days through a signed cookie of that post's own (``postpass_<id>``). Its path is the
whole site, as WordPress's is: the comment form of the post sends to the comments app's address,
which must see the cookie too (``Post.is_locked_for``).

The cookie holds a digest of the password, so changing or removing the password locks every
browser out again. A reader with such a cookie is served no shared page at all: the page cache
never keeps their pages (``blog.pagecache.request_is_anonymous``).
"""

import datetime

from django.utils.crypto import constant_time_compare, salted_hmac

COOKIE_PREFIX = "postpass_"
COOKIE_SALT = "blog.protection"
COOKIE_AGE = datetime.timedelta(days=10)


def cookie_name(post) -> str:
    return f"{COOKIE_PREFIX}{post.pk}"


def _digest(post) -> str:
    value = f"{post.pk}:{post.password}"
    return salted_hmac(COOKIE_SALT, value, algorithm="sha256").hexdigest()[:32]


def password_required(request, post) -> bool:
    """True while ``post`` has a password that this reader has not given (in the last 10 days)."""
    if not post.password:
        return False
    given = request.get_signed_cookie(
        cookie_name(post), default="", salt=COOKIE_SALT, max_age=COOKIE_AGE
    )
    return not constant_time_compare(given, _digest(post))


def is_right_password(post, typed: str) -> bool:
    return bool(post.password) and constant_time_compare(typed, post.password)


def unlock(response, request, post) -> None:
    """Remember on ``response`` that this browser gave the post's password."""
    response.set_signed_cookie(
        cookie_name(post),
        _digest(post),
        salt=COOKIE_SALT,
        max_age=int(COOKIE_AGE.total_seconds()),
        path="/",  # the post's addresses and its comment form's (comments.views.create)
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def has_unlock_cookie(cookies) -> bool:
    """Whether a request carries any post's unlock cookie (its page is then its own)."""
    return any(name.startswith(COOKIE_PREFIX) for name in cookies)
