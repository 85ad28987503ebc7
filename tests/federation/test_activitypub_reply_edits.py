"""The blog's answer to a Fediverse comment stays the same on both sides: edited on the site, the
stand-in Mastodon receives an Update of that Note; removed or deleted, a Delete; each signed, sent
to the inbox the Create went to, from the task queue (retried when the server fails)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.services import (
    Submission,
    comment_approve,
    comment_create,
    comment_remove,
    comment_unapprove,
)
from federation.activitypub.actor import profile
from tests.factories import PostFactory
from tests.webserver import Reply

BLOG_ACTOR = "https://blog.example/fediverse/actor"


@pytest.fixture
def conversation(federation, mastodon, send, author, django_capture_on_commit_callbacks):
    """Alice replied from Mastodon; the author answered on the site (a Create went to Alice)."""
    post = PostFactory(author=author, title="Gardens in winter")
    article_id = f"https://blog.example/fediverse/posts/{post.pk}"
    note = mastodon.note(in_reply_to=article_id, text="Which roses?", blog_actor=BLOG_ACTOR)
    send(mastodon.create(note))
    theirs = Comment.objects.get()
    comment_approve(comment=theirs)
    with django_capture_on_commit_callbacks(execute=True):
        answer = comment_create(
            post=post, submission=Submission(body="Rugosa roses."), user=author, parent=theirs
        )
    assert [a["type"] for a in mastodon.delivered_activities()] == ["Create"]
    mastodon.server.requests.clear()
    return answer


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def note_id(comment) -> str:
    return f"https://blog.example/fediverse/comments/{comment.pk}"


def test_an_edit_on_the_site_reaches_mastodon_as_a_signed_update_of_the_note(
    client, mastodon, conversation, author, on_commit
):
    client.force_login(author)
    edit = reverse("comments:edit", kwargs={"pk": conversation.pk})
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        response = on_commit(
            client.post, edit, {"comment": "Rugosa roses, and gallicas."}, HTTP_HOST="blog.example"
        )
    assert response.status_code == 302
    (delivery,) = mastodon.deliveries()
    assert delivery.path == "/users/alice/inbox"  # where the Create went
    assert mastodon.signature_is_valid(delivery, profile().public_key_pem)
    (update,) = mastodon.delivered_activities()
    assert update["type"] == "Update" and update["actor"] == BLOG_ACTOR
    note = update["object"]
    assert note["id"] == note_id(conversation) and note["type"] == "Note"
    assert "and gallicas" in note["content"]
    assert note["updated"] > note["published"]  # Mastodon applies an edit only when it is later


def test_a_save_that_changes_nothing_sends_nothing(mastodon, conversation, on_commit):
    on_commit(conversation.save)
    on_commit(comment_approve, comment=conversation)
    assert mastodon.deliveries() == []


def test_removing_the_answer_sends_a_signed_delete_once(mastodon, conversation, on_commit):
    on_commit(comment_remove, comment=conversation)
    on_commit(conversation.save)
    (delivery,) = mastodon.deliveries()
    assert delivery.path == "/users/alice/inbox"
    assert mastodon.signature_is_valid(delivery, profile().public_key_pem)
    (delete,) = mastodon.delivered_activities()
    assert delete["type"] == "Delete" and delete["actor"] == BLOG_ACTOR
    assert delete["object"] == {"id": note_id(conversation), "type": "Tombstone"}


def test_deleting_the_answer_on_the_site_sends_a_delete(
    client, mastodon, conversation, author, on_commit
):
    client.force_login(author)
    delete = reverse("comments:delete", kwargs={"pk": conversation.pk})
    assert on_commit(client.post, delete, HTTP_HOST="blog.example").status_code == 302
    assert not Comment.objects.filter(pk=conversation.pk).exists()
    (activity,) = mastodon.delivered_activities()
    assert activity["type"] == "Delete"
    assert activity["object"]["id"] == note_id(conversation)


def test_an_answer_held_again_is_deleted_there_and_created_again_when_approved(
    mastodon, conversation, on_commit
):
    on_commit(comment_unapprove, comment=conversation)
    on_commit(comment_approve, comment=conversation)
    kinds = [activity["type"] for activity in mastodon.delivered_activities()]
    assert kinds == ["Delete", "Create"]


def test_an_update_to_a_failing_server_is_tried_again(mastodon, conversation, on_commit):
    answers = iter([503, 202])
    mastodon.server.route("/users/alice/inbox", handler=lambda request: Reply(status=next(answers)))
    conversation.body = "Rugosa roses, mostly."
    on_commit(conversation.save)
    deliveries = mastodon.deliveries()
    assert len(deliveries) == 2
    assert {d.body for d in deliveries} == {deliveries[0].body}  # the same Update again
    assert mastodon.delivered_activities()[-1]["type"] == "Update"


def test_nothing_is_sent_while_federation_is_off(mastodon, conversation, federation, on_commit):
    federation.federation_enabled = False
    federation.save()
    on_commit(comment_remove, comment=conversation)
    assert mastodon.deliveries() == []
