"""The author at the writing desk, in Chromium: toolbar and live preview, a pasted image, a
reload mid-draft, an old revision restored, publishing and coming back by "Edit post"."""

import os
import re

import pytest
from django.conf import settings
from django.urls import path
from django.views.static import serve
from playwright.sync_api import expect

import config.urls
from blog.models import Post
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, html_errors_of, staff_sign_in
from tests.factories import jpeg_bytes


def media(request, name):
    return serve(request, name, document_root=settings.MEDIA_ROOT)


urlpatterns = [path("media/<path:name>", media), *config.urls.urlpatterns]
handler400, handler500 = config.urls.handler400, config.urls.handler500


@pytest.fixture
def desk(demo_site, new_page, settings):
    settings.BLOG_AUTOSAVE_SECONDS = 1
    page = new_page()
    staff_sign_in(page, demo_site, "author")
    return page


def preview(page):
    return page.locator(".editor-preview")


@pytest.mark.urls(__name__)
def test_the_author_writes_with_the_toolbar_and_sees_the_preview_change(desk, demo_site):
    desk.goto(f"{demo_site.url}/admin/blog/post/add/")
    desk.locator("#id_title").press_sequentially("Notes from the Road")
    expect(desk.locator("#id_slug")).to_have_value("notes-from-the-road")
    body = desk.locator("#id_body")
    body.fill("The road north")
    body.press("Control+a")
    desk.get_by_role("button", name="Heading 2").click()
    expect(preview(desk).locator("h2")).to_have_text("The road north")
    body.press("End")
    body.type("\n\nA word in bold")
    desk.keyboard.press("Shift+Home")
    desk.keyboard.press("Control+b")
    expect(preview(desk).locator("strong")).to_have_text("A word in bold")
    expect(desk.locator(".editor-status")).to_contain_text("words")


@pytest.mark.urls(__name__)
def test_a_pasted_image_asks_for_alt_text_and_shows_as_a_figure(desk, demo_site, tmp_path):
    desk.goto(f"{demo_site.url}/admin/blog/post/add/")
    desk.fill("#id_title", "A Harbour")
    desk.fill("#id_body", "Before the picture.")
    desk.locator("#id_body").press("End")
    picture = jpeg_bytes(900, 600, (30, 90, 140))
    desk.evaluate(
        """(bytes) => {
          const file = new File([new Uint8Array(bytes)], "harbour.jpg", {type: "image/jpeg"});
          const data = new DataTransfer();
          data.items.add(file);
          const options = {clipboardData: data, bubbles: true, cancelable: true};
          const event = new ClipboardEvent("paste", options);
          document.getElementById("id_body").dispatchEvent(event);
        }""",
        list(picture),
    )
    dialog = desk.locator("dialog.editor-image-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Upload and insert").click()  # no alt text yet
    expect(dialog).to_be_visible()
    assert dialog.locator("#editor-image-alt").evaluate("input => input.validity.valueMissing")
    dialog.get_by_label("Alt text (required): what the picture shows").fill("Boats at dawn")
    dialog.get_by_label("Credit (optional)", exact=False).fill("photo: the author")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_be_hidden()
    expect(desk.locator("#id_body")).to_have_value(
        re.compile(r"Before the picture\.\n\n!\[Boats at dawn\]\(image:\d+\)")
    )
    figure = preview(desk).locator("figure")
    expect(figure.locator("img")).to_have_attribute("alt", "Boats at dawn")
    expect(figure).to_contain_text("photo: the author")
    assert desk.requests.third_party() == []


@pytest.mark.urls(__name__)
def test_a_reload_mid_draft_offers_the_autosave(desk, demo_site):
    post = Post.objects.get(slug="syria-aleppo-offensive")
    desk.goto(f"{demo_site.url}/admin/blog/post/{post.pk}/change/")
    desk.locator("#id_body").press("Control+End")
    desk.locator("#id_body").type("\n\nA paragraph typed before the tab closed.")
    expect(desk.locator(".editor-status")).to_contain_text("Autosaved at", timeout=8000)
    desk.once("dialog", lambda dialog: dialog.accept())  # "leave the page?" is asked
    desk.reload()
    banner = desk.locator(".editor-restore")
    expect(banner).to_contain_text("Restore the autosave from")
    banner.get_by_role("button", name="Restore the autosave").click()
    expect(desk.locator("#id_body")).to_have_value(
        re.compile("A paragraph typed before the tab closed.$")
    )
    post.refresh_from_db()
    assert "typed before the tab closed" not in post.body


@pytest.mark.urls(__name__)
def test_an_old_revision_is_restored_then_the_post_is_published_and_edited_from_the_site(
    desk, demo_site
):
    desk.goto(f"{demo_site.url}/admin/blog/post/add/")
    desk.fill("#id_title", "Ceasefire Talks")
    desk.fill("#id_body", "The first version of the story.")
    desk.get_by_role("button", name="Save draft").click()
    expect(desk.locator(".messagelist")).to_contain_text("was added successfully")
    desk.fill("#id_body", "A second version, written over the first.")
    desk.get_by_role("button", name="Save draft").click()
    expect(desk.locator(".messagelist")).to_contain_text("was changed successfully")

    desk.get_by_role("link", name="Revisions").click()
    expect(desk.locator(".revision-diff")).to_contain_text("second version")
    desk.get_by_role("button", name="Restore this version").click()
    expect(desk.locator(".messagelist")).to_contain_text("is back in the post")
    expect(desk.locator("#id_body")).to_have_value("The first version of the story.")

    desk.get_by_role("button", name="Publish").click()
    expect(desk.get_by_role("button", name="Update")).to_be_visible()
    post = Post.objects.get(title="Ceasefire Talks")
    assert post.is_public and post.revisions.filter(is_autosave=False).count() == 3

    desk.goto(demo_site.url + post.get_absolute_url())
    desk.get_by_role("navigation", name="Staff").get_by_role("link", name="Edit post").click()
    expect(desk).to_have_url(f"{demo_site.url}/admin/blog/post/{post.pk}/change/")


@pytest.mark.urls(__name__)
def test_the_editor_desk_and_history_have_no_axe_violations_and_valid_html(
    demo_site, new_page, tmp_path
):
    post = Post.objects.get(slug="syria-aleppo-offensive")
    pages = {
        "desk": "/admin/",
        "editor": f"/admin/blog/post/{post.pk}/change/",
        "new post": "/admin/blog/post/add/",
        "history": f"/admin/blog/post/{post.pk}/revisions/",
    }
    documents, problems = {}, {}
    shots = os.environ.get("SCREENSHOTS_DIR")
    for viewport_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = new_page(viewport=viewport)
        staff_sign_in(page, demo_site, "author")
        for name, url in pages.items():
            page.goto(demo_site.url + url)
            page.wait_for_load_state("networkidle")
            if violations := axe_violations(page):
                problems[f"{name} ({viewport_name})"] = violations
            documents[name] = page.content()
            if shots:
                page.screenshot(path=f"{shots}/admin-{name.replace(' ', '-')}-{viewport_name}.png")
            assert page.requests.third_party() == []
    assert problems == {}
    # The Nu checker reads the HTML the server sent (what a browser without JavaScript gets).
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="author"))
    served = {name: client.get(url).content.decode() for name, url in pages.items()}
    assert html_errors_of(served, tmp_path) == {name: [] for name in served}
