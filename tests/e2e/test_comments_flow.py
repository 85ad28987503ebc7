"""Readers comment and reply in a real browser; a moderator approves from the queue."""

from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.conftest import REFERENCE, staff_sign_in


def fill_comment(page, body, name="Brenda Browser", email="brenda@example.org"):
    page.fill("#id_comment", body)
    page.fill("#id_author", name)
    page.fill("#id_email", email)


def test_an_anonymous_comment_waits_then_a_moderator_approves_it_and_every_reader_sees_it(
    demo_site, browser, new_page
):
    reader = new_page()
    reader.goto(demo_site.url + REFERENCE)
    expect(reader.locator("#comments-title")).to_have_text(
        "2 thoughts on “Syria: Aleppo Offensive”"
    )
    fill_comment(reader, "Aleppo's siege deserves a second look.")
    reader.get_by_role("button", name="Post Comment").click()
    reader.wait_for_url(f"**{REFERENCE}#comment-*")
    expect(reader.get_by_text("Your comment is awaiting moderation.")).to_be_visible()

    comment = Comment.objects.get(author_email="brenda@example.org")
    assert comment.status == Comment.Status.PENDING

    moderator = new_page()  # a second browser context: its own cookies
    staff_sign_in(moderator, demo_site, "moderator")
    moderator.goto(demo_site.url + "/moderation/")
    item = moderator.locator(f"#comment-{comment.pk}")
    expect(item).to_contain_text("Aleppo's siege deserves a second look.")
    item.get_by_role("button", name="Approve").click()
    moderator.wait_for_url("**/moderation/**")
    expect(moderator.get_by_text("Nothing is waiting for moderation.")).to_be_visible()

    reader.reload()
    expect(reader.locator(f"#comment-{comment.pk}")).to_contain_text(
        "Aleppo's siege deserves a second look."
    )
    expect(reader.get_by_text("Your comment is awaiting moderation.")).to_have_count(0)
    expect(reader.locator("#comments-title")).to_have_text(
        "3 thoughts on “Syria: Aleppo Offensive”"
    )
    stranger = new_page()
    stranger.goto(demo_site.url + REFERENCE)
    expect(stranger.locator(f"#comment-{comment.pk}")).to_be_visible()


def test_reply_with_javascript_moves_the_form_under_the_comment_and_cancel_puts_it_back(
    demo_site, new_page
):
    first = Comment.objects.filter(post__slug="syria-aleppo-offensive", parent=None).get()
    page = new_page()
    page.goto(demo_site.url + REFERENCE)
    url = page.url

    page.get_by_role("link", name=f"Reply to {first.display_name}").click()
    assert page.url == url  # no page load: the form moved
    expect(page.locator(f"#comment-{first.pk} #respond")).to_have_count(1)
    expect(page.locator("#reply-title")).to_contain_text(f"Leave a Reply to {first.display_name}")
    assert page.input_value("input[name=parent]") == str(first.pk)

    page.get_by_role("link", name="Cancel reply").click()
    expect(page.locator("#respond-home #respond")).to_have_count(1)
    expect(page.get_by_role("link", name="Cancel reply")).to_be_hidden()
    assert page.input_value("input[name=parent]") in ("", "0")

    page.get_by_role("link", name=f"Reply to {first.display_name}").click()
    fill_comment(page, "A reply typed in the browser.")
    page.get_by_role("button", name="Post Comment").click()
    page.wait_for_url(f"**{REFERENCE}#comment-*")
    reply = Comment.objects.get(author_email="brenda@example.org")
    assert reply.parent_id == first.pk
    expect(page.locator(f"#comment-{first.pk} .children #comment-{reply.pk}")).to_contain_text(
        "Your comment is awaiting moderation."
    )


def test_reply_without_javascript_opens_the_form_under_the_comment_and_posts_the_reply(
    demo_site, new_page
):
    first = Comment.objects.filter(post__slug="syria-aleppo-offensive", parent=None).get()
    page = new_page(java_script_enabled=False)
    page.goto(demo_site.url + REFERENCE)
    page.get_by_role("link", name=f"Reply to {first.display_name}").click()
    assert f"replyto={first.pk}" in page.url
    expect(page.locator(f"#comment-{first.pk} #respond")).to_have_count(1)
    expect(page.get_by_role("link", name="Cancel reply")).to_be_visible()

    fill_comment(page, "A reply without any script.", email="noscript@example.org")
    page.get_by_role("button", name="Post Comment").click()
    page.wait_for_url(f"**{REFERENCE}*#comment-*")
    reply = Comment.objects.get(author_email="noscript@example.org")
    assert reply.parent_id == first.pk
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("awaiting moderation")

    page.goto(demo_site.url + REFERENCE + f"?replyto={first.pk}#respond")
    page.get_by_role("link", name="Cancel reply").click()
    expect(page.locator("#respond-home #respond")).to_have_count(1)


def test_a_form_error_keeps_everything_the_reader_typed(demo_site, new_page):
    page = new_page()
    page.goto(demo_site.url + REFERENCE)
    body = "A long thought,\nover two lines — with “quotes” & <angles>."
    page.fill("#id_comment", body)
    page.fill("#id_author", "Ada Typist")
    page.fill("#id_email", "ada@example")  # the browser accepts it; the server does not
    page.fill("#id_url", "https://ada.example.org/")
    page.get_by_label("only replies to my comment").check()
    page.get_by_role("button", name="Post Comment").click()
    page.wait_for_load_state()

    expect(page.get_by_role("alert").first).to_be_visible()
    # In the summary (a link to the field) and beside the field.
    expect(
        page.get_by_role("link", name="Email: Please enter a valid email address")
    ).to_be_visible()
    expect(page.locator("#div_id_email").get_by_text("Please enter a valid email")).to_be_visible()
    assert page.input_value("#id_comment") == body
    assert page.input_value("#id_author") == "Ada Typist"
    assert page.input_value("#id_email") == "ada@example"
    assert page.input_value("#id_url") == "https://ada.example.org/"
    assert page.get_by_label("only replies to my comment").is_checked()
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert not Comment.objects.filter(author_name="Ada Typist").exists()
