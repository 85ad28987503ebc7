"""A comment with errors comes back on the post page itself, at the form: everything typed kept,
a summary that links to each field, each field's message beside it (issue 19, item 1)."""

import pytest

from blog import pagecache
from comments.form_state import SESSION_KEY
from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def sent_back(client, create_url, data):
    """Post the form; check the 303 to the post's error summary; return the page it leads to."""
    response = client.post(create_url, data, follow=True)
    (address, status), *_ = response.redirect_chain
    assert status == 303
    assert address.endswith("#comment-errors")
    return response


def test_errors_come_back_on_the_post_page_with_a_summary_linking_to_each_field(
    client, post, comment_data, create_url
):
    response = sent_back(client, create_url, comment_data(author="", email="ada@example"))
    html = response.content.decode()
    assert response.status_code == 400
    assert response.redirect_chain[0][0] == f"{post.get_absolute_url()}#comment-errors"
    assert "<title>A Published Post" in html  # the post page, not a page of its own
    summary = html.split('id="comment-errors"')[1].split("</div>")[0]
    assert 'tabindex="-1" autofocus' in summary
    assert '<a href="#id_author">Name: Please enter your name.</a>' in summary
    assert '<a href="#id_email">Email: Please enter a valid email address' in summary
    assert 'aria-invalid="true" aria-describedby="id_author_error"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert "A thoughtful comment.</textarea>" in html
    assert 'value="ada@example"' in html and 'value="https://ada.example.org/"' in html
    assert Comment.objects.count() == 0


def test_the_errors_are_shown_once_then_the_form_is_fresh_again(
    client, post, comment_data, create_url
):
    sent_back(client, create_url, comment_data(comment=""))
    again = client.get(post.get_absolute_url())
    assert again.status_code == 200
    assert 'id="comment-errors"' not in again.content.decode()
    assert SESSION_KEY not in client.session


def test_the_errors_of_one_post_do_not_show_on_another(
    client, post, comment_data, create_url, author
):
    from tests.factories import PostFactory

    client.post(create_url, comment_data(comment=""))
    other = PostFactory(author=author)
    html = client.get(other.get_absolute_url()).content.decode()
    assert 'id="comment-errors"' not in html
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'id="comment-errors"' in html


def test_a_reply_with_errors_comes_back_under_the_comment_it_answers(
    client, post, comment_data, create_url
):
    parent = CommentFactory(post=post, author_name="Grace")
    response = sent_back(client, create_url, comment_data(parent=parent.pk, email="nope"))
    assert f"?replyto={parent.pk}#comment-errors" in response.redirect_chain[0][0]
    html = response.content.decode()
    under = html.split(f'id="comment-{parent.pk}"')[1]
    assert under.index('id="comment-errors"') < under.index("</li>")
    assert f'name="parent" value="{parent.pk}"' in html
    assert ">Leave a Reply to Grace</span>" in html


def test_a_reply_to_a_comment_that_is_gone_says_so_in_the_summary(
    client, post, comment_data, create_url
):
    gone = CommentFactory(post=post, status=Comment.Status.REMOVED)
    response = sent_back(client, create_url, comment_data(parent=gone.pk))
    summary = response.content.decode().split('id="comment-errors"')[1].split("</div>")[0]
    assert "The comment you are replying to is not there any more." in summary
    assert response.status_code == 400


def test_a_page_with_errors_is_never_kept_in_the_page_cache(
    client, post, comment_data, create_url, settings
):
    settings.PAGE_CACHE = True
    sent_back(client, create_url, comment_data(comment=""))
    stranger = type(client)()
    html = stranger.get(post.get_absolute_url()).content.decode()
    assert 'id="comment-errors"' not in html and "ada@example.org" not in html
    assert stranger.get(post.get_absolute_url())[pagecache.HIT_HEADER] == "hit"
