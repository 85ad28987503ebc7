"""Fixtures for sign-in tests: provider keys, and the providers' HTTP endpoints via `responses`.

Nothing of ours is patched: the tests drive social-auth's real views, and only the providers'
servers are simulated.
"""

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from django.urls import reverse

from tests.factories import PostFactory, jpeg_bytes

GOOGLE_TOKEN_URL = "https://accounts.google.com/o/oauth2/token"
GOOGLE_USERINFO_URL = "https://www.googleapis.com/oauth2/v3/userinfo"
GOOGLE_PICTURE_URL = "https://lh3.googleusercontent.com/a/ada-photo"
X_TOKEN_URL = "https://api.twitter.com/2/oauth2/token"
X_ME_URL = "https://api.twitter.com/2/users/me"
X_PICTURE_URL = "https://pbs.twimg.com/profile_images/1/grace_400x400.jpg"
FACEBOOK_TOKEN_URL = "https://graph.facebook.com/v24.0/oauth/access_token"
FACEBOOK_ME_URL = "https://graph.facebook.com/v24.0/me"
FACEBOOK_PICTURE_URL = "https://platform-lookaside.fbsbx.com/platform/profilepic/?asid=77"


@pytest.fixture
def article(db):
    return PostFactory(title="Syria: Aleppo Offensive", slug="syria-aleppo-offensive")


def respond_url(post) -> str:
    return f"{post.get_absolute_url()}#respond"


def begin(client, backend: str, next_url: str | None = None):
    """Press a provider's button: POST to social-auth's begin view."""
    data = {} if next_url is None else {"next": next_url}
    return client.post(reverse("social:begin", args=[backend]), data)


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def start(client, backend: str, next_url: str | None = None) -> dict[str, str]:
    """Begin a sign-in and return the parameters of the redirect to the provider."""
    response = begin(client, backend, next_url)
    assert response.status_code == 302
    return query_of(response["Location"])


def callback(client, backend: str, **params):
    """The provider sends the reader back to /complete/<backend>/."""
    return client.get(reverse("social:complete", args=[backend]), params)


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


# --- what each provider answers -----------------------------------------------------------------
def google_profile(**overrides) -> dict:
    return {
        "sub": "108000000000000000001",
        "email": "ada@example.com",
        "email_verified": True,
        "name": "Ada Lovelace",
        "given_name": "Ada",
        "family_name": "Lovelace",
        "picture": GOOGLE_PICTURE_URL,
        **overrides,
    }


def mock_google(mock, profile: dict | None = None, picture: bytes | None = None) -> None:
    mock.add(
        responses.POST,
        GOOGLE_TOKEN_URL,
        json={"access_token": "google-access", "token_type": "Bearer", "expires_in": 3599},
    )
    mock.add(responses.GET, GOOGLE_USERINFO_URL, json=profile or google_profile())
    mock.add(
        responses.GET,
        GOOGLE_PICTURE_URL,
        body=picture if picture is not None else jpeg_bytes(200, 150),
        content_type="image/jpeg",
    )


def x_profile(**overrides) -> dict:
    return {
        "id": "2244994945",
        "name": "Grace Hopper",
        "username": "grace",
        "profile_image_url": "https://pbs.twimg.com/profile_images/1/grace_normal.jpg",
        **overrides,
    }


def mock_x(mock, profile: dict | None = None) -> None:
    mock.add(
        responses.POST,
        X_TOKEN_URL,
        json={"access_token": "x-access", "token_type": "bearer", "expires_in": 7200},
    )
    mock.add(responses.GET, X_ME_URL, json={"data": profile or x_profile()})
    mock.add(responses.GET, X_PICTURE_URL, body=jpeg_bytes(400, 400), content_type="image/jpeg")


def facebook_profile(**overrides) -> dict:
    return {
        "id": "7700000000001",
        "name": "Fay Booker",
        "email": "fay@example.com",
        "picture": {"data": {"url": FACEBOOK_PICTURE_URL, "is_silhouette": False}},
        **overrides,
    }


def mock_facebook(mock, profile: dict | None = None) -> None:
    mock.add(
        responses.GET,
        FACEBOOK_TOKEN_URL,
        json={"access_token": "fb-access", "token_type": "bearer", "expires_in": 5183944},
    )
    mock.add(responses.GET, FACEBOOK_ME_URL, json=profile or facebook_profile())
    mock.add(
        responses.GET, FACEBOOK_PICTURE_URL, body=jpeg_bytes(320, 320), content_type="image/jpeg"
    )


MOCKS = {"google-oauth2": mock_google, "twitter-oauth2": mock_x, "facebook": mock_facebook}


def sign_in(client, mock, backend: str, next_url: str, **mock_kwargs):
    """A whole, successful round trip: begin, the provider's answers, the callback."""
    MOCKS[backend](mock, **mock_kwargs)
    params = start(client, backend, next_url)
    return callback(client, backend, state=params["state"], code="the-code")
