"""New posts are e-mailed to confirmed subscribers exactly once, scheduled ones when due."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from blog.models import Post
from subscriptions.models import PostAnnouncement
from subscriptions.services import posts_announce
from tests.factories import PostFactory, PostSubscriptionFactory
from tests.subscriptions.helpers import link_path, links, sent_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribers(db):
    return [
        PostSubscriptionFactory(email="one@example.org"),
        PostSubscriptionFactory(email="two@example.org"),
        PostSubscriptionFactory(email="unconfirmed@example.org", confirmed_at=None),
    ]


def test_a_new_post_is_sent_to_confirmed_subscribers_with_title_excerpt_and_link(subscribers):
    post = PostFactory(
        title="Syria: Aleppo Offensive",
        excerpt="Government forces advance.",
        published_at=timezone.now() - datetime.timedelta(minutes=5),
    )

    posts_announce()

    assert sent_to(mail.outbox) == ["one@example.org", "two@example.org"]
    message = mail.outbox[0]
    assert message.subject == "[Broadsheet] Syria: Aleppo Offensive"
    assert "Government forces advance." in message.body
    assert f"http://127.0.0.1:8000{post.get_absolute_url()}" in links(message)
    assert "Government forces advance." in message.alternatives[0].content
    assert PostAnnouncement.objects.get(post=post).recipients == 2


def test_a_scheduled_post_is_announced_once_when_its_time_comes_even_if_checked_twice(
    subscribers,
):
    publish_at = timezone.now() + datetime.timedelta(hours=3)
    scheduled = PostFactory(title="Tomorrow's news", published_at=publish_at)

    posts_announce()
    call_command("announce_posts", stdout=io.StringIO())
    assert mail.outbox == []
    assert not PostAnnouncement.objects.exists()

    with time_machine.travel(publish_at + datetime.timedelta(minutes=1)):
        out = io.StringIO()
        call_command("announce_posts", stdout=out)
        call_command("announce_posts", stdout=out)
        posts_announce()

    assert sent_to(mail.outbox) == ["one@example.org", "two@example.org"]
    assert out.getvalue() == "Announced “Tomorrow's news” to 2 subscriber(s).\n"
    assert PostAnnouncement.objects.get().post == scheduled


def test_a_post_unpublished_and_published_again_is_not_sent_again(subscribers):
    post = PostFactory()
    posts_announce()
    post.status = Post.Status.DRAFT
    post.save()
    post.status = Post.Status.PUBLISHED
    post.save()

    posts_announce()

    assert len(mail.outbox) == 2


def test_drafts_and_old_posts_are_not_announced(subscribers):
    PostFactory(status=Post.Status.DRAFT, published_at=None)
    PostFactory(published_at=timezone.now() - datetime.timedelta(days=30))  # e.g. imported

    posts_announce()

    assert mail.outbox == []


def test_a_subscriber_who_unsubscribed_gets_no_more_posts(client, subscribers):
    PostFactory()
    posts_announce()
    to_one = next(message for message in mail.outbox if message.to == ["one@example.org"])
    client.post(link_path(to_one, "/unsubscribe/"))
    mail.outbox.clear()

    PostFactory()
    posts_announce()

    assert sent_to(mail.outbox) == ["two@example.org"]
