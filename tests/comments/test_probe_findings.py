"""The outside probe's findings (issue 17), each as the probe saw it: a bare-word ``next`` after a
moderation action, a re-sent form that hands over someone's comment, a dead POST that holds the
flood slot, forged lines in a name. (The profile's and the subscriptions' one-line fields, and
the author pages, are tested beside their apps.)"""

import pytest
from django.core import mail
from django.db.models.signals import pre_save
from django.test import Client

from comments.models import Comment
from tests.comments.conftest import form_timestamp
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db
ORIGIN = {"origin": "http://testserver"}


# --- next=env ------------------------------------------------------------------------------------
@pytest.mark.parametrize("action", ["approve", "unapprove", "spam", "remove", "ban"])
def test_a_moderation_action_with_a_bare_word_next_is_saved_and_goes_back_to_a_page_here(
    client, moderator, post, action
):
    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    client.force_login(moderator)
    response = client.post(f"/comments/{comment.pk}/{action}/", {"next": "env"})
    assert response.status_code == 302
    assert response["Location"].startswith("/") and response["Location"] != "env"
    comment.refresh_from_db()
    assert comment.status != Comment.Status.PENDING or action == "unapprove"


def test_the_bulk_queue_action_with_a_bare_word_next_goes_back_to_the_queue(
    client, moderator, post
):
    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    client.force_login(moderator)
    data = {"action": "approve", "comments": [comment.pk], "next": "env"}
    response = client.post("/moderation/", data)
    assert response.status_code == 302 and response["Location"] == "/moderation/"
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


# --- a re-sent form ------------------------------------------------------------------------------
def test_re_sending_another_reader_s_form_gives_no_right_to_their_comment(post, comment_data):
    create_url = f"/comments/post/{post.pk}/"
    data = comment_data(ts=form_timestamp(post))
    ada = Client()
    assert ada.post(create_url, data, headers=ORIGIN).status_code == 302
    comment = Comment.objects.get()

    mallory = Client(REMOTE_ADDR="198.51.100.7")
    again = mallory.post(create_url, data, headers=ORIGIN)
    assert again.status_code == 302  # "already posted": where the first one went
    assert Comment.objects.count() == 1
    assert mallory.get(f"/comments/{comment.pk}/edit/").status_code == 403
    assert mallory.post(f"/comments/{comment.pk}/delete/").status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()
    assert ada.get(f"/comments/{comment.pk}/edit/").status_code == 200  # still the writer's


# --- the flood slot ------------------------------------------------------------------------------
def test_a_comment_post_that_dies_before_storing_takes_no_flood_slot(post, comment_data):
    """The request dies while saving (here: the INSERT fails); the reader's immediate retry is
    stored, not refused for 15 s."""

    def die(**kwargs):
        raise RuntimeError("the worker was killed")

    reader = Client(raise_request_exception=False)
    data = comment_data()
    pre_save.connect(die, sender=Comment, dispatch_uid="die")
    try:
        assert reader.post(f"/comments/post/{post.pk}/", data).status_code == 500
    finally:
        pre_save.disconnect(dispatch_uid="die", sender=Comment)
    assert Comment.objects.count() == 0
    retry = reader.post(f"/comments/post/{post.pk}/", data)
    assert retry.status_code == 302
    assert Comment.objects.count() == 1
    # ...and the stored one does take the slot.
    third = reader.post(f"/comments/post/{post.pk}/", comment_data(comment="And another"))
    assert third.status_code == 429


# --- control characters --------------------------------------------------------------------------
FORGED = [
    "Ada\r\nBcc: victim@example.org",
    "Ada\nIP address: 10.0.0.1",
    "Ada\tLovelace",
    "Ada\x07",
    "Ada\x85Bcc",
    "Ada\u2028IP address: 1.2.3.4",
    "Ada\x1b[31m",
]


@pytest.mark.parametrize("name", FORGED)
def test_a_name_with_control_characters_is_refused_with_a_message_and_the_text_kept(
    client, post, comment_data, name
):
    response = client.post(
        f"/comments/post/{post.pk}/",
        comment_data(author=name, comment="Kept, please."),
        follow=True,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please keep this on one line" in html
    assert "Kept, please.</textarea>" in html
    assert Comment.objects.count() == 0
    assert mail.outbox == []


def test_ordinary_names_in_any_script_are_welcome(client, post, comment_data):
    for n, name in enumerate(["Zoë O\u2019Brien", "李小龍", "محمد", "Ada 👩‍💻"]):
        data = comment_data(author=name, comment=f"n{n}", email=f"r{n}@example.org")
        response = client.post(f"/comments/post/{post.pk}/", data, REMOTE_ADDR=f"192.0.2.{n}")
        assert response.status_code == 302, name
    assert Comment.objects.count() == 4
