"""Comments on a password-protected post: only a browser that gave the post's password may see
the form or send one (``blog.protection``'s cookie); anyone else gets a 403 and nothing is kept."""

from http.cookies import SimpleCookie

import pytest

from blog import protection
from comments.models import Comment
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

PASSWORD = "open sesame"
ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


@pytest.fixture
def post():
    return PostFactory(title="Family news", body="For friends only.", password=PASSWORD)


def unlock(client, post, password=PASSWORD):
    return client.post(post.get_absolute_url(), {"password": password}, **ORIGIN)


def test_a_comment_on_a_protected_post_without_its_password_is_refused_and_not_kept(
    client, post, comment_data, create_url
):
    response = client.post(create_url, comment_data(comment="Let me in"), **ORIGIN)
    assert response.status_code == 403
    html = response.content.decode()
    assert "protected by a password" in html
    assert "Let me in" in html  # what was typed comes back, to copy
    assert "For friends only." not in html
    assert not Comment.objects.exists()


def test_a_wrong_password_does_not_open_the_comments(client, post, comment_data, create_url):
    unlock(client, post, password="guess")
    response = client.post(create_url, comment_data(), **ORIGIN)
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_a_forged_or_stale_cookie_is_refused(client, post, comment_data, create_url):
    unlock(client, post)
    post.password = "a new password"  # the author changed it: every browser is locked out
    post.save()
    assert client.post(create_url, comment_data(), **ORIGIN).status_code == 403
    client.cookies[protection.cookie_name(post)] = "forged"
    assert client.post(create_url, comment_data(), **ORIGIN).status_code == 403
    assert not Comment.objects.exists()


def test_after_the_right_password_the_form_shows_and_the_comment_is_kept(
    client, post, comment_data, create_url
):
    locked_page = client.get(post.get_absolute_url()).content.decode()
    assert 'id="commentform"' not in locked_page
    response = unlock(client, post)
    # A browser sends the cookie only to addresses under its path: the comment form's address
    # must be one of them.
    cookie = SimpleCookie(response.cookies.output(header="", sep="\n"))
    path = cookie[protection.cookie_name(post)]["path"]
    assert create_url.startswith(path)
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'id="commentform"' in page
    sent = client.post(create_url, comment_data(comment="Lovely news"), **ORIGIN)
    assert sent.status_code == 302
    assert Comment.objects.get().body == "Lovely news"


def test_another_posts_password_does_not_open_this_one(client, post, comment_data, create_url):
    other = PostFactory(password="another")
    unlock(client, other, password="another")
    assert client.post(create_url, comment_data(), **ORIGIN).status_code == 403
    assert not Comment.objects.exists()
