"""Posting the "Leave a Reply" form, from every angle."""

import time

import pytest
import time_machine
from django.test import Client

from comments import signals
from comments.models import Comment, DiscussionSettings
from tests.comments.conftest import form_timestamp
from tests.factories import CommentFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(monkeypatch):
    """What the comment services told the apps above them, through comments' signals."""
    calls = []

    def held(sender, *, comment, **kwargs):
        calls.append(("comment_pending", comment.pk))

    def published(sender, *, comment, **kwargs):
        calls.append(("comment_approved", comment.pk))

    def followups(sender, *, comment, mode, **kwargs):
        calls.append(("followups", comment.pk, mode))

    signals.comment_held.connect(held, dispatch_uid="test-held")
    signals.comment_published.connect(published, dispatch_uid="test-published")
    signals.followups_requested.connect(followups, dispatch_uid="test-followups")
    yield calls
    signals.comment_held.disconnect(dispatch_uid="test-held")
    signals.comment_published.disconnect(dispatch_uid="test-published")
    signals.followups_requested.disconnect(dispatch_uid="test-followups")


def test_a_new_reader_s_comment_is_held_shown_to_them_and_redirects_to_its_anchor(
    client, post, comment_data, create_url, django_capture_on_commit_callbacks, told
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(create_url, comment_data())

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert (comment.author_name, comment.author_email) == ("Ada Reader", "ada@example.org")
    assert comment.ip_address == "127.0.0.1"
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    assert told == [("comment_pending", comment.pk)]

    html = client.get(post.get_absolute_url()).content.decode()
    assert "A thoughtful comment." in html
    assert "Your comment is awaiting moderation." in html
    assert "thought on" not in html
    assert "A thoughtful comment." not in Client().get(post.get_absolute_url()).content.decode()


def test_approval_shows_it_to_everyone_and_the_heading_counts_it(
    client, post, comment_data, create_url, moderator, django_capture_on_commit_callbacks, told
):
    CommentFactory.create_batch(2, post=post)
    client.post(create_url, comment_data())
    comment = Comment.objects.get(author_email="ada@example.org")
    mod = Client()
    mod.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = mod.post(f"/comments/{comment.pk}/approve/", {"next": post.get_absolute_url()})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert ("comment_approved", comment.pk) in told
    html = Client().get(post.get_absolute_url()).content.decode()
    assert "A thoughtful comment." in html
    assert "3 thoughts on \u201cA Published Post\u201d" in html


def test_a_returning_commenter_is_approved_at_once(
    client, post, comment_data, create_url, django_capture_on_commit_callbacks, told
):
    CommentFactory(post=post, author_email="ada@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(create_url, comment_data(email="ADA@example.org"))
    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.APPROVED
    assert told == [("comment_approved", comment.pk)]


def test_the_follow_up_choice_is_passed_on(
    client, post, comment_data, create_url, django_capture_on_commit_callbacks, told
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(create_url, comment_data(notify="replies"))
    comment = Comment.objects.get()
    assert ("followups", comment.pk, "replies") in told


def test_not_subscribing_is_the_default(client, post, create_url, comment_data, told):
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'name="notify" value=""  id="id_notify_0" checked' in html
    client.post(create_url, comment_data())
    assert not [call for call in told if call[0] == "followups"]


def test_a_signed_in_reader_comments_without_name_or_email(client, post, reader, create_url):
    CommentFactory(post=post, user=reader, author_email="")
    client.force_login(reader)
    response = client.post(
        create_url, {"comment": "From my account.", "ts": form_timestamp(post), "author": "Fake"}
    )
    comment = Comment.objects.latest("pk")
    assert response.status_code == 302
    assert comment.user == reader and comment.author_name == ""
    assert comment.status == Comment.Status.APPROVED  # reader has an approved comment


def test_staff_and_moderators_are_approved_automatically(client, post, moderator, create_url):
    for user in (moderator, UserFactory(is_staff=True)):
        client.force_login(user)
        client.post(create_url, {"comment": f"Staff note by {user.pk}", "ts": form_timestamp(post)})
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.APPROVED}


def test_a_reply_is_threaded_under_its_parent(client, post, comment_data, create_url):
    parent = CommentFactory(post=post, author_email="ada@example.org")
    client.post(create_url, comment_data(parent=parent.pk))
    reply = Comment.objects.latest("pk")
    assert reply.parent == parent
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'id="comment-{reply.pk}" class="comment depth-2' in html


@pytest.mark.parametrize("status", [Comment.Status.SPAM, Comment.Status.REMOVED])
def test_replying_to_a_hidden_or_foreign_comment_is_refused(
    client, post, comment_data, create_url, status
):
    hidden = CommentFactory(post=post, status=status)
    elsewhere = CommentFactory(post=PostFactory())
    for parent in (hidden, elsewhere):
        response = client.post(create_url, comment_data(parent=parent.pk), follow=True)
        assert response.status_code == 400
        assert "The comment you are replying to is not there any more." in response.content.decode()
    assert Comment.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"comment": ""}, "comment", "Please type your comment."),
        ({"comment": "   \n\t "}, "comment", "Please type your comment."),
        ({"comment": "x" * 5001}, "comment", "Your comment is too long"),
        ({"email": "not-an-address"}, "email", "Please enter a valid email address"),
        ({"url": "javascript:alert(1)"}, "url", "Please enter a valid website address"),
        ({"author": ""}, "author", "Please enter your name."),
    ],
)
def test_bad_input_re_renders_the_form_with_a_message_and_keeps_what_was_typed(
    client, post, comment_data, create_url, changes, field, message
):
    data = comment_data(**changes)
    response = client.post(create_url, data, follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(f"{post.get_absolute_url()}#comment-errors", 303)]
    assert response.status_code == 400
    assert message in html
    assert f'id="id_{field}"' in html and "is-invalid" in html
    assert Comment.objects.count() == 0
    for kept in ("author", "email", "url"):
        if kept not in changes and data.get(kept):
            assert f'value="{data[kept]}"' in html
    if field != "comment":
        assert "A thoughtful comment.</textarea>" in html


def test_the_errors_are_shown_on_the_post_page_itself(client, post, comment_data, create_url):
    response = client.post(
        create_url, comment_data(comment="   ", author="Ada <Lovelace>"), follow=True
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert '<header class="site-header">' in html  # extends base.html
    assert "<title>A Published Post \u2013 " in html
    assert 'value="Ada &lt;Lovelace&gt;"' in html
    assert "Please type your comment." in html.split('id="id_comment"')[1].split("</div>")[0]


def test_name_and_email_are_optional_when_the_settings_say_so(client, post, create_url):
    DiscussionSettings.objects.create(require_name_email=False)
    response = client.post(create_url, {"comment": "Anonymous thought", "ts": form_timestamp(post)})
    assert response.status_code == 302
    assert Comment.objects.get().display_name == "Anonymous"


def test_hostile_input_in_every_field_comes_back_escaped(client, post, create_url, comment_data):
    evil = '<script>alert("x")</script>'
    response = client.post(
        create_url,
        comment_data(comment=evil, author=evil, email=evil, url=evil, parent="<b>", ts=evil),
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_a_saved_hostile_comment_is_escaped_on_the_post_page(
    client, post, create_url, comment_data
):
    evil = '<script>alert("x")</script>'
    CommentFactory(post=post, author_email="ada@example.org")
    response = client.post(create_url, comment_data(comment=evil, author=evil + "name"))
    assert response.status_code == 302
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert (
        '<div class="comment-content" dir="auto">'
        '<p>&lt;script&gt;alert("x")&lt;/script&gt;</p></div>' in html
    )
    assert 'class="url">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;name</a>' in html


def test_a_duplicate_is_refused_with_wordpress_s_message(client, post, comment_data, create_url):
    client.post(create_url, comment_data())
    response = Client().post(create_url, comment_data(), REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 409
    assert (
        "Duplicate comment detected; it looks as though you\u2019ve already said that!"
        in response.content.decode()
    )
    assert Comment.objects.count() == 1


def test_flood_control_answers_429_within_15_seconds_and_keeps_the_text(
    client, post, comment_data, create_url
):
    assert client.post(create_url, comment_data(comment="One")).status_code == 302
    response = client.post(create_url, comment_data(comment="Two, typed with care"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "You are posting comments too quickly." in html
    assert "Two, typed with care</textarea>" in html
    assert Comment.objects.count() == 1
    other_ip = client.post(create_url, comment_data(comment="Three"), REMOTE_ADDR="192.0.2.99")
    assert other_ip.status_code == 302


def test_the_hourly_cap_answers_429(client, post, comment_data, create_url, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_HOURLY_LIMIT = 3
    codes = [client.post(create_url, comment_data(comment=f"n{n}")).status_code for n in range(4)]
    assert codes == [302, 302, 302, 429]


def test_staff_are_not_flood_controlled(client, post, author, create_url):
    client.force_login(author)
    for n in range(3):
        response = client.post(create_url, {"comment": f"n{n}", "ts": form_timestamp(post)})
        assert response.status_code == 302


@pytest.mark.parametrize(
    ("changes", "rule"),
    [({"ts": "forged"}, "no-timestamp"), ({"ts": None}, "no-timestamp"),
     ({"contact_phone": "555-0100", "age": 0.5}, "honeypot-and-fast")],
    ids=["forged", "missing", "honeypot-and-fast"],
)  # fmt: skip
def test_certain_bots_are_marked_as_spam(client, post, comment_data, create_url, changes, rule):
    CommentFactory(post=post, author_email="ada@example.org")  # even a trusted address
    response = client.post(create_url, comment_data(**changes))
    assert response.status_code == 302
    comment = Comment.objects.latest("pk")
    assert (comment.status, comment.moderation_rule) == (Comment.Status.SPAM, rule)


@pytest.mark.parametrize(
    ("changes", "rule"),
    [({"contact_phone": "555-0100"}, "honeypot"), ({"age": 1}, "too-fast"),
     ({"age": 3 * 86400}, "too-old")],
    ids=["honeypot", "too-fast", "too-old"],
)  # fmt: skip
def test_what_a_person_can_trip_is_held_not_spam(
    client, post, comment_data, create_url, changes, rule
):
    CommentFactory(post=post, author_email="ada@example.org")  # even a trusted address
    response = client.post(create_url, comment_data(**changes))
    assert response.status_code == 302
    comment = Comment.objects.latest("pk")
    assert (comment.status, comment.moderation_rule) == (Comment.Status.PENDING, rule)


def test_a_timestamp_signed_for_another_post_is_spam(client, post, comment_data, create_url):
    CommentFactory(post=post, author_email="ada@example.org")
    client.post(create_url, comment_data(ts=form_timestamp(PostFactory())))
    assert Comment.objects.latest("pk").status == Comment.Status.SPAM


def test_discussion_settings_change_moderation_without_a_restart(
    client, post, comment_data, create_url
):
    CommentFactory(post=post, author_email="ada@example.org")
    client.post(create_url, comment_data(comment="before"), REMOTE_ADDR="192.0.2.1")
    assert Comment.objects.latest("pk").status == Comment.Status.APPROVED
    row = DiscussionSettings.load()
    row.blocked_words = "forbidden"
    row.hold_all = True
    row.save()
    client.post(create_url, comment_data(comment="still fine"), REMOTE_ADDR="192.0.2.2")
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING
    client.post(create_url, comment_data(comment="a FORBIDDEN word"), REMOTE_ADDR="192.0.2.3")
    assert Comment.objects.latest("pk").status == Comment.Status.SPAM


def test_closed_comments_answer_403(client, author, comment_data):
    post = PostFactory(author=author, allow_comments=False)
    response = client.post(f"/comments/post/{post.pk}/", comment_data(post=post))
    assert response.status_code == 403
    assert "Comments are closed." in response.content.decode()
    assert not Comment.objects.exists()


def test_drafts_and_unknown_posts_take_no_comments(client, author, comment_data):
    draft = PostFactory(author=author, status="draft")
    assert client.post(f"/comments/post/{draft.pk}/", comment_data(post=draft)).status_code == 404
    assert client.post("/comments/post/999999/", comment_data()).status_code == 404


def test_the_form_only_accepts_post(client, create_url):
    assert client.get(create_url).status_code == 405


def test_csrf_is_enforced(post, comment_data, create_url):
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post(create_url, comment_data()).status_code == 403
    assert not Comment.objects.exists()


def test_the_form_carries_no_token_so_the_page_can_be_cached_for_every_reader(post):
    html = Client(enforce_csrf_checks=True).get(post.get_absolute_url()).content.decode()
    assert 'id="commentform"' in html
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.parametrize(
    "headers", [{"origin": "http://testserver"}, {"sec-fetch-site": "same-origin"}]
)
def test_the_form_works_when_the_browser_says_it_was_sent_from_this_site(
    post, comment_data, create_url, headers
):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(create_url, comment_data(), headers=headers)
    assert response.status_code == 302
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "headers", [{}, {"origin": "https://evil.example"}, {"sec-fetch-site": "cross-site"}]
)
def test_a_comment_posted_from_another_site_or_unvouched_is_refused(
    post, comment_data, create_url, headers
):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(create_url, comment_data(), headers=headers)
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_save_my_details_fills_the_form_next_time(client, post, comment_data, create_url):
    client.post(create_url, comment_data(remember="on"))
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'value="Ada Reader"' in html and 'value="ada@example.org"' in html
    assert 'name="remember" class="checkboxinput form-check-input" id="id_remember" checked' in html


def test_details_are_not_kept_without_the_opt_in(client, post, comment_data, create_url):
    client.post(create_url, comment_data())
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'value="ada@example.org"' not in html


def test_after_a_post_the_redirect_goes_to_the_page_holding_the_comment(
    client, post, comment_data, create_url, settings
):
    settings.COMMENTS_PER_PAGE = 2
    CommentFactory.create_batch(4, post=post)
    client.post(create_url, comment_data())
    comment = Comment.objects.latest("pk")
    response = client.post(create_url, comment_data(comment="other"), REMOTE_ADDR="192.0.2.50")
    assert response["Location"].startswith(f"{post.get_absolute_url()}?cpage=3#comment-")
    assert comment.pk


def test_a_page_from_the_page_cache_gets_a_fresh_timestamp_and_csrf_token(post, comment_data):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.get(f"/comments/post/{post.pk}/token/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    data = response.json()
    stale = comment_data(ts=form_timestamp(post, age=3 * 86400))
    CommentFactory(post=post, author_email="ada@example.org")
    with time_machine.travel(time.time() + 5):
        posted = csrf_client.post(
            f"/comments/post/{post.pk}/",
            {**stale, "ts": data["ts"], "csrfmiddlewaretoken": data["csrf"]},
        )
    assert posted.status_code == 302
    assert Comment.objects.latest("pk").status == Comment.Status.APPROVED
