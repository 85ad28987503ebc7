"""Avatars drawn here, from a salted hash of the e-mail address: no request to any third party,
and the address can't be recovered from the picture's URL."""

import hashlib
import io
import re

from django.conf import settings
from django.urls import reverse
from PIL import Image, ImageOps

from comments.conf import app_settings

DIGEST_RE = re.compile(r"^[0-9a-f]{32}$")


def email_digest(email: str) -> str:
    salt = app_settings.COMMENTS_AVATAR_SALT or f"avatar:{settings.SECRET_KEY}"
    text = f"{salt}\n{(email or '').strip().lower()}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def avatar_url_for(comment) -> str:
    """The uploaded picture of a signed-in commenter, or the local copy of a remote author's,
    else the drawn one."""
    if getattr(comment, "author_photo", None):
        return comment.author_photo.url
    user = comment.user if comment.user_id else None
    if user is not None and user.avatar:
        return user.avatar.url
    if user is not None:  # the same picture on every comment of the account
        who = user.email or f"user:{user.pk}"
    else:
        remote = getattr(comment, "remote_id", "") and (comment.author_url or comment.author_name)
        name = f"remote:{remote}" if remote else f"name:{comment.author_name}"
        who = comment.author_email or name
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


# Refuse pictures whose header claims more pixels than this before decoding them.
REMOTE_PHOTO_MAX_PIXELS = 25_000_000
REMOTE_PHOTO_SIZE = 96  # pixels: shown at 48


def remote_photo_jpeg(picture: bytes | None) -> bytes | None:
    """A remote author's picture (bytes already fetched) as a small square JPEG stripped of its
    metadata, or None when the bytes are not a picture Pillow can read safely."""
    if not picture:
        return None
    try:
        with Image.open(io.BytesIO(picture)) as image:
            width, height = image.size
            if width * height > REMOTE_PHOTO_MAX_PIXELS:
                return None
            image = ImageOps.exif_transpose(image)
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image)
            size = (REMOTE_PHOTO_SIZE, REMOTE_PHOTO_SIZE)
            square = ImageOps.fit(image.convert("RGB"), size, Image.Resampling.LANCZOS)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    out = io.BytesIO()
    square.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def face_url_for(reaction) -> str:
    """A reaction's face: the local copy of its author's picture, else one drawn here."""
    if reaction.author_photo:
        return reaction.author_photo.url
    who = reaction.author_url or reaction.author_name or reaction.remote_id
    return reverse("comments:avatar", kwargs={"digest": email_digest(f"remote:{who}")})
