"""A commenter may edit or delete their own comment for 15 minutes and until someone replies."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from comments.session import OWN_KEY
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def own(client, comment) -> None:
    session = client.session
    session[OWN_KEY] = [comment.pk]
    session.save()


def test_an_anonymous_commenter_edits_their_comment_from_the_same_browser(client, post):
    comment = CommentFactory(post=post, body="Frist!")
    own(client, comment)
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'href="/comments/{comment.pk}/edit/"' in html

    assert client.get(f"/comments/{comment.pk}/edit/").status_code == 200
    response = client.post(f"/comments/{comment.pk}/edit/", {"comment": "First!"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    comment.refresh_from_db()
    assert comment.body == "First!" and comment.edited_at is not None
    assert "(edited)" in client.get(post.get_absolute_url()).content.decode()


def test_someone_else_can_neither_see_nor_use_the_edit_link(client, post, reader):
    comment = CommentFactory(post=post)
    assert "/edit/" not in client.get(post.get_absolute_url()).content.decode()
    assert client.post(f"/comments/{comment.pk}/edit/", {"comment": "Hacked"}).status_code == 403
    client.force_login(reader)
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert comment.body != "Hacked"


def test_a_signed_in_commenter_edits_by_account_from_any_browser(client, post, reader):
    comment = CommentFactory(post=post, user=reader)
    client.force_login(reader)
    assert client.post(f"/comments/{comment.pk}/edit/", {"comment": "Better"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Better"


def test_the_edit_window_closes_after_15_minutes(client, post):
    comment = CommentFactory(post=post, body="Original")
    own(client, comment)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=14)):
        assert client.get(f"/comments/{comment.pk}/edit/").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert client.post(f"/comments/{comment.pk}/edit/", {"comment": "Late"}).status_code == 403
        assert "/edit/" not in client.get(post.get_absolute_url()).content.decode()
    comment.refresh_from_db()
    assert comment.body == "Original"


def test_a_reply_ends_the_right_to_edit_or_delete(client, post):
    comment = CommentFactory(post=post, body="Original")
    own(client, comment)
    CommentFactory(post=post, parent=comment, status=Comment.Status.PENDING)
    assert client.post(f"/comments/{comment.pk}/edit/", {"comment": "Changed"}).status_code == 403
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 403


def test_an_empty_edit_is_refused_with_a_message(client, post):
    comment = CommentFactory(post=post)
    own(client, comment)
    response = client.post(f"/comments/{comment.pk}/edit/", {"comment": "   "})
    assert response.status_code == 400
    assert "Please type your comment." in response.content.decode()


def test_an_edit_that_adds_links_is_held_again(client, post):
    comment = CommentFactory(post=post)
    own(client, comment)
    client.post(f"/comments/{comment.pk}/edit/", {"comment": "https://a.example https://b.example"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_commenter_deletes_their_comment(client, post):
    comment = CommentFactory(post=post)
    own(client, comment)
    assert "Delete your comment?" in client.get(f"/comments/{comment.pk}/delete/").content.decode()
    response = client.post(f"/comments/{comment.pk}/delete/")
    assert response.status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_edit_and_delete_need_csrf(post):
    comment = CommentFactory(post=post)
    csrf_client = Client(enforce_csrf_checks=True)
    own(csrf_client, comment)
    assert csrf_client.post(f"/comments/{comment.pk}/edit/", {"comment": "x"}).status_code == 403
    assert csrf_client.post(f"/comments/{comment.pk}/delete/").status_code == 403
    assert Comment.objects.get(pk=comment.pk).body == comment.body
