"""Admin sign-in lockout (django-axes): repeated failures from one address are refused with 429."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def sign_in(client, password, address="203.0.113.5"):
    return client.post(
        reverse("admin:login"),
        {"username": "writer", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_after_five_failures_even_the_right_password_is_refused_with_a_message(client, author):
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200  # the form again, with an error
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_holds_one_address_only(client, author):
    for _ in range(5):
        sign_in(client, "wrong")
    response = sign_in(client, PASSWORD, address="198.51.100.7")
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_a_successful_sign_in_resets_the_count(client, author):
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200


def test_the_lockout_gate_comes_first_and_passwords_are_still_checked(settings, author):
    assert settings.AUTHENTICATION_BACKENDS[0] == "core.lockout.LockoutBackend"
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="203.0.113.5")
    assert authenticate(request, username="writer", password=PASSWORD) == author
    assert authenticate(request, username="writer", password="wrong") is None


def test_test_helpers_that_sign_in_without_a_request_keep_working(client, author):
    assert client.login(username="writer", password=PASSWORD)
    assert client.get(reverse("admin:index")).status_code == 200
    client.logout()
    client.force_login(author)
    assert client.get(reverse("admin:index")).status_code == 200


class TokenBackend:
    """Stands in for a social sign-in backend: credentials other than a password."""

    def authenticate(self, request, token=None):
        from accounts.models import User

        return User.objects.filter(username="writer").first() if token == "good" else None

    def get_user(self, user_id):
        from accounts.models import User

        return User.objects.filter(pk=user_id).first()


def test_other_backends_after_the_gate_still_sign_people_in_until_their_address_is_locked(
    client, settings, author
):
    settings.AUTHENTICATION_BACKENDS = [
        "core.lockout.LockoutBackend",
        "tests.core.test_lockout.TokenBackend",
    ]
    request = RequestFactory().get("/complete/", REMOTE_ADDR="203.0.113.5")
    assert authenticate(request, token="good") == author
    for _ in range(5):
        sign_in(client, "wrong", address="203.0.113.5")
    assert authenticate(request, token="good") is None  # that address is locked out
    elsewhere = RequestFactory().get("/complete/", REMOTE_ADDR="198.51.100.7")
    assert authenticate(elsewhere, token="good") == author
