"""A reader comments and replies in a real browser; a moderator approves from the queue."""

import os
import shutil

import pytest
from django.db import connections

from comments.models import Comment
from tests.factories import CommentFactory, UserFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    # serialized_rollback: the data migrations' rows (the Moderators group) survive the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed"),
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser(settings):
    playwright_api = pytest.importorskip("playwright.sync_api")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in this thread
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.COMMENTS_MIN_FORM_SECONDS = 0
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()
        # Inside Playwright's event loop the test got database connections of its own (Django's
        # connections are context-local): close them, or the test database can't be dropped.
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def moderator(db):
    from comments.services import moderators_group

    user = UserFactory(username="mod", is_staff=True)
    user.groups.add(moderators_group())
    return user


def test_reply_with_javascript_then_moderate_from_the_queue(browser, live_server, post, moderator):
    first = CommentFactory(post=post, body="The first thought.")
    page = browser.new_page()
    page.goto(live_server.url + post.get_absolute_url())

    page.click(f"#comment-{first.pk} .comment-reply-link")
    assert page.locator(f"#comment-{first.pk} #respond").count() == 1  # moved in place
    assert page.input_value("input[name=parent]") == str(first.pk)
    page.fill("#id_comment", "A reply typed in the browser.")
    page.fill("#id_author", "Brenda Browser")
    page.fill("#id_email", "brenda@example.org")
    page.click("#submit")
    page.wait_for_url(f"**{post.get_absolute_url()}#comment-*")

    reply = Comment.objects.get(author_email="brenda@example.org")
    assert reply.parent == first and reply.status == Comment.Status.PENDING
    assert "Your comment is awaiting moderation." in page.content()

    moderator.set_password("moderate-me")
    moderator.save()
    mod = browser.new_page()
    mod.goto(live_server.url + "/admin/login/?next=/moderation/")
    mod.fill("#id_username", moderator.username)
    mod.fill("#id_password", "moderate-me")
    mod.click("input[type=submit]")
    mod.wait_for_url("**/moderation/")
    mod.click(f"#comment-{reply.pk} button:has-text('Approve')")
    mod.wait_for_url("**/moderation/")
    assert "Nothing is waiting for moderation." in mod.content()
    reply.refresh_from_db()
    assert reply.status == Comment.Status.APPROVED


def test_reply_without_javascript_uses_the_replyto_link(browser, live_server, post):
    first = CommentFactory(post=post, body="The first thought.")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + post.get_absolute_url())
    page.click(f"#comment-{first.pk} .comment-reply-link")
    assert f"replyto={first.pk}" in page.url
    assert page.locator(f"#comment-{first.pk} #respond").count() == 1
    assert page.is_visible("#cancel-comment-reply-link")
    context.close()
