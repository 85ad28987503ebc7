"""The whole sign-in with each provider, through social-auth's real views.

The providers' servers are answered by `responses`; the redirect to the provider, the callback,
the token exchange, the profile, the user row and the page afterwards are all real.
"""

from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from PIL import Image
from social_django.models import UserSocialAuth

from accounts.models import User
from tests.accounts.conftest import (
    FACEBOOK_PICTURE_URL,
    FACEBOOK_TOKEN_URL,
    GOOGLE_PICTURE_URL,
    GOOGLE_TOKEN_URL,
    X_PICTURE_URL,
    X_TOKEN_URL,
    callback,
    facebook_profile,
    google_profile,
    mock_x,
    query_of,
    respond_url,
    s256,
    sign_in,
    start,
    x_profile,
)
from tests.factories import ReaderFactory, SocialAuthFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_google_redirect_carries_client_id_redirect_uri_state_and_minimal_scope(
    client, providers, article
):
    response = client.post("/login/google-oauth2/", {"next": respond_url(article)})

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("https://accounts.google.com/o/oauth2/auth?")
    params = query_of(location)
    assert params["client_id"] == "google-client-id"
    assert params["redirect_uri"] == "https://testserver/complete/google-oauth2/"
    assert params["response_type"] == "code"
    assert len(params["state"]) >= 32
    assert params["scope"] == "openid email profile"


def test_x_redirect_carries_a_pkce_challenge_for_the_verifier_sent_with_the_code(
    client, providers, article, provider_http
):
    params = start(client, "twitter-oauth2", respond_url(article))

    assert urlsplit(params["redirect_uri"]).path == "/complete/twitter-oauth2/"
    assert params["client_id"] == "x-client-id"
    assert params["code_challenge_method"] == "s256"
    assert params["scope"] == "users.read tweet.read"

    mock_x(provider_http)
    callback(client, "twitter-oauth2", state=params["state"], code="the-code")

    token_call = next(call for call in provider_http.calls if call.request.url == X_TOKEN_URL)
    sent = query_of("?" + token_call.request.body)
    assert sent["code"] == "the-code"
    assert sent["grant_type"] == "authorization_code"
    assert s256(sent["code_verifier"]) == params["code_challenge"]
    assert token_call.request.headers["Authorization"].startswith("Basic ")


def test_facebook_redirect_uses_the_pinned_graph_version_and_asks_for_email(
    client, providers, article
):
    params_url = client.post("/login/facebook/", {"next": respond_url(article)})["Location"]

    assert params_url.startswith("https://www.facebook.com/v24.0/dialog/oauth?")
    params = query_of(params_url)
    assert params["client_id"] == "facebook-app-id"
    assert params["redirect_uri"] == "https://testserver/complete/facebook/"
    assert params["scope"] == "email"
    assert params["state"]


@pytest.mark.parametrize(
    ("backend", "name", "display_name", "email", "username_start"),
    [
        ("google-oauth2", "Google", "Ada Lovelace", "ada@example.com", "ada-lovelace"),
        ("twitter-oauth2", "X (Twitter)", "Grace Hopper", "", "grace-hopper"),
        ("facebook", "Facebook", "Fay Booker", "fay@example.com", "fay-booker"),
    ],
)
def test_sign_in_creates_a_reader_and_returns_to_the_post(
    client, providers, article, provider_http, backend, name, display_name, email, username_start
):
    response = sign_in(client, provider_http, backend, respond_url(article))

    assert response.status_code == 302
    assert response["Location"] == respond_url(article)
    reader = User.objects.get(social_auth__provider=backend)
    assert reader.display_name == display_name
    assert reader.email == email
    assert reader.username.startswith(username_start)
    assert reader.auth_provider == backend
    assert not reader.is_staff and not reader.is_superuser
    assert not reader.has_usable_password()
    assert int(client.session["_auth_user_id"]) == reader.pk

    assert client.get(article.get_absolute_url()).status_code == 200
    account_page = client.get("/account/").content.decode()
    assert f"You are commenting using your {name} account." in account_page


@pytest.mark.parametrize(
    ("backend", "picture_url"),
    [
        ("google-oauth2", GOOGLE_PICTURE_URL),
        ("twitter-oauth2", X_PICTURE_URL),
        ("facebook", FACEBOOK_PICTURE_URL),
    ],
)
def test_sign_in_keeps_a_square_resized_copy_of_the_providers_picture(
    client, providers, article, provider_http, backend, picture_url, settings
):
    sign_in(client, provider_http, backend, respond_url(article))

    reader = User.objects.get(social_auth__provider=backend)
    assert reader.avatar.name.startswith("avatars/")
    assert any(call.request.url == picture_url for call in provider_http.calls)
    with Image.open(reader.avatar.path) as picture:
        assert picture.size == (96, 96)
        assert picture.format == "JPEG"


def test_the_picture_is_fetched_once_not_at_every_sign_in(
    client, providers, article, provider_http
):
    sign_in(client, provider_http, "google-oauth2", respond_url(article))
    client.post("/account/logout/", {"next": "/"})
    fetches_before = sum(call.request.url == GOOGLE_PICTURE_URL for call in provider_http.calls)

    sign_in(client, provider_http, "google-oauth2", respond_url(article))

    fetches_after = sum(call.request.url == GOOGLE_PICTURE_URL for call in provider_http.calls)
    assert fetches_before == fetches_after == 1
    assert User.objects.count() == 2  # the reader, and the post's author


def test_a_failed_picture_download_leaves_the_avatar_empty(
    client, providers, article, provider_http
):
    response = sign_in(
        client, provider_http, "google-oauth2", respond_url(article), picture=b"not an image"
    )

    assert response["Location"] == respond_url(article)
    assert not User.objects.get(social_auth__provider="google-oauth2").avatar


def test_a_facebook_default_silhouette_is_not_kept(client, providers, article, provider_http):
    silhouette = facebook_profile(
        picture={"data": {"url": FACEBOOK_PICTURE_URL, "is_silhouette": True}}
    )
    sign_in(client, provider_http, "facebook", respond_url(article), profile=silhouette)

    assert not User.objects.get(social_auth__provider="facebook").avatar


def test_facebook_profile_is_read_with_the_app_secret_proof(
    client, providers, article, provider_http
):
    sign_in(client, provider_http, "facebook", respond_url(article))

    token_call = next(
        c for c in provider_http.calls if c.request.url.startswith(FACEBOOK_TOKEN_URL)
    )
    assert query_of(token_call.request.url)["code"] == "the-code"
    me_call = next(c for c in provider_http.calls if "/v24.0/me" in c.request.url)
    me_query = query_of(me_call.request.url)
    assert me_query["fields"] == "id,name,email,picture.type(large)"
    assert me_query["appsecret_proof"]


def test_google_token_exchange_sends_the_code_and_the_redirect_uri(
    client, providers, article, provider_http
):
    sign_in(client, provider_http, "google-oauth2", respond_url(article))

    token_call = next(c for c in provider_http.calls if c.request.url == GOOGLE_TOKEN_URL)
    sent = query_of("?" + token_call.request.body)
    assert sent["code"] == "the-code"
    assert sent["client_id"] == "google-client-id"
    assert sent["redirect_uri"] == "https://testserver/complete/google-oauth2/"


def test_signing_in_again_finds_the_same_reader_and_keeps_their_chosen_name(
    client, providers, article, provider_http
):
    sign_in(client, provider_http, "google-oauth2", respond_url(article))
    reader = User.objects.get(social_auth__provider="google-oauth2")
    reader.display_name = "Countess of Lovelace"
    reader.save()
    client.post("/account/logout/", {"next": "/"})

    sign_in(client, provider_http, "google-oauth2", respond_url(article))

    assert User.objects.filter(social_auth__provider="google-oauth2").count() == 1
    reader.refresh_from_db()
    assert reader.display_name == "Countess of Lovelace"
    assert int(client.session["_auth_user_id"]) == reader.pk


def test_two_readers_with_the_same_name_get_different_usernames(
    client, providers, article, provider_http
):
    sign_in(client, provider_http, "google-oauth2", respond_url(article))
    client.post("/account/logout/", {"next": "/"})
    other = google_profile(sub="2", email="ada2@example.com", picture="")
    sign_in(client, provider_http, "google-oauth2", respond_url(article), profile=other)

    usernames = list(
        User.objects.filter(social_auth__isnull=False).values_list("username", flat=True)
    )
    assert len(set(usernames)) == 2
    assert all(name.startswith("ada-lovelace") for name in usernames)


def test_google_verified_email_joins_the_existing_account(
    client, providers, article, provider_http
):
    existing = ReaderFactory(email="Ada@Example.com", email_verified=True, auth_provider="facebook")
    SocialAuthFactory(user=existing, provider="facebook")

    sign_in(client, provider_http, "google-oauth2", respond_url(article))

    assert set(existing.social_auth.values_list("provider", flat=True)) == {
        "facebook",
        "google-oauth2",
    }
    assert int(client.session["_auth_user_id"]) == existing.pk
    existing.refresh_from_db()
    assert existing.auth_provider == "google-oauth2"


def test_an_unverified_facebook_email_never_joins_an_existing_account(
    client, providers, article, provider_http
):
    victim = ReaderFactory(email="fay@example.com", email_verified=True)

    sign_in(client, provider_http, "facebook", respond_url(article))

    newcomer = User.objects.get(social_auth__provider="facebook")
    assert newcomer.pk != victim.pk
    assert newcomer.email == ""  # not a second account claiming the victim's address
    assert int(client.session["_auth_user_id"]) == newcomer.pk
    assert not victim.social_auth.exists()


def test_an_unverified_facebook_email_that_nobody_uses_is_kept(
    client, providers, article, provider_http
):
    sign_in(client, provider_http, "facebook", respond_url(article))

    assert User.objects.get(social_auth__provider="facebook").email == "fay@example.com"


def test_x_gives_no_email_and_the_reader_is_still_signed_in(
    client, providers, article, provider_http
):
    sign_in(client, provider_http, "twitter-oauth2", respond_url(article), profile=x_profile())

    reader = User.objects.get(social_auth__provider="twitter-oauth2")
    assert reader.email == ""
    assert int(client.session["_auth_user_id"]) == reader.pk


def test_the_signin_block_says_which_account_after_signing_in(
    client, providers, article, provider_http
):
    sign_in(client, provider_http, "twitter-oauth2", respond_url(article))
    request = RequestFactory().get(article.get_absolute_url())
    request.user = User.objects.get(social_auth__provider="twitter-oauth2")
    request.session = client.session

    html = (
        engines["django"]
        .from_string('{% include "accounts/signin_block.html" with next=back %}')
        .render({"back": respond_url(article)}, request)
    )

    assert "You are commenting using your X (Twitter) account." in html
    assert 'action="/account/logout/"' in html
    assert f'name="next" value="{respond_url(article)}"' in html
    assert ">Change</button>" in html


def test_a_post_page_including_the_block_shows_the_signed_in_reader_at_no_query_cost(
    client, providers, article, provider_http, settings, tmp_path
):
    """What the comments section does (includes the block under "Leave a Reply") works."""
    sign_in(client, provider_http, "facebook", respond_url(article))
    client.get(article.get_absolute_url())  # warm the site-wide cache both counts share
    with CaptureQueriesContext(connection) as without_block:
        client.get(article.get_absolute_url())
    section = tmp_path / "comments" / "section.html"
    section.parent.mkdir()
    section.write_text(
        '<div id="respond"><h2>Leave a Reply</h2>'
        '{% include "accounts/signin_block.html" with next=post.get_absolute_url %}</div>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    with CaptureQueriesContext(connection) as with_block:
        html = client.get(article.get_absolute_url()).content.decode()

    assert "You are commenting using your Facebook account." in html
    assert len(with_block) == len(without_block)


def test_staff_cannot_sign_in_with_a_provider(client, providers, article, provider_http):
    staff = UserFactory(email="ada@example.com", is_staff=True)
    SocialAuthFactory(user=staff, provider="google-oauth2", uid=google_profile()["sub"])

    response = sign_in(client, provider_http, "google-oauth2", respond_url(article))

    assert response.status_code == 302
    assert response["Location"] == respond_url(article)
    assert "_auth_user_id" not in client.session
    page = client.get("/account/").content.decode()
    assert "Staff accounts sign in with a password at /admin/." in page


def test_a_verified_email_of_a_staff_member_is_refused_not_joined(
    client, providers, article, provider_http
):
    UserFactory(email="ada@example.com", email_verified=True, is_staff=True)

    sign_in(client, provider_http, "google-oauth2", respond_url(article))

    assert "_auth_user_id" not in client.session
    assert not UserSocialAuth.objects.exists()


def test_an_unconfirmed_staff_address_gets_a_separate_reader_account(
    client, providers, article, provider_http
):
    staff = UserFactory(email="ada@example.com", is_staff=True)

    sign_in(client, provider_http, "google-oauth2", respond_url(article))

    reader = User.objects.get(social_auth__provider="google-oauth2")
    assert reader.pk != staff.pk
    assert not reader.is_staff
    assert int(client.session["_auth_user_id"]) == reader.pk


def test_an_address_taken_through_facebook_cannot_catch_the_owners_google_sign_in(
    client, providers, article, provider_http
):
    """A pre-account takeover: someone signs in with a Facebook profile carrying Ada's address
    before Ada ever comes; Ada's later Google sign-in must not land in that account."""
    sign_in(
        client,
        provider_http,
        "facebook",
        respond_url(article),
        profile=facebook_profile(email="ada@example.com"),
    )
    squatter = User.objects.get(social_auth__provider="facebook")
    assert squatter.email == "ada@example.com" and not squatter.email_verified
    client.post("/account/logout/", {"next": "/"})

    sign_in(client, provider_http, "google-oauth2", respond_url(article))

    ada = User.objects.get(social_auth__provider="google-oauth2")
    assert ada.pk != squatter.pk
    assert int(client.session["_auth_user_id"]) == ada.pk
    assert ada.email == ""  # the address stays with one account only


def test_a_google_sign_in_marks_the_address_confirmed(client, providers, article, provider_http):
    sign_in(client, provider_http, "google-oauth2", respond_url(article))

    assert User.objects.get(social_auth__provider="google-oauth2").email_verified is True


def test_an_inactive_reader_is_refused(client, providers, article, provider_http):
    closed = ReaderFactory(is_active=False)
    SocialAuthFactory(user=closed, provider="twitter-oauth2", uid=x_profile()["id"])

    response = sign_in(client, provider_http, "twitter-oauth2", respond_url(article))

    assert response["Location"] == respond_url(article)
    assert "_auth_user_id" not in client.session
    assert "This account has been closed." in client.get("/account/").content.decode()


def test_provider_badge_helpers_for_the_comments(providers):
    html = (
        engines["django"]
        .from_string("{% load static signin %}{{ p|provider_name }} {% static p|provider_icon %}")
        .render({"p": "twitter-oauth2"})
    )

    assert html == "X (Twitter) /static/img/social/x.svg"
