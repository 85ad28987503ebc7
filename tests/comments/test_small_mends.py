"""The small mends of issue 19: the edit window's minutes, the sign-in sentence, "Save my name..."
for a year in a cookie, and "in reply to NAME" on a reply the depth cap flattened."""

import json
from urllib.parse import unquote

import pytest

from comments.models import Comment, DiscussionSettings
from comments.remember import COOKIE_NAME, MAX_AGE
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_the_edit_page_says_how_many_minutes_the_window_lasts(
    client, post, comment_data, create_url, settings
):
    settings.COMMENTS_EDIT_MINUTES = 20
    client.post(create_url, comment_data())
    comment = Comment.objects.get()
    html = client.get(f"/comments/{comment.pk}/edit/").content.decode()
    assert "You can change your comment for 20 minutes after posting it" in html


def test_without_sign_in_providers_the_form_asks_only_for_details(client, post, no_providers):
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<p class="comment-notes">Fill in your details below:</p>' in html
    assert "click an icon" not in html


def test_with_sign_in_providers_the_form_mentions_the_icons(client, post, providers):
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Fill in your details below or click an icon to log in:" in html
    assert "signin-google-oauth2" in html


def test_save_my_details_keeps_them_in_a_cookie_for_a_year(client, post, comment_data, create_url):
    response = client.post(create_url, comment_data(remember="on"))
    cookie = response.cookies[COOKIE_NAME]
    assert int(cookie["max-age"]) == MAX_AGE == 365 * 24 * 3600
    assert cookie["samesite"] == "Lax" and not cookie["httponly"]
    assert json.loads(unquote(cookie.value)) == {
        "author": "Ada Reader",
        "email": "ada@example.org",
        "url": "https://ada.example.org/",
    }


def test_the_cookie_fills_the_form_after_the_session_is_gone(
    client, post, comment_data, create_url
):
    client.post(create_url, comment_data(remember="on"))
    client.session.flush()  # two weeks later: the session has expired, the cookie has not
    client.cookies.pop("sessionid", None)
    client.get("/")  # a page that starts no session
    html = client.get(post.get_absolute_url() + "?cpage=1").content.decode()
    # The page could be shared (no session): the fields stay blank for comments.js to fill.
    assert 'value="ada@example.org"' not in html
    client.post(
        create_url,
        comment_data(remember="on", comment="Another thought."),
        REMOTE_ADDR="192.0.2.50",
    )
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'value="Ada Reader"' in html and 'value="ada@example.org"' in html


def test_unticking_save_my_details_forgets_them_at_once(client, post, comment_data, create_url):
    client.post(create_url, comment_data(remember="on"))
    response = client.post(
        create_url, comment_data(comment="Second thoughts."), REMOTE_ADDR="192.0.2.50"
    )
    assert response.cookies[COOKIE_NAME].value == ""
    assert response.cookies[COOKIE_NAME]["max-age"] == 0
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'value="ada@example.org"' not in html


def test_a_mangled_cookie_fills_in_nothing(client, post, comment_data, create_url):
    client.post(create_url, comment_data())
    client.cookies[COOKIE_NAME] = "%7Bnot json"
    assert client.get(post.get_absolute_url()).status_code == 200
    client.cookies[COOKIE_NAME] = "%5B1%2C2%5D"
    assert client.get(post.get_absolute_url()).status_code == 200


def test_a_reply_flattened_by_the_depth_cap_says_whom_it_answers(client, post):
    DiscussionSettings.objects.create(max_depth=2)
    top = CommentFactory(post=post, author_name="Ada")
    middle = CommentFactory(post=post, parent=top, author_name="Grace")
    deep = CommentFactory(post=post, parent=middle, author_name="Linus", body="Deepest.")
    html = client.get(post.get_absolute_url()).content.decode()
    reply = html.split(f'id="comment-{deep.pk}"')[1].split("</article>")[0]
    assert f'In reply to <a href="#comment-{middle.pk}">Grace</a>' in reply
    shown = html.split(f'id="comment-{middle.pk}"')[1].split("</article>")[0]
    assert "In reply to" not in shown  # nested where it belongs: no need to say
