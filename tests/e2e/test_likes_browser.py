"""Likes in Chromium (issue 19 items 3 and 8): with JavaScript the count changes in place and
the button says it is pressed; the next visit (a page shared by every reader) shows this
browser's like from its cookie; without JavaScript the form posts and comes back to the comment."""

from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.conftest import PHONE, REFERENCE


def first_comment(live_server) -> Comment:
    return (
        Comment.objects.approved()
        .conversation()
        .filter(post__slug=REFERENCE.strip("/").rsplit("/", 1)[-1])
        .order_by("created_at", "pk")
        .first()
    )


def test_a_reader_likes_and_unlikes_a_comment_without_a_reload(demo_site, new_page):
    page = new_page(viewport=PHONE)
    page.goto(demo_site.url + REFERENCE)
    comment = first_comment(demo_site)
    form = page.locator(f"#comment-{comment.pk} > article form.like-form")
    button, count = form.locator(".like-button"), form.locator(".like-count")
    expect(button).to_have_attribute("aria-pressed", "false")
    page.evaluate("window.notReloaded = true")
    assert button.get_attribute("aria-pressed") == "false"
    assert count.get_attribute("aria-live") == "polite"

    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    assert count.inner_text() == "1 like"
    assert page.evaluate("window.notReloaded") is True
    comment.refresh_from_db()
    assert comment.like_count == 1

    page.reload()  # a shared page: the cookie's like is shown by likes.js
    expect(button).to_have_attribute("aria-pressed", "true")
    assert count.inner_text() == "1 like"

    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    assert count.inner_text() == ""
    comment.refresh_from_db()
    assert comment.like_count == 0
    assert page.requests.third_party() == []


def test_without_javascript_a_like_comes_back_to_the_comment_counted(demo_site, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(demo_site.url + REFERENCE)
    comment = first_comment(demo_site)
    page.locator(f"#comment-{comment.pk} > article .like-button").click()
    page.wait_for_url(f"**/?liked=1#comment-{comment.pk}")
    button = page.locator(f"#comment-{comment.pk} > article .like-button")
    assert button.get_attribute("aria-pressed") == "true"
    assert page.locator(f"#comment-{comment.pk} > article .like-count").inner_text() == "1 like"
    button.click()  # now the Unlike form
    page.wait_for_url(f"**/?liked=1#comment-{comment.pk}")
    comment.refresh_from_db()
    assert comment.like_count == 0


def test_a_reader_likes_the_post(demo_site, new_page):
    page = new_page()
    page.goto(demo_site.url + REFERENCE)
    button = page.locator("#post-likes .like-button")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    assert page.locator("#post-likes .like-count").inner_text() == "1 like"


def test_a_like_clicked_before_the_readers_likes_arrive_is_not_set_back(demo_site, new_page):
    """likes.js asks for this reader's likes when the page loads; on a slow line the answer can
    come after the reader has already liked. That older answer must not undo the click."""
    page = new_page(viewport=PHONE)
    held = []

    def hold_the_state(route):
        held.append((route, route.fetch()))  # the state as it was before the click

    page.route(lambda url: url.endswith("/likes/"), hold_the_state)
    page.goto(demo_site.url + REFERENCE)
    comment = first_comment(demo_site)
    form = page.locator(f"#comment-{comment.pk} > article form.like-form")
    button = form.locator(".like-button")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    assert len(held) == 1, "likes.js asked for the reader's likes once, and the answer is held"

    route, stale = held[0]
    assert str(comment.pk) not in stale.json()["liked"]
    route.fulfill(response=stale)
    expect(page.locator("[data-likes-state=loaded]")).to_have_count(1)
    assert button.get_attribute("aria-pressed") == "true"
    assert form.locator(".like-count").inner_text() == "1 like"
    comment.refresh_from_db()
    assert comment.like_count == 1
