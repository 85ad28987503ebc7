"""Everything that changes a reader's account: keyword-only ``<thing>_<action>()`` functions."""

import io
import logging
import secrets

import requests
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps

from accounts import signals
from accounts.conf import app_settings
from accounts.models import User

logger = logging.getLogger(__name__)

# Refuse pictures whose header claims more pixels than this before decoding them.
AVATAR_MAX_PIXELS = 25_000_000


def user_update_from_provider(
    *, user: User, provider: str, display_name: str, avatar_url: str, verified_email: str = ""
) -> None:
    """Record a sign-in: the provider, a display name unless the reader chose one, the avatar,
    and whether a provider confirmed the account's e-mail address (``verified_email``).

    The avatar is fetched once, when the account has none; a failed fetch leaves it empty and the
    comments fall back to the locally drawn avatar.
    """
    fields = ["auth_provider"]
    user.auth_provider = provider
    if not user.display_name and display_name.strip():
        user.display_name = display_name.strip()[:150]
        fields.append("display_name")
    if verified_email and not user.email_verified and user.email.lower() == verified_email.lower():
        user.email_verified = True
        fields.append("email_verified")
    user.save(update_fields=fields)
    if not user.avatar and avatar_url:
        avatar_fetch(user=user, url=avatar_url)


def avatar_fetch(*, user: User, url: str) -> bool:
    """Download the picture at ``url``, crop it square, shrink it and keep it as the avatar."""
    if not url.startswith("https://"):
        return False
    try:
        picture = _download(url)
        avatar = _square_jpeg(picture, size=app_settings.ACCOUNTS_AVATAR_SIZE)
    except (requests.RequestException, OSError, ValueError, Image.DecompressionBombError) as error:
        logger.info("No avatar for user %s: %s", user.pk, type(error).__name__)
        return False
    user.avatar.save(f"{user.pk}-{secrets.token_hex(4)}.jpg", ContentFile(avatar), save=False)
    user.save(update_fields=["avatar"])
    return True


def _download(url: str) -> bytes:
    limit = app_settings.ACCOUNTS_AVATAR_MAX_BYTES
    with requests.get(url, timeout=app_settings.ACCOUNTS_AVATAR_TIMEOUT, stream=True) as response:
        response.raise_for_status()
        body = bytearray()
        for chunk in response.iter_content(64 * 1024):
            body += chunk
            if len(body) > limit:
                raise ValueError("picture too large")
    return bytes(body)


def _square_jpeg(picture: bytes, *, size: int) -> bytes:
    with Image.open(io.BytesIO(picture)) as image:
        width, height = image.size
        if width * height > AVATAR_MAX_PIXELS:
            raise ValueError("picture too large")
        image = ImageOps.exif_transpose(image)
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            background = Image.new("RGBA", image.size, "white")
            image = Image.alpha_composite(background, image)
        square = ImageOps.fit(image.convert("RGB"), (size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    square.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def avatar_remove(*, user: User) -> None:
    """Forget the avatar; comments show the locally drawn one instead."""
    if user.avatar:
        user.avatar.delete(save=False)
    user.avatar = ""
    user.save(update_fields=["avatar"])


def profile_update(*, user: User, display_name: str) -> None:
    user.display_name = display_name.strip()
    user.save(update_fields=["display_name"])


def user_provider_disconnected(*, user: User, provider: str) -> None:
    """After a disconnect, point ``auth_provider`` at a provider still connected (or none)."""
    if user.auth_provider != provider:
        return
    remaining = user.social_auth.exclude(provider=provider).values_list("provider", flat=True)
    user.auth_provider = next(iter(remaining), "")
    user.save(update_fields=["auth_provider"])


def user_delete(*, user: User, keep_comments: bool) -> None:
    """Delete the account. The apps holding what the reader wrote remove it, or keep it with
    nothing that leads back to them (``signals.reader_leaving``: comments answers with its own
    services).

    Social-auth's links to the providers are deleted with the user; the avatar file too.
    """
    with transaction.atomic():
        signals.reader_leaves(user=user, keep=keep_comments)
        avatar = user.avatar.name
        user.delete()
    if avatar:
        User._meta.get_field("avatar").storage.delete(avatar)
