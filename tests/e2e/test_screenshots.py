"""`make screenshots`: pictures of the main pages at phone and desktop widths, for README.

Runs only when SCREENSHOTS_DIR is set (the make target sets it to docs/screenshots). Pictures are
viewport-sized (or one element), so the PNGs stay small.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.conftest import DESKTOP, PHONE, REFERENCE, sign_in
from tests.factories import CommentFactory, UserFactory

SIZES = (("phone", PHONE), ("desktop", DESKTOP))


@pytest.fixture
def screenshots_dir():
    target = os.environ.get("SCREENSHOTS_DIR")
    if not target:
        pytest.skip("SCREENSHOTS_DIR is not set (run `make screenshots`).")
    path = Path(target)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def site(demo_site, providers):
    from django.contrib.auth import get_user_model

    post = Comment.objects.filter(post__slug="syria-aleppo-offensive").first().post
    demo_site.moderator = get_user_model().objects.get(username="moderator")
    for name, body in (
        ("Quentin Queue", "Is the corridor north of the city still open to aid convoys?"),
        ("Rana H.", "Cheap pills here!!! visit my site"),
    ):
        CommentFactory(
            post=post,
            body=body,
            status=Comment.Status.PENDING,
            author_name=name,
            author_email=f"{name.split()[0].lower()}@example.org",
        )
    demo_site.reader = UserFactory(
        username="ada", display_name="Ada Lovelace", auth_provider="google-oauth2"
    )
    return demo_site


def shoot(page, target, element=None):
    """The viewport, or one element (scrolled into view); saved with a 256-colour palette, which
    looks the same for these pages at less than half the size."""
    from PIL import Image

    page.evaluate("document.fonts.ready")
    if element is None:
        page.screenshot(path=target)
    else:
        page.locator(element).scroll_into_view_if_needed()
        page.locator(element).screenshot(path=target)
    with Image.open(target) as picture:
        small = picture.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    small.save(target, optimize=True)


def test_screenshots(site, new_page, screenshots_dir):
    for label, viewport in SIZES:

        def fresh(scheme="light", viewport=viewport):
            return new_page(viewport=viewport, color_scheme=scheme)

        page = fresh()
        page.goto(site.url + "/")
        shoot(page, screenshots_dir / f"home-{label}.png")

        page = fresh()
        page.goto(site.url + REFERENCE)
        shoot(page, screenshots_dir / f"post-{label}.png")
        shoot(page, screenshots_dir / f"comments-{label}.png", ".comment-list")
        shoot(page, screenshots_dir / f"signin-{label}.png", "#respond")

        page = fresh("dark")
        page.goto(site.url + REFERENCE)
        shoot(page, screenshots_dir / f"post-dark-{label}.png")

        page = fresh()
        page.goto(site.url + REFERENCE)
        page.fill("#id_comment", "I disagree with the second paragraph, and here is why.")
        page.fill("#id_author", "Ada")
        page.fill("#id_email", "ada@example")
        page.get_by_role("button", name="Post Comment").click()
        expect(page.get_by_role("alert").first).to_be_visible()
        shoot(page, screenshots_dir / f"form-errors-{label}.png", "#respond")

        page = fresh()
        sign_in(page, site, site.reader)
        page.goto(site.url + REFERENCE + "#respond")
        shoot(page, screenshots_dir / f"signed-in-{label}.png", "#respond")

        page = fresh()
        sign_in(page, site, site.moderator)
        page.goto(site.url + "/moderation/")
        shoot(page, screenshots_dir / f"moderation-{label}.png")

    page = new_page(viewport=DESKTOP)
    page.goto(site.url + REFERENCE)
    page.emulate_media(media="print")
    shoot(page, screenshots_dir / "post-print.png")
