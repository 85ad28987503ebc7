"""Order and folded replies in Chromium (issue 19 items 4 and 8): the reader's order is
remembered in this browser, and a folded branch opens in place with a button that says so."""

import pytest
from playwright.sync_api import expect

from blog.models import Post
from tests.e2e.conftest import PHONE, REFERENCE
from tests.factories import CommentFactory


@pytest.fixture
def folded(demo_site):
    """The first comment of the reference post with six replies: three show, three fold."""
    post = Post.objects.get(slug="syria-aleppo-offensive")
    root = post.comments.filter(parent=None).order_by("created_at", "pk").first()
    replies = [CommentFactory(post=post, parent=root, body=f"Folded reply {n}") for n in range(6)]
    return root, replies


def test_a_folded_branch_opens_and_closes_in_place(folded, new_page, live_server):
    root, replies = folded
    page = new_page(viewport=PHONE)
    page.goto(live_server.url + REFERENCE)
    button = page.locator(f"button[aria-controls='replies-{root.pk}']")
    expect(button).to_have_attribute("aria-expanded", "false")
    hidden_reply = page.locator(f"#comment-{replies[-1].pk}")
    expect(hidden_reply).to_be_hidden()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(hidden_reply).to_be_visible()
    button.click()
    expect(hidden_reply).to_be_hidden()


def test_an_address_pointing_into_a_folded_branch_opens_it(folded, new_page, live_server):
    root, replies = folded
    page = new_page()
    page.goto(f"{live_server.url}{REFERENCE}#comment-{replies[-1].pk}")
    expect(page.locator(f"#comment-{replies[-1].pk}")).to_be_visible()
    button = page.locator(f"button[aria-controls='replies-{root.pk}']")
    expect(button).to_have_attribute("aria-expanded", "true")


def test_without_javascript_the_fold_is_a_link_that_shows_the_replies(
    folded, new_page, live_server
):
    root, replies = folded
    page = new_page(java_script_enabled=False)
    page.goto(live_server.url + REFERENCE)
    expect(page.locator(f"#comment-{replies[-1].pk}")).to_be_hidden()
    link = page.locator(f"a.comment-fold-link[data-fold='replies-{root.pk}']")
    expect(link).to_contain_text("more replies")
    link.click()
    page.wait_for_url(f"**?cexpand={root.pk}#comment-*")
    expect(page.locator(f"#comment-{replies[-1].pk}")).to_be_visible()


def test_the_reader_s_order_is_remembered_in_this_browser(demo_site, new_page):
    page = new_page()
    page.goto(demo_site.url + REFERENCE)
    page.locator(".comment-order").get_by_role("link", name="Best").click()
    page.wait_for_url("**?corder=best#comments")
    expect(page.locator(".comment-order [aria-current=true]")).to_have_text("Best")
    page.goto(demo_site.url + REFERENCE)  # the plain address: opened in the reader's order
    page.wait_for_url("**?corder=best")
    expect(page.locator(".comment-order [aria-current=true]")).to_have_text("Best")
    page.locator(".comment-order").get_by_role("link", name="Oldest").click()
    page.wait_for_url(f"**{REFERENCE}#comments")
    page.goto(demo_site.url + REFERENCE)
    expect(page.locator(".comment-order [aria-current=true]")).to_have_text("Oldest")
    assert "corder" not in page.url
