"""Imported WordPress content in Chromium at phone and desktop widths: aligned pictures float,
tables stay inside the page, embeds are cards, nothing is asked of another site, axe finds
nothing. Screenshots go to the test's folder (or SCREENSHOTS_DIR when set) to be looked at."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import path
from django.views.static import serve

import config.urls
from blog.models import Post
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations
from tests.wordpress.test_wxr_content_renders import SAMPLE, make_uploads
from wordpress.models import WordPressItem


def media(request, name):
    return serve(request, name, document_root=settings.MEDIA_ROOT)


# The live server has DEBUG off, where Django serves no uploads: this test's URLs do.
urlpatterns = [path("media/<path:name>", media), *config.urls.urlpatterns]
handler400, handler500 = config.urls.handler400, config.urls.handler500


@pytest.fixture
def imported_site(transactional_db, live_server, tmp_path):
    call_command(
        "import_wordpress",
        str(SAMPLE),
        "--media-dir",
        str(make_uploads(tmp_path)),
        stdout=StringIO(),
    )
    return live_server


def url_of(live_server, wp_id: int) -> str:
    post = Post.objects.get(pk=WordPressItem.objects.get(kind="post", key=str(wp_id)).object_id)
    return f"{live_server.url}{post.get_absolute_url()}"


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def page_fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def float_of(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("element => getComputedStyle(element).float")


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(("label", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_imported_posts_look_as_they_did_and_ask_nothing_of_other_sites(
    imported_site, new_page, tmp_path, label, viewport
):
    folder = shots_dir(tmp_path)
    for wp_id, name in ((201, "classic"), (202, "blocks")):
        page = new_page(viewport=viewport)
        page.goto(url_of(imported_site, wp_id))
        page.wait_for_load_state("networkidle")
        page.screenshot(path=folder / f"imported-{name}-{label}.png", full_page=True)

        assert page_fits(page), f"{name} at {label} is wider than the screen"
        table = page.locator(".table-scroll").first
        assert table.evaluate("box => box.getBoundingClientRect().right <= window.innerWidth")
        assert page.locator(".embed-card").count() >= 1
        assert page.locator("iframe, audio, video, object").count() == 0
        assert all(
            page.locator("img").nth(n).evaluate("img => img.complete && img.naturalWidth > 0")
            for n in range(page.locator("img").count())
        ), "a picture did not load"
        assert page.requests.third_party() == []
        assert axe_violations(page) == [], name

        if wp_id == 201:
            assert float_of(page, ".wp-caption.alignleft") == "left"
            assert float_of(page, ".wp-caption.alignright") == "right"
        else:
            assert float_of(page, ".wp-block-image.alignright") == "right"
            assert float_of(page, ".wp-block-image.alignleft") == "left"
            title = page.locator("h1.post-title")
            assert "<em>every</em>" in title.inner_text()
            assert title.evaluate("h => h.scrollWidth <= h.clientWidth")
            sizes = [
                page.locator(f".post-body {tag}").first.evaluate(
                    "h => parseFloat(getComputedStyle(h).fontSize)"
                )
                for tag in ("h3", "h4")
            ]
            assert sizes[0] > sizes[1], sizes
            if viewport is DESKTOP:
                columns = page.locator(".wp-block-column")
                first, second = (columns.nth(n).bounding_box() for n in (0, 1))
                assert first["y"] == second["y"] and first["width"] > second["width"]
