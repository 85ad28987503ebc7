"""Where comments meet sign-in: a signed-in reader's comments, and the e-mail field for readers
whose provider gave no address (X)."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile

from accounts.providers import PROVIDERS
from comments.models import Comment, DiscussionSettings
from subscriptions import receivers
from subscriptions.models import FollowUpSubscription
from tests.comments.conftest import form_timestamp
from tests.factories import (
    CommentFactory,
    FollowUpSubscriptionFactory,
    ReaderFactory,
    jpeg_bytes,
)
from tests.subscriptions.helpers import sent_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def x_reader(db):
    """A reader who signed in with X: no e-mail address on the account."""
    return ReaderFactory(auth_provider="twitter-oauth2", email="", display_name="Xavier")


def html_of(client, post) -> str:
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def post_comment(client, post, create_url, follow=False, **fields):
    data = {"comment": "From my account.", "ts": form_timestamp(post), "notify": ""}
    return client.post(create_url, {**data, **fields}, follow=follow)


# --- Issue 4, item 2: name, picture and provider badge ------------------------------------------
@pytest.mark.parametrize("provider", PROVIDERS, ids=lambda provider: provider.backend)
def test_a_signed_in_reader_s_comment_names_the_provider_as_the_sign_in_block_does(
    client, post, create_url, provider
):
    reader = ReaderFactory(auth_provider=provider.backend, display_name="Ada Lovelace")
    client.force_login(reader)
    assert post_comment(client, post, create_url).status_code == 302

    html = html_of(client, post)
    assert f"You are commenting using your {provider.name} account." in html
    badge = (
        f'<span class="comment-provider" title="Signed in with {provider.name}">'
        f'<img src="/static/{provider.icon}" alt="" width="12" height="12">{provider.name}</span>'
    )
    assert badge in html
    comment = Comment.objects.get()
    assert comment.user == reader and comment.display_name == "Ada Lovelace"

    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    client.logout()
    public = html_of(client, post)
    assert badge in public and "Ada Lovelace" in public


def test_the_reader_s_stored_picture_is_shown_else_one_drawn_picture_for_all_their_comments(
    client, post, x_reader
):
    first = CommentFactory(post=post, user=x_reader, author_name="", author_email="")
    second = CommentFactory(post=post, user=x_reader, author_name="", author_email="x@example.org")
    html = html_of(client, post)
    drawn = html.split(f'id="div-comment-{first.pk}"')[1].split('src="')[1].split('"')[0]
    assert drawn.startswith("/comments/avatar/")
    assert html.split(f'id="div-comment-{second.pk}"')[1].split('src="')[1].startswith(drawn)

    x_reader.avatar.save("face.jpg", ContentFile(jpeg_bytes()))
    html = html_of(client, post)
    assert html.count(f'src="{x_reader.avatar.url}"') == 2
    assert drawn not in html


def test_comments_by_staff_and_anonymous_readers_carry_no_provider_badge(client, post, author):
    CommentFactory(post=post, user=author, author_name="")
    CommentFactory(post=post)
    assert "comment-provider" not in html_of(client, post)


def test_the_moderation_queue_shows_the_provider_badge(client, post, moderator, x_reader):
    CommentFactory(post=post, user=x_reader, author_name="", status=Comment.Status.PENDING)
    client.force_login(moderator)
    html = client.get("/moderation/").content.decode()
    assert 'title="Signed in with X (Twitter)"' in html and "Xavier" in html


# --- Issue 4, item 3 / issue 3, item 3: an address for notifications ----------------------------
def test_only_a_signed_in_reader_without_an_address_gets_an_optional_email_field(
    client, post, reader, x_reader
):
    client.force_login(reader)  # has an address: no field (and the cached field HTML is keyed)
    assert 'id="id_email"' not in html_of(client, post)

    client.force_login(x_reader)
    html = html_of(client, post)
    field = html.split('id="id_email"')[0].rsplit("<input", 1)[1] + html.split('id="id_email"')[1]
    assert "Email (optional, for notifications)" in html
    assert "required" not in field.split(">")[0]
    assert "not added to your account" in html
    assert 'id="id_author"' not in html and 'id="id_url"' not in html

    client.logout()
    html = html_of(client, post)
    assert 'id="id_email"' in html and "Email (optional" not in html


def test_the_typed_address_gets_the_follow_ups_and_never_touches_the_account(
    client, post, create_url, x_reader, django_capture_on_commit_callbacks
):
    client.force_login(x_reader)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, post, create_url, email="Xavier@Example.org", notify="all")
    assert response.status_code == 302

    comment = Comment.objects.get()
    assert comment.user == x_reader and comment.author_email == "xavier@example.org"
    subscription = FollowUpSubscription.objects.get()
    assert (subscription.email, subscription.confirmed_at) == ("xavier@example.org", None)
    to_reader = [message for message in mail.outbox if message.to == ["xavier@example.org"]]
    assert len(to_reader) == 1 and "Confirm your subscription" in to_reader[0].subject
    x_reader.refresh_from_db()
    assert (x_reader.email, x_reader.email_verified) == ("", False)

    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    client.logout()
    assert "xavier@example.org" not in html_of(client, post).lower()


def test_the_address_may_be_left_out_when_no_notification_is_asked_for(
    client, post, create_url, x_reader
):
    client.force_login(x_reader)
    assert post_comment(client, post, create_url, email="").status_code == 302
    assert Comment.objects.get().author_email == ""
    assert FollowUpSubscription.objects.count() == 0


def test_asking_for_notifications_without_an_address_keeps_the_comment_and_says_why(
    client, post, create_url, x_reader
):
    client.force_login(x_reader)
    response = post_comment(
        client, post, create_url, comment="Keep me.", notify="replies", follow=True
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Please enter your email address to get notifications." in html
    assert "Keep me.</textarea>" in html
    assert Comment.objects.count() == 0


def test_a_bad_typed_address_is_refused_beside_the_field(client, post, create_url, x_reader):
    client.force_login(x_reader)
    response = post_comment(
        client, post, create_url, email="not-an-address", notify="all", follow=True
    )
    assert response.status_code == 400
    assert "Please enter a valid email address" in response.content.decode()


def test_a_reader_whose_account_has_an_address_cannot_swap_it_for_another(
    client, post, create_url, reader, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, post, create_url, email="someone@else.example", notify="all")
    assert Comment.objects.get().author_email == ""
    assert FollowUpSubscription.objects.get().email == reader.email


def test_a_typed_address_earns_no_trust_but_its_blocklist_applies(
    client, post, create_url, x_reader
):
    CommentFactory(post=post, author_email="trusted@example.org", body="Approved before.")
    client.force_login(x_reader)
    post_comment(client, post, create_url, email="trusted@example.org", comment="Mine.")
    assert Comment.objects.get(body="Mine.").status == Comment.Status.PENDING

    DiscussionSettings.objects.create(blocked_emails="banned@example.org")
    cache.clear()  # past the flood control
    post_comment(client, post, create_url, email="banned@example.org", comment="Again.")
    assert Comment.objects.get(body="Again.").status == Comment.Status.SPAM


def test_a_replies_only_follower_with_a_typed_address_hears_of_replies_to_their_comment(
    post, x_reader
):
    mine = CommentFactory(post=post, user=x_reader, author_name="", author_email="x@example.org")
    FollowUpSubscriptionFactory(
        post=post, email="x@example.org", mode=FollowUpSubscription.Mode.REPLIES
    )
    receivers.comment_approved(CommentFactory(post=post, author_email="o@example.org"))
    assert "x@example.org" not in sent_to(mail.outbox)
    receivers.comment_approved(CommentFactory(post=post, parent=mine, author_email="o@example.org"))
    assert sent_to(mail.outbox).count("x@example.org") == 1
