"""Upload checks for images, judged by what the file contains rather than what it is called."""

import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from blog.conf import app_settings

# Pillow's format names of the images we accept, and how we name them to authors.
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WebP"}
ACCEPTED_LIST = "JPEG, PNG, GIF or WebP"
SNIFF_BYTES = 2048


def _looks_like_svg(head: bytes, name: str) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return (
        text.startswith((b"<?xml", b"<svg", b"<!doctype svg"))
        or b"<svg" in text
        or name.lower().endswith((".svg", ".svgz"))
    )


def _read_head(file) -> bytes:
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    return head


def inspect_image_upload(file) -> str:
    """Check an uploaded file and return its format ("JPEG", "PNG", "GIF" or "WEBP").

    Raises ValidationError with a message an author can act on when the file is too big, is not
    an image Pillow can read and verify, is an SVG, or has more pixels than the cap allows.
    """
    max_bytes = app_settings.BLOG_IMAGE_MAX_UPLOAD_BYTES
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; images may be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    head = _read_head(file)
    if not head:
        raise ValidationError(_("The file is empty."), code="empty")
    name = getattr(file, "name", "") or ""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as image:
                image_format = image.format
                width, height = image.size
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise _too_many_pixels_error(None, None) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        if _looks_like_svg(head, name):
            raise _svg_error() from None
        raise ValidationError(
            _("This file is not an image we can read. Upload a %(accepted)s image."),
            code="not_an_image",
            params={"accepted": ACCEPTED_LIST},
        ) from None
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted. Upload a %(accepted)s image."),
            code="unsupported_format",
            params={"format": image_format or "These", "accepted": ACCEPTED_LIST},
        )
    if width * height > app_settings.BLOG_IMAGE_MAX_PIXELS:
        raise _too_many_pixels_error(width, height)
    _verify_and_decode(file)
    file.seek(0)
    return image_format


def _verify_and_decode(file) -> None:
    damaged = ValidationError(
        _(
            "The image is damaged or incomplete: Pillow could not decode it. "
            "Export it again and upload the new file."
        ),
        code="damaged",
    )
    try:
        file.seek(0)
        with PILImage.open(file) as image:
            image.verify()
        file.seek(0)
        with PILImage.open(file) as image:
            image.load()  # verify() does not decode; a truncated file fails here.
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError):
        raise damaged from None


def _svg_error() -> ValidationError:
    return ValidationError(
        _(
            "SVG images are not accepted: they can carry scripts. "
            "Export the drawing as PNG and upload that."
        ),
        code="svg",
    )


def _too_many_pixels_error(width: int | None, height: int | None) -> ValidationError:
    limit = app_settings.BLOG_IMAGE_MAX_PIXELS
    if width is None:
        return ValidationError(
            _(
                "This image has far too many pixels (a decompression bomb?); the limit is "
                "%(limit)s megapixels."
            ),
            code="too_many_pixels",
            params={"limit": limit // 1_000_000},
        )
    return ValidationError(
        _(
            "This image is %(width)s x %(height)s pixels (%(mp)s megapixels); the limit is "
            "%(limit)s megapixels. Scale it down and upload it again."
        ),
        code="too_many_pixels",
        params={
            "width": width,
            "height": height,
            "mp": round(width * height / 1_000_000, 1),
            "limit": limit // 1_000_000,
        },
    )


def validate_image_upload(file) -> None:
    """A Django validator wrapping inspect_image_upload()."""
    inspect_image_upload(file)
