"""The avatar kept from a provider: fetched once, squared, shrunk; nothing kept on failure."""

import io

import pytest
import requests
import responses
from PIL import Image

from accounts import services
from tests.factories import ReaderFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

URL = "https://images.example/picture"


def png_with_transparency() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 120), (0, 0, 0, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


@responses.activate
def test_a_wide_transparent_png_becomes_a_square_jpeg_on_white():
    responses.add(responses.GET, URL, body=png_with_transparency(), content_type="image/png")
    reader = ReaderFactory()

    assert services.avatar_fetch(user=reader, url=URL) is True

    reader.refresh_from_db()
    with Image.open(reader.avatar.path) as picture:
        assert (picture.format, picture.size) == ("JPEG", (96, 96))
        assert picture.convert("RGB").getpixel((48, 48)) >= (250, 250, 250)


@pytest.mark.parametrize(
    "answer",
    [
        {"body": b"<html>not a picture</html>", "content_type": "text/html"},
        {"body": jpeg_bytes(), "status": 404},
        {"body": requests.Timeout("slow")},
        {"body": requests.ConnectionError("down")},
    ],
    ids=["not-an-image", "404", "timeout", "unreachable"],
)
@responses.activate
def test_a_failed_fetch_keeps_no_avatar(answer):
    responses.add(responses.GET, URL, **answer)
    reader = ReaderFactory()

    assert services.avatar_fetch(user=reader, url=URL) is False

    reader.refresh_from_db()
    assert not reader.avatar


@responses.activate
def test_a_picture_over_the_size_limit_is_not_kept():
    # A valid JPEG padded past the 2 MB limit: only the limit can refuse it.
    responses.add(responses.GET, URL, body=jpeg_bytes(400, 400) + b"\0" * 2_100_000)
    reader = ReaderFactory()

    assert services.avatar_fetch(user=reader, url=URL) is False
    reader.refresh_from_db()
    assert not reader.avatar


@responses.activate
def test_a_picture_just_under_the_size_limit_is_kept():
    responses.add(responses.GET, URL, body=jpeg_bytes(400, 400) + b"\0" * 1_900_000)
    reader = ReaderFactory()

    assert services.avatar_fetch(user=reader, url=URL) is True


@responses.activate
def test_only_https_addresses_are_fetched():
    reader = ReaderFactory()

    assert services.avatar_fetch(user=reader, url="http://images.example/picture") is False
    assert services.avatar_fetch(user=reader, url="file:///etc/passwd") is False
    assert len(responses.calls) == 0


def test_a_verified_email_shared_by_two_accounts_joins_neither(
    client, providers, article, provider_http
):
    from accounts.models import User
    from tests.accounts.conftest import respond_url, sign_in

    first = ReaderFactory(email="ada@example.com", email_verified=True)
    second = ReaderFactory(email="ADA@example.com", email_verified=True)

    sign_in(client, provider_http, "google-oauth2", respond_url(article))

    newcomer = User.objects.get(social_auth__provider="google-oauth2")
    assert newcomer.pk not in (first.pk, second.pk)
    assert newcomer.email == ""
