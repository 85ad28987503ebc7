"""NUL bytes, malformed UTF-8 and oversized bodies get a plain 400/413 page, never a 500.

PostgreSQL refuses NUL in text, so without the gate ``/author/a%00b/`` or a NUL in a sign-in
form would end in a 500 there; these tests run on both databases."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    # A 500 must show as a status here, not as a re-raised exception.
    return Client(raise_request_exception=False)


def assert_plain_400(response, words: str):
    assert response.status_code == 400
    html = response.content.decode()
    assert "That request could not be understood" in html
    assert words in html
    assert response.headers["Content-Security-Policy"]  # styled by a nonce'd <style>
    assert "<style nonce=" in html


@pytest.mark.parametrize(
    "url",
    [
        "/author/a%00b/",
        "/category/%00/",
        "/tag/x%00/",
        "/2015/10/27/a%00b/",
        "/%00/",
        "/?page=1%00",
        "/?%00=1",
        "/author/writer/?page=%00",
    ],
)
def test_a_nul_byte_in_the_address_is_a_bad_request(client, author, url):
    assert_plain_400(client.get(url), "NUL")


@pytest.mark.parametrize(
    "url", ["/author/%ff%fe/", "/category/%c3%28/", "/?page=%ff", "/?q=%e2%82", "/2015/%80/"]
)
def test_malformed_utf8_in_the_address_is_a_bad_request(client, url):
    assert_plain_400(client.get(url), "UTF-8")


def test_well_formed_non_ascii_addresses_are_let_through(client, author):
    assert client.get("/author/%C3%A9crivain/").status_code == 404  # no such author: a 404
    assert client.get("/?page=%C3%A9").status_code == 404  # not a page number
    assert client.get("/").status_code == 200


def test_a_nul_byte_in_the_admin_sign_in_form_is_a_bad_request(client, author):
    response = client.post(reverse("admin:login"), {"username": "wri\x00ter", "password": "x"})
    assert_plain_400(response, "NUL")


def test_malformed_utf8_in_a_form_body_is_a_bad_request(client):
    response = client.post(
        reverse("admin:login"),
        data=b"username=%ff%fe&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert_plain_400(response, "UTF-8")


def test_a_nul_byte_in_a_multipart_field_is_a_bad_request_but_file_contents_may_hold_any_bytes(
    client,
):
    upload = SimpleUploadedFile("picture.bin", b"\x00\x01\x02binary")
    response = client.post("/", {"note": "fine", "file": upload})
    assert response.status_code == 405  # the home page takes no POST; the body was accepted
    response = client.post("/", {"note": "not\x00fine"})
    assert_plain_400(response, "NUL")


def test_a_nul_byte_in_a_cookie_is_a_bad_request(client):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert_plain_400(client.get("/"), "NUL")


def test_a_form_body_over_the_upload_limit_is_refused_with_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(
        reverse("admin:login"),
        data=b"username=" + b"a" * 2000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert "too much to send at once" in response.content.decode()


def test_a_body_over_the_request_size_limit_is_refused_before_it_is_read(client, settings):
    settings.MAX_REQUEST_SIZE = 10_000
    upload = SimpleUploadedFile("big.jpg", b"\xff" * 20_000, content_type="image/jpeg")
    response = client.post(reverse("admin:login"), {"file": upload})
    assert response.status_code == 413


def test_too_many_form_fields_is_a_bad_request(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.post(reverse("admin:login"), {f"field{n}": "x" for n in range(20)})
    assert response.status_code == 400


def test_an_unknown_host_gets_the_plain_400_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "That request could not be understood" in response.content.decode()
