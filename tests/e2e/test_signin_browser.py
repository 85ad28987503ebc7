"""A reader signs in with Google in a real browser (Chromium), the provider simulated.

The browser's trip to accounts.google.com is answered by Playwright (consent given, sent back
to /complete/google-oauth2/); the server's own calls to Google are answered by `responses`.
"""

import os
import shutil
from urllib.parse import urlencode

import pytest

from tests.accounts.conftest import mock_google, query_of

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def page(monkeypatch, settings):
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser.new_page()
        browser.close()


def test_the_button_says_connecting_while_the_browser_leaves(page, live_server, providers):
    page.goto(f"{live_server.url}/account/")
    # Keep the page: cancel the submission after the page's own handler has run.
    page.evaluate("window.addEventListener('submit', (event) => event.preventDefault())")

    page.get_by_role("button", name="Sign in with Google").click()

    sync_api.expect(page.locator(".signin-status")).to_have_text("Connecting to Google…")
    sync_api.expect(page.get_by_role("button", name="Sign in with Facebook")).to_be_disabled()


def test_signing_in_with_google_end_to_end(page, live_server, providers, provider_http):
    mock_google(provider_http)
    seen = {}

    def google_consents(route):
        seen.update(query_of(route.request.url))
        back = f"{live_server.url}/complete/google-oauth2/?" + urlencode(
            {"state": seen["state"], "code": "the-code"}
        )
        route.fulfill(status=302, headers={"Location": back})

    page.route("https://accounts.google.com/**", google_consents)
    page.goto(f"{live_server.url}/account/")

    page.get_by_role("button", name="Sign in with Google").click()

    sync_api.expect(page.locator(".signin-current")).to_contain_text(
        "You are commenting using your Google account."
    )
    assert seen["client_id"] == "google-client-id"
    assert page.url == f"{live_server.url}/account/"

    page.get_by_role("button", name="Log Out").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/account/")
    sync_api.expect(page.get_by_role("button", name="Sign in with Google")).to_be_visible()
