"""`make screenshots`: pictures of the main pages at phone and desktop widths, for README.

Runs only when SCREENSHOTS_DIR is set (the make target sets it to docs/screenshots).
"""

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import DESKTOP, PHONE

REFERENCE = "/2015/10/27/syria-aleppo-offensive/"
SHOTS = [
    ("home", "/", None),
    ("post", REFERENCE, None),
    ("comments", REFERENCE, "#comments"),
]


@pytest.fixture
def screenshots_dir():
    target = os.environ.get("SCREENSHOTS_DIR")
    if not target:
        pytest.skip("SCREENSHOTS_DIR is not set (run `make screenshots`).")
    path = Path(target)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize(("name", "path", "anchor"), SHOTS)
def test_screenshot(demo_site, new_page, screenshots_dir, name, path, anchor):
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page = new_page(viewport=viewport, color_scheme="light")
        page.goto(demo_site.url + path)
        target = screenshots_dir / f"{name}-{label}.png"
        if anchor:
            page.locator(anchor).scroll_into_view_if_needed()
            page.locator(anchor).screenshot(path=target)
        else:
            page.screenshot(path=target, full_page=label == "phone" and name == "home")
