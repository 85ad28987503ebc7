"""Avatars drawn here, from a salted hash of the e-mail address: no request to any third party,
and the address can't be recovered from the picture's URL."""

import hashlib
import re

from django.conf import settings
from django.urls import reverse

from comments.conf import app_settings

DIGEST_RE = re.compile(r"^[0-9a-f]{32}$")


def email_digest(email: str) -> str:
    salt = app_settings.COMMENTS_AVATAR_SALT or f"avatar:{settings.SECRET_KEY}"
    text = f"{salt}\n{(email or '').strip().lower()}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def avatar_url_for(comment) -> str:
    """The uploaded picture of a signed-in commenter, else the drawn one."""
    user = comment.user if comment.user_id else None
    if user is not None and user.avatar:
        return user.avatar.url
    if user is not None:  # the same picture on every comment of the account
        who = user.email or f"user:{user.pk}"
    else:
        who = comment.author_email or f"name:{comment.author_name}"
    return reverse("comments:avatar", kwargs={"digest": email_digest(who)})


def identicon_svg(digest: str, *, size: int = 5) -> str:
    """A symmetric 5x5 pattern in one colour, like a quilt square, from a 32-hex-digit digest."""
    value = int(digest, 16)
    hue = value % 360
    value //= 360
    colour = f"hsl({hue} 55% 45%)"
    cells = []
    half = (size + 1) // 2
    for column in range(half):
        for row in range(size):
            value, on = divmod(value, 2)
            if on:
                for x in {column, size - 1 - column}:
                    cells.append(f'<rect x="{x}" y="{row}" width="1" height="1"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-0.5 -0.5 {size + 1} {size + 1}" '
        f'width="64" height="64" shape-rendering="crispEdges">'
        f'<rect x="-0.5" y="-0.5" width="{size + 1}" height="{size + 1}" '
        f'fill="hsl({hue} 40% 92%)"/>'
        f'<g fill="{colour}">{"".join(cells)}</g></svg>'
    )
