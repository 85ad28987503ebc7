"""Every way a sign-in can fail comes back to the post with a plain message: never a 500."""

import time

import pytest
import requests
import responses
import time_machine

from tests.accounts.conftest import (
    GOOGLE_TOKEN_URL,
    GOOGLE_USERINFO_URL,
    X_ME_URL,
    begin,
    callback,
    google_profile,
    mock_google,
    mock_x,
    respond_url,
    sign_in,
    start,
)
from tests.factories import ReaderFactory, SocialAuthFactory

pytestmark = pytest.mark.django_db


def block_messages(client, post) -> str:
    """What the reader sees where the sign-in buttons are (the /account/ sign-in page)."""
    return client.get("/account/").content.decode()


def assert_back_on_the_post_signed_out(response, post):
    assert response.status_code == 302
    assert response["Location"] == respond_url(post)


def test_cancelling_at_the_provider(client, providers, article, provider_http):
    params = start(client, "google-oauth2", respond_url(article))

    response = callback(client, "google-oauth2", state=params["state"], error="access_denied")

    assert_back_on_the_post_signed_out(response, article)
    assert "_auth_user_id" not in client.session
    assert "Signing in with Google was cancelled." in block_messages(client, article)
    assert not provider_http.calls  # no token was asked for


def test_cancelling_on_facebook_with_its_own_error_fields(client, providers, article):
    params = start(client, "facebook", respond_url(article))

    response = callback(
        client,
        "facebook",
        state=params["state"],
        error="access_denied",
        error_code="200",
        error_reason="user_denied",
        error_description="Permissions error",
    )

    assert_back_on_the_post_signed_out(response, article)
    assert "Signing in with Facebook was cancelled." in block_messages(client, article)


def test_a_callback_without_state(client, providers, article, provider_http):
    start(client, "google-oauth2", respond_url(article))

    response = callback(client, "google-oauth2", code="the-code")

    assert_back_on_the_post_signed_out(response, article)
    assert "was interrupted or took too long" in block_messages(client, article)


def test_a_forged_state(client, providers, article, provider_http):
    start(client, "twitter-oauth2", respond_url(article))

    response = callback(client, "twitter-oauth2", code="the-code", state="f" * 32)

    assert_back_on_the_post_signed_out(response, article)
    assert "was interrupted or took too long" in block_messages(client, article)
    assert not provider_http.calls


def test_a_state_from_another_browser(client, providers, article, provider_http):
    from django.test import Client

    params = start(Client(), "google-oauth2", respond_url(article))

    response = callback(client, "google-oauth2", code="the-code", state=params["state"])

    # This browser never started a sign-in, so there is no post to return to: /account/.
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert "was interrupted or took too long" in block_messages(client, article)
    assert not provider_http.calls


def test_a_state_used_twice(client, providers, article, provider_http):
    mock_google(provider_http)
    params = start(client, "google-oauth2", respond_url(article))
    callback(client, "google-oauth2", state=params["state"], code="the-code")
    client.post("/account/logout/", {"next": "/"})

    response = callback(client, "google-oauth2", state=params["state"], code="the-code")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert "was interrupted or took too long" in block_messages(client, article)


def test_a_stale_state(client, providers, article, provider_http):
    params = start(client, "google-oauth2", respond_url(article))

    with time_machine.travel(time.time() + 3600):
        response = callback(client, "google-oauth2", state=params["state"], code="the-code")

    assert_back_on_the_post_signed_out(response, article)
    assert "was interrupted or took too long" in block_messages(client, article)
    assert not provider_http.calls


def test_an_account_already_joined_to_another_reader(client, providers, article, provider_http):
    owner = ReaderFactory()
    SocialAuthFactory(user=owner, provider="google-oauth2", uid=google_profile()["sub"])
    someone_else = ReaderFactory(auth_provider="facebook")
    SocialAuthFactory(user=someone_else, provider="facebook")
    client.force_login(someone_else)
    mock_google(provider_http)

    params = start(client, "google-oauth2", "/account/")  # "Connect" on /account/
    response = callback(client, "google-oauth2", state=params["state"], code="the-code")

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert "That Google account is already connected to another reader here." in (
        client.get("/account/").content.decode()
    )
    assert not someone_else.social_auth.filter(provider="google-oauth2").exists()


@pytest.mark.parametrize("status", [400, 500, 503])
def test_the_token_endpoint_answers_with_an_error(
    client, providers, article, provider_http, status
):
    provider_http.add(
        responses.POST, GOOGLE_TOKEN_URL, json={"error": "server_error"}, status=status
    )
    params = start(client, "google-oauth2", respond_url(article))

    response = callback(client, "google-oauth2", state=params["state"], code="the-code")

    assert_back_on_the_post_signed_out(response, article)
    assert "_auth_user_id" not in client.session
    page = block_messages(client, article)
    assert "Google" in page
    assert "Please try again" in page


def test_the_code_is_rejected(client, providers, article, provider_http):
    provider_http.add(responses.POST, GOOGLE_TOKEN_URL, json={"error": "invalid_grant"}, status=400)
    params = start(client, "google-oauth2", respond_url(article))

    response = callback(client, "google-oauth2", state=params["state"], code="old")

    assert_back_on_the_post_signed_out(response, article)
    assert "Google did not accept the sign-in. Please try again." in block_messages(client, article)


def test_the_provider_does_not_answer_in_time(client, providers, article, provider_http):
    provider_http.add(responses.POST, GOOGLE_TOKEN_URL, body=requests.Timeout("slow"))
    params = start(client, "google-oauth2", respond_url(article))

    response = callback(client, "google-oauth2", state=params["state"], code="the-code")

    assert_back_on_the_post_signed_out(response, article)
    assert "Google did not answer in time." in block_messages(client, article)


def test_the_provider_cannot_be_reached(client, providers, article, provider_http):
    provider_http.add(
        responses.POST, "https://api.twitter.com/2/oauth2/token", body=requests.ConnectionError()
    )
    params = start(client, "twitter-oauth2", respond_url(article))

    response = callback(client, "twitter-oauth2", state=params["state"], code="the-code")

    assert_back_on_the_post_signed_out(response, article)
    assert "X (Twitter) did not answer in time." in block_messages(client, article)


def test_the_profile_request_fails(client, providers, article, provider_http):
    mock_x(provider_http)
    provider_http.replace(responses.GET, X_ME_URL, json={"title": "Unauthorized"}, status=401)
    params = start(client, "twitter-oauth2", respond_url(article))

    response = callback(client, "twitter-oauth2", state=params["state"], code="the-code")

    assert_back_on_the_post_signed_out(response, article)
    assert "_auth_user_id" not in client.session
    assert "X (Twitter) refused the sign-in." in block_messages(client, article)


def test_the_provider_answers_with_something_that_is_not_json(
    client, providers, article, provider_http
):
    mock_google(provider_http)
    provider_http.replace(responses.GET, GOOGLE_USERINFO_URL, body="<html>oops</html>")
    params = start(client, "google-oauth2", respond_url(article))

    response = callback(client, "google-oauth2", state=params["state"], code="the-code")

    assert_back_on_the_post_signed_out(response, article)
    assert "Google sent an answer we could not use." in block_messages(client, article)


def test_google_without_a_verified_email_is_refused(client, providers, article, provider_http):
    response = sign_in(
        client,
        provider_http,
        "google-oauth2",
        respond_url(article),
        profile=google_profile(email_verified=False),
    )

    assert_back_on_the_post_signed_out(response, article)
    assert "_auth_user_id" not in client.session
    assert "Google has not confirmed your e-mail address" in block_messages(client, article)


def test_error_messages_show_beside_the_buttons_not_at_the_top(client, providers, article):
    params = start(client, "google-oauth2", respond_url(article))
    callback(client, "google-oauth2", state=params["state"], error="access_denied")

    html = client.get("/account/").content.decode()

    block = html[html.index('class="signin-block"') :]
    assert "was cancelled" in block
    assert html.count("was cancelled") == 1


def test_a_provider_without_keys_cannot_be_started(client, no_providers, article):
    response = begin(client, "google-oauth2", respond_url(article))
    assert response.status_code == 404


def test_an_unknown_provider_cannot_be_started(client, providers):
    assert begin(client, "myspace", "/").status_code == 404


def test_sign_in_starts_only_with_a_post(client, providers):
    assert client.get("/login/google-oauth2/").status_code == 405


def test_sign_in_needs_the_csrf_token(providers, article):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)

    assert begin(csrf_client, "google-oauth2", respond_url(article)).status_code == 403


@pytest.mark.parametrize(
    "evil",
    [
        "https://evil.example/",
        "//evil.example/",
        "///evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "https://testserver.evil.example/",
        "http:evil.example",
    ],
)
def test_next_never_leads_off_the_site_after_signing_in(
    client, providers, article, provider_http, evil
):
    response = sign_in(client, provider_http, "google-oauth2", evil)

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    "evil", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:x"]
)
def test_next_never_leads_off_the_site_after_a_failed_sign_in(client, providers, article, evil):
    params = start(client, "google-oauth2", evil)

    response = callback(client, "google-oauth2", state=params["state"], error="access_denied")

    assert response["Location"] == "/account/"


@pytest.mark.parametrize(
    "evil", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:x"]
)
def test_next_never_leads_off_the_site_after_logging_out(client, evil):
    client.force_login(ReaderFactory())

    response = client.post("/account/logout/", {"next": evil})

    assert response["Location"] == "/"
