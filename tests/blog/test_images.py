"""Renditions: sizes, formats, orientation, colour, and no metadata left behind."""

import io
import struct

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import ExifTags
from PIL import Image as PILImage

from blog.images import safe_name
from blog.models import Image
from blog.services import image_create_from_file, image_delete, image_renditions_rebuild
from tests.factories import UploadedImageFactory, image_file_bytes

pytestmark = pytest.mark.django_db

RED, BLUE = (255, 0, 0), (0, 0, 255)


def open_stored(name: str) -> PILImage.Image:
    with default_storage.open(name, "rb") as stored:
        picture = PILImage.open(io.BytesIO(stored.read()))
        picture.load()
    return picture


def upload(data: bytes, name: str = "photo.jpg", **fields) -> Image:
    return image_create_from_file(
        file=ContentFile(data, name=name), alt_text=fields.pop("alt_text", "A picture"), **fields
    )


def formats_and_widths(image: Image) -> set[tuple[str, int]]:
    return {(source["format"], source["width"]) for source in image.renditions["sources"]}


def test_a_large_jpeg_gets_three_widths_in_webp_and_jpeg_and_a_1200_og_image():
    image = upload(image_file_bytes("JPEG", 3000, 2000))

    assert formats_and_widths(image) == {
        (image_format, width) for image_format in ("WEBP", "JPEG") for width in (480, 960, 1600)
    }
    for source in image.renditions["sources"]:
        stored = open_stored(source["name"])
        assert stored.format == source["format"]
        assert stored.size == (source["width"], source["height"])
        assert source["height"] == round(source["width"] * 2000 / 3000)
    og = open_stored(image.renditions["og"]["name"])
    assert (og.format, og.size) == ("JPEG", (1200, 800))
    assert image.og_image() == {
        "url": default_storage.url(image.renditions["og"]["name"]),
        "width": 1200,
        "height": 800,
        "type": "image/jpeg",
    }
    assert image.og_image_url().endswith("-1200w-og.jpg")
    assert (image.width, image.height) == (3000, 2000)


@pytest.mark.parametrize(
    ("width", "expected"), [(800, {480, 800}), (300, {300}), (1000, {480, 960, 1000})]
)
def test_renditions_are_never_wider_than_the_original(width, expected):
    image = upload(image_file_bytes("JPEG", width, 200))

    assert {source["width"] for source in image.renditions["sources"]} == expected
    assert image.renditions["og"]["width"] == min(width, 1200)


@pytest.mark.parametrize(
    ("image_format", "name", "expected_formats"),
    [
        ("PNG", "diagram.png", {"WEBP", "PNG"}),
        ("GIF", "anim.gif", {"WEBP", "GIF"}),
        ("WEBP", "photo.webp", {"WEBP"}),
    ],
)
def test_each_accepted_format_gets_webp_and_its_own_format(image_format, name, expected_formats):
    image = upload(image_file_bytes(image_format, 1000, 500), name=name)

    assert {source["format"] for source in image.renditions["sources"]} == expected_formats
    assert open_stored(image.file.name).format == image_format
    assert image.file.name.endswith(
        "." + {"PNG": "png", "GIF": "gif", "WEBP": "webp"}[image_format]
    )


def test_transparency_survives_in_png_and_webp_renditions():
    image = upload(image_file_bytes("PNG", 600, 300, colour=(0, 128, 0, 0)), name="logo.png")

    for source in image.renditions["sources"]:
        stored = open_stored(source["name"]).convert("RGBA")
        assert stored.getpixel((5, 5))[3] == 0, source["format"]


def jpeg_with_exif(width: int, height: int, *, orientation: int) -> bytes:
    """Left half red, right half blue, with camera, GPS and orientation EXIF."""
    picture = PILImage.new("RGB", (width, height), BLUE)
    picture.paste(RED, (0, 0, width // 2, height))
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.Base.Artist] = "Jane Doe"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (0.0, 7.0, 39.0),
    }
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif.tobytes(), quality=95)
    data = buffer.getvalue()
    assert b"SecretCam" in data  # the fixture really carries the metadata
    return data


def test_exif_orientation_is_applied_to_the_master_and_every_rendition():
    # Orientation 6: the camera was turned; the picture must be rotated 90° clockwise to show.
    image = upload(jpeg_with_exif(1200, 800, orientation=6))

    assert (image.width, image.height) == (800, 1200)
    for name in [image.file.name, *(s["name"] for s in image.renditions["sources"])]:
        picture = open_stored(name).convert("RGB")
        assert picture.height > picture.width, name
        top = picture.getpixel((picture.width // 2, picture.height // 10))
        bottom = picture.getpixel((picture.width // 2, picture.height * 9 // 10))
        assert top[0] > 200 and top[2] < 60, (name, top)  # red: the left half went to the top
        assert bottom[2] > 200 and bottom[0] < 60, (name, bottom)


def test_all_exif_including_gps_is_stripped_from_every_stored_file():
    image = upload(jpeg_with_exif(2000, 1000, orientation=3))

    names = [image.file.name, image.renditions["og"]["name"]]
    names += [source["name"] for source in image.renditions["sources"]]
    for name in names:
        with default_storage.open(name, "rb") as stored:
            raw = stored.read()
        assert b"SecretCam" not in raw and b"Jane Doe" not in raw, name
        picture = open_stored(name)
        assert dict(picture.getexif()) == {}, name
        assert "exif" not in picture.info and "icc_profile" not in picture.info, name


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def icc_profile_with_red_and_blue_swapped() -> bytes:
    """A tiny RGB matrix/TRC ICC profile whose 'red' primary is sRGB's blue and vice versa."""
    xyz = {
        "wtpt": (0.9642, 1.0, 0.8249),
        "rXYZ": (0.1431, 0.0606, 0.7141),  # sRGB's blue primary (D50)
        "gXYZ": (0.3851, 0.7169, 0.0971),
        "bXYZ": (0.4361, 0.2225, 0.0139),  # sRGB's red primary (D50)
    }
    tags = [
        (sig, b"XYZ " + bytes(4) + b"".join(_s15(v) for v in value)) for sig, value in xyz.items()
    ]
    curve = b"curv" + bytes(4) + struct.pack(">I", 0)  # identity (linear) curve
    tags += [(sig, curve) for sig in ("rTRC", "gTRC", "bTRC")]
    text = b"swapped\x00"
    desc = b"desc" + bytes(4) + struct.pack(">I", len(text)) + text
    desc += bytes(8) + bytes(3) + bytes(67)
    tags.append(("desc", desc))
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        body += bytes(-len(body) % 4)
        table += sig.encode() + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = struct.pack(">I", size) + bytes(4) + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ "
    header += bytes(12) + b"acsp" + bytes(4) + bytes(4) + bytes(8) + bytes(8) + bytes(4)
    header += _s15(0.9642) + _s15(1.0) + _s15(0.8249) + bytes(4) + bytes(16) + bytes(28)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def test_colours_are_converted_to_srgb_using_the_embedded_profile():
    buffer = io.BytesIO()
    PILImage.new("RGB", (1000, 500), RED).save(
        buffer, "PNG", icc_profile=icc_profile_with_red_and_blue_swapped()
    )
    image = upload(buffer.getvalue(), name="swapped.png")

    for name in [image.file.name, image.renditions["sources"][0]["name"]]:
        picture = open_stored(name)
        assert "icc_profile" not in picture.info
        red, _, blue = picture.convert("RGB").getpixel((10, 10))
        assert blue > 200 and red < 60, (name, red, blue)


def test_cmyk_jpegs_become_rgb():
    buffer = io.BytesIO()
    PILImage.new("CMYK", (600, 400), (0, 255, 255, 0)).save(buffer, "JPEG")
    image = upload(buffer.getvalue())

    for source in image.renditions["sources"]:
        assert open_stored(source["name"]).mode == "RGB"


def test_stored_names_are_sanitized_unique_and_follow_the_content():
    first = upload(image_file_bytes("PNG", 100, 100), name="../../etc/Holiday Photo!.JPG")
    second = upload(image_file_bytes("PNG", 100, 100), name="../../etc/Holiday Photo!.JPG")

    assert first.file.name != second.file.name
    for image in (first, second):
        assert image.file.name.startswith("images/")
        assert ".." not in image.file.name and " " not in image.file.name
        assert image.file.name.rsplit("/", 1)[1].startswith("holiday-photo-")
        assert image.file.name.endswith(".png")  # it is a PNG, whatever it was called


def test_safe_name_keeps_a_readable_stem_and_falls_back_to_image():
    assert safe_name("Ünïcode  Straße.jpeg", "JPEG").startswith("unicode-stra")
    assert safe_name("<script>.gif", "GIF").startswith("script-")
    assert safe_name("....", "WEBP").startswith("image-")


def test_deleting_an_image_deletes_its_files(django_capture_on_commit_callbacks):
    image = UploadedImageFactory()
    names = [image.file.name, *(s["name"] for s in image.renditions["sources"])]
    names.append(image.renditions["og"]["name"])
    assert all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        image_delete(image=image)

    assert not Image.objects.exists()
    assert not any(default_storage.exists(name) for name in names)


def test_rebuilding_renditions_replaces_the_old_files(django_capture_on_commit_callbacks):
    image = UploadedImageFactory()
    old = [s["name"] for s in image.renditions["sources"]]

    with django_capture_on_commit_callbacks(execute=True):
        image_renditions_rebuild(image=image)

    image.refresh_from_db()
    new = [s["name"] for s in image.renditions["sources"]]
    assert len(new) == 6 and all(default_storage.exists(name) for name in new)
    assert not any(default_storage.exists(name) for name in old if name not in new)


def test_everything_goes_through_the_configured_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    image = UploadedImageFactory()

    assert type(image.file.storage._wrapped).__name__ == "InMemoryStorage"
    names = [image.file.name, *(s["name"] for s in image.renditions["sources"])]
    assert all(image.file.storage.exists(name) for name in names)
    assert not any((tmp_path / "media").rglob("*.*"))  # nothing on the local disk


def test_make_renditions_command_fills_in_images_without_them():
    from django.core.management import call_command

    from tests.factories import ImageFactory

    plain = ImageFactory()
    done = UploadedImageFactory()
    before = done.renditions

    call_command("make_renditions")

    plain.refresh_from_db()
    done.refresh_from_db()
    assert len(plain.renditions["sources"]) == 2
    assert done.renditions == before  # untouched without --all


def test_a_file_from_a_folder_goes_through_the_same_pipeline(tmp_path):
    from django.core.exceptions import ValidationError
    from django.core.files import File

    path = tmp_path / "export" / "2015" / "Market Street.png"
    path.parent.mkdir(parents=True)
    path.write_bytes(image_file_bytes("PNG", 1700, 1000))
    with path.open("rb") as handle:
        image = image_create_from_file(
            file=File(handle), alt_text="A street", caption="The market", credit="photo: WP"
        )
    assert image.file.name.rsplit("/", 1)[1].startswith("market-street-")
    assert {s["width"] for s in image.renditions["sources"]} == {480, 960, 1600}

    (tmp_path / "notes.txt").write_text("not a picture")
    with (tmp_path / "notes.txt").open("rb") as handle, pytest.raises(ValidationError) as refused:
        image_create_from_file(file=File(handle), alt_text="Notes")
    assert refused.value.code == "not_an_image"
    with path.open("rb") as handle, pytest.raises(ValidationError):
        image_create_from_file(file=File(handle), alt_text="  ")
    assert Image.objects.count() == 1


def test_sixteen_bit_greyscale_keeps_its_tones():
    buffer = io.BytesIO()
    PILImage.new("I;16", (600, 300), 32768).save(buffer, "PNG")
    image = upload(buffer.getvalue(), name="scan.png")

    grey = open_stored(image.renditions["sources"][0]["name"]).convert("RGB").getpixel((5, 5))
    assert all(120 <= channel <= 136 for channel in grey), grey
