"""A reader signs in with Google in a real browser: the provider is a stand-in on loopback."""

import pytest
from playwright.sync_api import expect
from social_core.backends import utils as social_backends

from comments.models import Comment
from tests.e2e.conftest import REFERENCE
from tests.e2e.standin_google import StandInGoogle, StandInGoogleOAuth2


@pytest.fixture
def standin_google(providers, settings, monkeypatch):
    """Google's three endpoints on 127.0.0.1, and the Google backend pointed at them (these
    settings exist only in this test)."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with StandInGoogle(
        settings.SOCIAL_AUTH_GOOGLE_OAUTH2_KEY, settings.SOCIAL_AUTH_GOOGLE_OAUTH2_SECRET
    ) as google:
        settings.SOCIAL_AUTH_GOOGLE_OAUTH2_AUTHORIZATION_URL = f"{google.url}/o/oauth2/auth"
        settings.SOCIAL_AUTH_GOOGLE_OAUTH2_ACCESS_TOKEN_URL = f"{google.url}/o/oauth2/token"
        settings.SOCIAL_AUTH_GOOGLE_OAUTH2_USERINFO_URL = f"{google.url}/oauth2/v3/userinfo"
        settings.SOCIAL_AUTH_REDIRECT_IS_HTTPS = False  # the live server speaks plain HTTP
        path = f"{StandInGoogleOAuth2.__module__}.{StandInGoogleOAuth2.__name__}"
        settings.AUTHENTICATION_BACKENDS = [
            path if backend.endswith(".GoogleOAuth2") else backend
            for backend in settings.AUTHENTICATION_BACKENDS
        ]
        # Chromium follows the sign-in form's redirect only to origins form-action allows.
        settings.SECURE_CSP = {
            **settings.SECURE_CSP,
            "form-action": [*settings.SECURE_CSP["form-action"], google.url],
        }
        social_backends.load_backends(settings.AUTHENTICATION_BACKENDS)
        monkeypatch.setitem(social_backends.BACKENDSCACHE, "google-oauth2", StandInGoogleOAuth2)
        yield google


def test_the_button_says_connecting_while_the_browser_leaves(demo_site, providers, page):
    page.goto(f"{demo_site.url}/account/")
    # Keep the page: cancel the submission after the page's own handler has run.
    page.evaluate("window.addEventListener('submit', (event) => event.preventDefault())")

    page.get_by_role("button", name="Sign in with Google").click()

    expect(page.locator(".signin-status")).to_have_text("Connecting to Google…")
    expect(page.get_by_role("button", name="Sign in with Facebook")).to_be_disabled()


def test_a_reader_signs_in_with_google_comments_and_logs_out(demo_site, standin_google, page):
    page.goto(demo_site.url + REFERENCE)
    page.locator("#respond").get_by_role("button", name="Sign in with Google").click()

    page.wait_for_url(f"{standin_google.url}/o/oauth2/auth?**")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ada@example.com")
    page.get_by_role("link", name="Allow").click()

    page.wait_for_url(f"{demo_site.url}{REFERENCE}**")
    expect(page.locator("#respond .signin-current")).to_contain_text(
        "You are commenting using your Google account."
    )
    assert standin_google.seen == [
        "GET /o/oauth2/auth",
        "GET /o/oauth2/approve",
        "POST /o/oauth2/token",
        "GET /oauth2/v3/userinfo",
    ]
    expect(page.locator("#id_author")).to_have_count(0)  # the provider told us who they are

    page.fill("#id_comment", "Signed in with Google, from the browser.")
    page.get_by_role("button", name="Post Comment").click()
    page.wait_for_url(f"**{REFERENCE}#comment-*")
    comment = Comment.objects.get(body="Signed in with Google, from the browser.")
    assert comment.user.email == "ada@example.com"
    assert comment.user.social_auth.get().provider == "google-oauth2"
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("Ada Lovelace")

    page.locator("#respond").get_by_role("button", name="Log Out").click()
    page.wait_for_load_state()
    expect(
        page.locator("#respond").get_by_role("button", name="Sign in with Google")
    ).to_be_visible()
    expect(page.locator("#id_author")).to_be_visible()
