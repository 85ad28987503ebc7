"""Posts reach followers: a Create when published, an Update when changed, a Delete when
unpublished or deleted; one signed delivery per server (its shared inbox), retried with backoff."""

import pytest

from blog.models import Post
from federation.activitypub.actor import profile
from federation.models import Follower, RemoteActor
from tests.factories import PostFactory
from tests.webserver import Reply

BLOG_ACTOR = "https://blog.example/fediverse/actor"


@pytest.fixture
def followed(mastodon, send):
    """Alice, and Bob on the same server, follow the blog (their Accepts are then forgotten)."""
    send(mastodon.follow(BLOG_ACTOR))
    bob = RemoteActor.objects.create(
        uri=f"{mastodon.origin}/users/bob",
        key_id=f"{mastodon.origin}/users/bob#main-key",
        public_key_pem=mastodon.public_pem,
        inbox=f"{mastodon.origin}/users/bob/inbox",
        shared_inbox=f"{mastodon.origin}/inbox",
        handle=f"@bob@{mastodon.server.host}",
    )
    Follower.objects.create(actor=bob)
    mastodon.server.requests.clear()
    return mastodon


@pytest.fixture
def saved(django_capture_on_commit_callbacks):
    """Save (or delete) a post as the admin does: the deliveries run after the commit."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def test_a_published_post_reaches_each_server_once_signed(followed, saved):
    post = saved(PostFactory, title="Hello, Fediverse")
    (delivery,) = followed.deliveries()  # Alice and Bob share their server's inbox
    assert delivery.path == "/inbox"
    assert followed.signature_is_valid(delivery, profile().public_key_pem)
    create = followed.delivered_activities()[0]
    assert create["type"] == "Create"
    assert create["actor"] == BLOG_ACTOR
    article = create["object"]
    assert article["type"] == "Article"
    assert article["id"] == f"https://blog.example/fediverse/posts/{post.pk}"
    assert article["name"] == "Hello, Fediverse"
    assert article["url"] == "https://blog.example" + post.get_absolute_url()
    assert "https://www.w3.org/ns/activitystreams#Public" in article["to"]


def test_a_change_sends_an_update_and_a_save_without_change_sends_nothing(followed, saved):
    post = saved(PostFactory, title="First title")
    saved(post.save)
    assert len(followed.deliveries()) == 1
    post.title = "Second title"
    saved(post.save)
    kinds = [activity["type"] for activity in followed.delivered_activities()]
    assert kinds == ["Create", "Update"]
    assert followed.delivered_activities()[-1]["object"]["name"] == "Second title"


def test_unpublishing_and_deleting_send_a_delete(followed, saved):
    post = saved(PostFactory)
    post.status = Post.Status.DRAFT
    saved(post.save)
    other = saved(PostFactory)
    other_pk = other.pk
    saved(other.delete)
    activities = followed.delivered_activities()
    assert [activity["type"] for activity in activities] == ["Create", "Delete", "Create", "Delete"]
    assert activities[1]["object"] == {
        "id": f"https://blog.example/fediverse/posts/{post.pk}",
        "type": "Tombstone",
    }
    assert activities[3]["object"]["id"].endswith(f"/fediverse/posts/{other_pk}")


def test_drafts_and_protected_posts_are_never_sent(followed, saved):
    saved(PostFactory, status=Post.Status.DRAFT, published_at=None)
    saved(PostFactory, password="secret")
    assert followed.deliveries() == []


def test_a_server_that_fails_is_tried_again_until_it_answers(followed, saved, settings):
    answers = iter([503, 500, 202])
    followed.server.route("/inbox", handler=lambda request: Reply(status=next(answers)))
    saved(PostFactory)
    assert len(followed.deliveries()) == 3
    bodies = {delivery.body for delivery in followed.deliveries()}
    assert len(bodies) == 1  # the same activity each time


def test_a_server_that_keeps_failing_is_given_up_after_the_limit(followed, saved, settings):
    settings.FEDERATION_DELIVERY_MAX_ATTEMPTS = 3
    followed.inbox_status = 500
    saved(PostFactory)
    assert len(followed.deliveries()) == 3


def test_a_refusal_is_not_retried(followed, saved):
    followed.inbox_status = 403
    saved(PostFactory)
    assert len(followed.deliveries()) == 1


def test_nothing_is_sent_while_federation_is_off(followed, saved, federation):
    federation.federation_enabled = False
    federation.save()
    saved(PostFactory)
    assert followed.deliveries() == []
