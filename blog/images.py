"""Image work with Pillow: clean an upload, make its renditions, describe them for templates.

Everything is read and written through a Django storage (the image field's), never the local
disk, so an S3-compatible store drops in. Nothing here touches the database: the services in
``blog/services.py`` call these functions and save the rows.

An upload becomes:

* the *master*: the picture in its own format, turned upright by its EXIF orientation, converted
  to sRGB and stripped of every byte of metadata (EXIF, GPS, XMP, ICC, comments);
* renditions 480, 960 and 1600 pixels wide (never wider than the master) in WebP and in the
  master's format;
* a 1200-wide JPEG for Open Graph (``og:image``).

What was made is recorded as plain data (``Image.renditions``), so a page shows a ``<picture>``
with no extra query and no storage round trip.
"""

import io
import secrets
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps

from blog.conf import app_settings

MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
MASTER_JPEG_QUALITY = 90
WHITE = (255, 255, 255)


# --- Cleaning -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanImage:
    """An upload's first frame, upright, in sRGB, without metadata."""

    picture: PILImage.Image
    format: str  # Pillow's name of the upload's format: JPEG, PNG, GIF or WEBP

    @property
    def size(self) -> tuple[int, int]:
        return self.picture.size


def _has_alpha(picture: PILImage.Image) -> bool:
    return picture.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        picture.mode == "P" and "transparency" in picture.info
    )


def _to_srgb(picture: PILImage.Image, icc_profile: bytes | None) -> PILImage.Image:
    """RGB or RGBA pixels in sRGB, using the embedded colour profile when there is one."""
    if picture.mode.startswith("I") or picture.mode == "F":
        # 16-bit greyscale: scale to 8 bits (a plain conversion would clip it to white).
        picture = picture.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    target = "RGBA" if _has_alpha(picture) else "RGB"
    if icc_profile and picture.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            converted = ImageCms.profileToProfile(
                picture.convert("RGB") if picture.mode == "L" and target == "RGB" else picture,
                source_profile,
                ImageCms.createProfile("sRGB"),
                outputMode=target,
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # A broken profile: fall back to Pillow's plain conversion below.
    if picture.mode == "CMYK" and target == "RGB":
        return picture.convert("RGB")
    return picture.convert(target)


def _without_metadata(picture: PILImage.Image) -> PILImage.Image:
    """The same pixels in a new image that carries no info (EXIF, ICC, XMP, text) at all."""
    return PILImage.frombytes(picture.mode, picture.size, picture.tobytes())


def clean_upload(file) -> CleanImage:
    """Open an (already validated) upload and return its first frame, cleaned."""
    file.seek(0)
    with PILImage.open(file) as source:
        source_format = source.format
        source.seek(0)
        icc_profile = source.info.get("icc_profile")
        upright = ImageOps.exif_transpose(source)
    picture = _without_metadata(_to_srgb(upright, icc_profile))
    file.seek(0)
    return CleanImage(picture=picture, format=source_format)


# --- Encoding -------------------------------------------------------------------------------


def _flatten(picture: PILImage.Image) -> PILImage.Image:
    """RGB on a white background, for formats without transparency."""
    if picture.mode == "RGB":
        return picture
    background = PILImage.new("RGB", picture.size, WHITE)
    background.paste(picture, mask=picture.getchannel("A") if "A" in picture.mode else None)
    return background


def encode(picture: PILImage.Image, image_format: str, *, quality: int | None = None) -> bytes:
    """The picture as a file of the given format, with no metadata written."""
    quality = quality or app_settings.BLOG_IMAGE_QUALITY
    buffer = io.BytesIO()
    if image_format == "JPEG":
        _flatten(picture).save(
            buffer, "JPEG", quality=quality, optimize=True, progressive=True, exif=b""
        )
    elif image_format == "PNG":
        picture.save(buffer, "PNG", optimize=True)
    elif image_format == "GIF":
        if picture.mode == "RGBA":
            paletted = picture.convert("RGB").quantize(255)
            mask = picture.getchannel("A").point(lambda alpha: 255 if alpha < 128 else 0)
            paletted.paste(255, mask=mask)
            paletted.save(buffer, "GIF", optimize=True, transparency=255)
        else:
            picture.quantize(256).save(buffer, "GIF", optimize=True)
    elif image_format == "WEBP":
        picture.save(buffer, "WEBP", quality=quality, method=4, exif=b"", icc_profile="")
    else:
        raise ValueError(f"Cannot encode {image_format!r}.")
    return buffer.getvalue()


def resize_to_width(picture: PILImage.Image, width: int) -> PILImage.Image:
    """The picture scaled to ``width`` (never up), keeping its proportions."""
    if width >= picture.width:
        return picture
    height = max(1, round(picture.height * width / picture.width))
    return picture.resize((width, height), PILImage.Resampling.LANCZOS, reducing_gap=3.0)


def rendition_widths(original_width: int) -> list[int]:
    """The configured widths, capped at the original's: 800 wide gives [480, 800]."""
    return sorted({min(width, original_width) for width in app_settings.BLOG_IMAGE_WIDTHS})


def rendition_formats(source_format: str) -> list[str]:
    """WebP first (smaller, for <source>), then the upload's own format for the <img>."""
    return ["WEBP"] if source_format == "WEBP" else ["WEBP", source_format]


# --- Names and storage ----------------------------------------------------------------------


def safe_name(original_name: str, image_format: str) -> str:
    """A stored file name from the uploader's: letters, digits and dashes, a random suffix, and
    the extension of what the file really is (``Holiday Photo!.PNG.exe`` → ``holiday-photo-png-
    3f9a1c2e.png`` if it is a PNG)."""
    stem = slugify(PurePosixPath(original_name or "").stem.replace(".", "-"))[:60].strip("-")
    return f"{stem or 'image'}-{secrets.token_hex(4)}.{EXTENSIONS[image_format]}"


def _rendition_name(master_name: str, width: int, image_format: str, suffix: str = "w") -> str:
    path = PurePosixPath(master_name)
    return str(
        path.parent / "renditions" / f"{path.stem}-{width}{suffix}.{EXTENSIONS[image_format]}"
    )


def make_renditions(*, storage, master_name: str, clean: CleanImage) -> dict:
    """Write every rendition of ``clean`` next to the master and describe them.

    Returns the value kept in ``Image.renditions``::

        {"sources": [{"format": "WEBP", "width": 480, "height": 270, "name": "…"}, …],
         "og": {"format": "JPEG", "width": 1200, "height": 675, "name": "…"}}
    """
    picture = clean.picture
    sources = []
    written: list[str] = []
    try:
        for width in rendition_widths(picture.width):
            scaled = resize_to_width(picture, width)
            for image_format in rendition_formats(clean.format):
                name = storage.save(
                    _rendition_name(master_name, width, image_format),
                    ContentFile(encode(scaled, image_format)),
                )
                written.append(name)
                sources.append(
                    {
                        "format": image_format,
                        "width": scaled.width,
                        "height": scaled.height,
                        "name": name,
                    }
                )
        og_picture = resize_to_width(picture, app_settings.BLOG_IMAGE_OG_WIDTH)
        og_name = storage.save(
            _rendition_name(master_name, og_picture.width, "JPEG", suffix="w-og"),
            ContentFile(encode(og_picture, "JPEG")),
        )
        written.append(og_name)
    except Exception:
        delete_files(storage=storage, names=written)
        raise
    return {
        "sources": sources,
        "og": {
            "format": "JPEG",
            "width": og_picture.width,
            "height": og_picture.height,
            "name": og_name,
        },
    }


def rendition_names(renditions: dict | None) -> list[str]:
    """Every stored file a renditions record points at."""
    if not renditions:
        return []
    names = [source["name"] for source in renditions.get("sources", [])]
    if renditions.get("og"):
        names.append(renditions["og"]["name"])
    return names


def delete_files(*, storage, names) -> None:
    for name in names:
        if name:
            storage.delete(name)


# --- Describing for templates ---------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    type: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    """What a <picture> element needs, with URLs from the storage."""

    src: str
    srcset: str = ""
    sources: list[Source] = field(default_factory=list)
    thumbnail: str = ""


def _srcset(storage, sources: list[dict]) -> str:
    return ", ".join(f"{storage.url(source['name'])} {source['width']}w" for source in sources)


def describe(*, storage, renditions: dict | None, fallback_url: str) -> Picture:
    """A Picture for a renditions record; without renditions, just the master's URL."""
    sources = (renditions or {}).get("sources") or []
    if not sources:
        return Picture(src=fallback_url, thumbnail=fallback_url)
    by_format: dict[str, list[dict]] = {}
    for source in sources:
        by_format.setdefault(source["format"], []).append(source)
    img_format = next(reversed(by_format))  # the upload's own format comes last
    img_sources = sorted(by_format[img_format], key=lambda source: source["width"])
    # The <img> fallback: the rendition closest to 960 wide, for browsers without srcset.
    middle = min(img_sources, key=lambda source: abs(source["width"] - 960))
    extra = [
        Source(type=MIME_TYPES[image_format], srcset=_srcset(storage, group))
        for image_format, group in by_format.items()
        if image_format != img_format
    ]
    smallest = min(sources, key=lambda source: (source["width"], source["format"] != "WEBP"))
    return Picture(
        src=storage.url(middle["name"]),
        srcset=_srcset(storage, img_sources),
        sources=extra,
        thumbnail=storage.url(smallest["name"]),
    )


def figure_html(image, *, alt: str | None = None, lazy: bool = True, sizes: str | None = None):
    """The <figure> of an Image inside a post's body (the same template as the featured image)."""
    return render_to_string(
        "blog/figure.html",
        {
            "image": image,
            "alt": alt or image.alt_text,
            "lazy": lazy,
            "sizes": sizes or app_settings.BLOG_IMAGE_SIZES,
            "in_body": True,
        },
    ).strip()


def picture_html(image, *, alt: str | None = None, sizes: str | None = None) -> str:
    """An Image as a bare <picture> (no caption), for a reference in the middle of a paragraph."""
    return render_to_string(
        "blog/picture.html",
        {
            "image": image,
            "alt": alt or image.alt_text,
            "lazy": True,
            "sizes": sizes or app_settings.BLOG_IMAGE_SIZES,
        },
    ).strip()
