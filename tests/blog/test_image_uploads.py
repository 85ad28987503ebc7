"""Uploads are judged by content: each refusal is a clear message on the admin form."""

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from PIL import Image as PILImage

from blog.models import Image
from tests.factories import image_file_bytes

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/blog/image/add/"


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims to be width x height: a few hundred bytes that would decode to GBs."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def upload_through_admin(client, data: bytes, name: str, alt_text: str = "What it shows"):
    return client.post(
        ADD_URL,
        {
            "file": SimpleUploadedFile(name, data),
            "alt_text": alt_text,
            "caption": "My caption",
            "credit": "photo: me",
        },
    )


def stored_files() -> list[str]:
    try:
        return default_storage.listdir("images")[0]
    except FileNotFoundError:
        return []


def truncated_jpeg() -> bytes:
    buffer = io.BytesIO()
    PILImage.effect_noise((400, 300), 64).convert("RGB").save(buffer, "JPEG")
    return buffer.getvalue()[: len(buffer.getvalue()) // 2]


def bmp_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (20, 20)).save(buffer, "BMP")
    return buffer.getvalue()


REFUSALS = [
    pytest.param(
        b"just some words, not a picture", "photo.jpg", "not an image we can read", id="text"
    ),
    pytest.param(SVG, "logo.svg", "SVG images are not accepted", id="svg"),
    pytest.param(SVG, "logo.png", "SVG images are not accepted", id="svg-named-png"),
    pytest.param(
        b"<svg onload='alert(1)'/>", "x.jpg", "SVG images are not accepted", id="bare-svg"
    ),
    pytest.param(bmp_bytes(), "old.bmp", "BMP images are not accepted", id="bmp"),
    pytest.param(
        png_header_only(10_000, 6_000),
        "huge.png",
        "10000 x 6000 pixels (60.0 megapixels)",
        id="over-the-pixel-cap",
    ),
    pytest.param(
        png_header_only(50_000, 50_000), "bomb.png", "far too many pixels", id="decompression-bomb"
    ),
    pytest.param(truncated_jpeg(), "cut.jpg", "damaged or incomplete", id="truncated"),
    pytest.param(b"", "empty.jpg", "The submitted file is empty", id="empty"),
]


@pytest.mark.parametrize(("data", "name", "message"), REFUSALS)
def test_bad_uploads_are_refused_with_a_clear_message(staff_client, data, name, message):
    response = upload_through_admin(staff_client, data, name)

    assert response.status_code == 200  # the form again, not a 500
    html = response.content.decode()
    assert escape(message) in html, html[
        html.find("errorlist") - 200 : html.find("errorlist") + 400
    ]
    assert 'value="What it shows"' in html  # what the author typed is kept
    assert not Image.objects.exists()
    assert stored_files() == []


def test_a_file_over_ten_megabytes_is_refused_before_it_is_opened(staff_client):
    data = image_file_bytes("JPEG", 64, 64) + b"\0" * (10 * 1024 * 1024)

    response = upload_through_admin(staff_client, data, "big.jpg")

    html = response.content.decode()
    assert "This file is 10.0\xa0MB; images may be at most 10.0\xa0MB." in html
    assert not Image.objects.exists()


def test_the_size_and_pixel_limits_follow_the_settings(staff_client, settings):
    settings.BLOG_IMAGE_MAX_UPLOAD_BYTES = 1000
    settings.BLOG_IMAGE_MAX_PIXELS = 1_000_000

    html = upload_through_admin(
        staff_client, image_file_bytes("PNG", 40, 40) + b"\0" * 2000, "a.png"
    ).content.decode()
    assert "images may be at most 1000\xa0bytes" in html

    settings.BLOG_IMAGE_MAX_UPLOAD_BYTES = 10_000_000
    html = upload_through_admin(staff_client, png_header_only(2000, 1000), "b.png").content.decode()
    assert "the limit is 1 megapixels" in html
    assert not Image.objects.exists()


def test_a_good_upload_in_the_admin_is_stored_cleaned_with_its_renditions(staff_client):
    response = upload_through_admin(
        staff_client, image_file_bytes("JPEG", 2400, 1600), "My Photo.JPG"
    )

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.alt_text, image.caption, image.credit) == (
        "What it shows",
        "My caption",
        "photo: me",
    )
    assert (image.width, image.height) == (2400, 1600)
    assert image.file.name.rsplit("/", 1)[1].startswith("my-photo-")
    assert len(image.renditions["sources"]) == 6
    assert default_storage.exists(image.renditions["og"]["name"])


def test_alt_text_is_required(staff_client):
    response = upload_through_admin(staff_client, image_file_bytes(), "a.jpg", alt_text="")

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Image.objects.exists()


def test_staff_without_permission_cannot_upload(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    response = upload_through_admin(client, image_file_bytes(), "a.jpg")

    assert response.status_code == 403
    assert not Image.objects.exists()
