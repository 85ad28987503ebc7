"""A reader who makes a mistake learns it where they typed, with a keyboard only (issue 19)."""

import os
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, REFERENCE, axe_violations


def send_with_errors(page, url):
    page.goto(url)
    page.focus("#id_comment")
    page.keyboard.type("Typed with the keyboard, sent without a name.")
    page.focus("#id_author")
    page.keyboard.type(" ")  # the browser's own check passes; ours says a name is needed
    page.focus("#id_email")
    page.keyboard.type("ada@example")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")  # the form is sent from its e-mail field
    return navigation.value


def test_focus_lands_on_the_summary_then_on_the_field_with_the_keyboard(demo_site, new_page):
    page = new_page()
    response = send_with_errors(page, demo_site.url + REFERENCE)
    assert response.status == 400
    assert page.url.endswith(f"{REFERENCE}#comment-errors")
    expect(page.locator("#comment-errors")).to_be_focused()
    expect(page.locator("#id_comment")).to_have_value(
        "Typed with the keyboard, sent without a name."
    )
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Name: Please enter your name.")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_author")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("Ada")
    page.focus("#id_email")
    page.keyboard.press("Control+A")
    page.keyboard.type("ada@example.org")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#comment-errors")).to_have_count(0)
    expect(page.locator(".comment-content", has_text="sent without a name")).to_be_visible()


def test_without_javascript_the_summary_still_takes_the_focus(demo_site, new_page):
    page = new_page(java_script_enabled=False)
    response = send_with_errors(page, demo_site.url + REFERENCE)
    assert response.status == 400
    expect(page.locator("#comment-errors")).to_be_focused()  # autofocus
    expect(page.locator("#id_author")).to_have_attribute("aria-invalid", "true")


def test_the_post_page_with_errors_has_no_axe_violations_and_looks_right(
    demo_site, new_page, tmp_path
):
    shots = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)  # to look at them
    found = {}
    for viewport in (PHONE, DESKTOP):
        for scheme in ("light", "dark"):
            page = new_page(viewport=viewport, color_scheme=scheme)
            send_with_errors(page, demo_site.url + REFERENCE)
            found[f"{viewport['width']} {scheme}"] = axe_violations(page)
            shot = shots / f"errors-{viewport['width']}-{scheme}.png"
            page.locator("#respond").screenshot(path=str(shot))
            assert shot.stat().st_size > 0
    assert found == {key: [] for key in found}
