"""A reader's comment on a password-protected post, in Chromium at phone and desktop widths: the
form shows once the password is given; if the password changes while the form is open, sending
is refused (403) and the page gives the typed text back to copy."""

import os
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, axe_violations

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))
PASSWORD = "low tide"
TYPED = "Lovely — see you at the pier on Sunday!"


def test_a_comment_sent_after_the_password_changed_is_refused_and_given_back(
    transactional_db, live_server, new_page
):
    from comments.models import Comment
    from tests.factories import PostFactory

    post = PostFactory(title="Family news", body="For friends only.", password=PASSWORD)
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport=viewport)
        page.goto(live_server.url + post.get_absolute_url())
        expect(page.locator("#commentform")).to_have_count(0)
        page.fill("input[name=password]", PASSWORD)
        page.locator("input[name=password]").press("Enter")
        expect(page.locator("#commentform")).to_be_visible()
        page.fill("#commentform textarea[name=comment]", TYPED)
        page.fill("#commentform input[name=author]", "Ada Reader")
        page.fill("#commentform input[name=email]", "ada@example.org")
        post.password = f"{PASSWORD} {viewport['width']}"  # changed meanwhile: locked again
        post.save()
        with page.expect_navigation() as sent:
            page.locator("#commentform [type=submit]").click()
        assert sent.value.status == 403
        expect(page.locator("h1")).to_have_text("Password needed")
        expect(page.locator("#typed-comment")).to_have_value(TYPED)
        assert "For friends only." not in page.content()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(SHOTS / f"protected-comment-refused-{viewport['width']}.png"), full_page=True
        )
        assert axe_violations(page) == []
        post.password = PASSWORD
        post.save()
    assert not Comment.objects.exists()
