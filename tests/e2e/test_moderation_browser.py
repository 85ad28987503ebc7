"""A quick reader is never buried: a comment pasted and sent within a second of clicking into
the form is held for a moderator (or approved), never filed as spam (issue 17)."""

import time

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.conftest import REFERENCE, staff_sign_in

BODY = "Pasted in one go: the siege deserves a second look."


@pytest.fixture
def real_timing(browser_settings):
    """The browser fixtures switch the timing rule off; these tests are about it."""
    browser_settings.COMMENTS_MIN_FORM_SECONDS = 3


def returning_commenter() -> Comment:
    """A demo reader with an approved comment: only the timing rule can hold them."""
    return Comment.objects.approved().filter(user=None).exclude(author_email="").first()


def click_paste_and_send(page, *, name: str, email: str) -> float:
    """Click into the form, paste the comment, send it; returns the seconds it took."""
    started = time.monotonic()
    with page.expect_response("**/token/**"):  # the first click fetches a fresh timestamp
        page.click("#id_comment")
    page.keyboard.insert_text(BODY)  # a paste: the text arrives in one input event
    page.fill("#id_author", name)  # what the browser's autofill puts there
    page.fill("#id_email", email)
    page.get_by_role("button", name="Post Comment").click()
    page.wait_for_url(f"**{REFERENCE}#comment-*")
    return time.monotonic() - started


def test_a_comment_pasted_and_sent_at_once_is_held_and_shown_to_moderators(
    demo_site, new_page, real_timing
):
    known = returning_commenter()
    reader = new_page()
    reader.goto(demo_site.url + REFERENCE)
    took = click_paste_and_send(reader, name=known.author_name, email=known.author_email)
    assert took < 3
    expect(reader.get_by_text("Your comment is awaiting moderation.")).to_be_visible()

    comment = Comment.objects.get(body=BODY)
    assert (comment.status, comment.moderation_rule) == (Comment.Status.PENDING, "too-fast")

    moderator = new_page()
    staff_sign_in(moderator, demo_site, "moderator")
    moderator.goto(demo_site.url + "/moderation/")
    item = moderator.locator(f"#comment-{comment.pk}")
    expect(item).to_contain_text(BODY)
    expect(item.locator(".queue-rule")).to_contain_text(
        "sent back very soon after the page was shown"
    )
    item.get_by_role("button", name="Approve").click()
    moderator.wait_for_url("**/moderation/**")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_a_reader_who_read_the_post_first_is_not_timed_from_their_click(
    demo_site, new_page, real_timing
):
    """The fresh timestamp fetched on the first click keeps the page's time: a returning
    reader who read for a few seconds, then pasted and sent at once, is approved."""
    known = returning_commenter()
    reader = new_page()
    reader.goto(demo_site.url + REFERENCE)
    reader.wait_for_timeout(3500)  # reading the post
    took = click_paste_and_send(reader, name=known.author_name, email=known.author_email)
    assert took < 3
    comment = Comment.objects.get(body=BODY)
    assert (comment.status, comment.moderation_rule) == (Comment.Status.APPROVED, "passed")
    expect(reader.locator(f"#comment-{comment.pk}")).to_contain_text(BODY)
    expect(reader.get_by_text("Your comment is awaiting moderation.")).to_have_count(0)
