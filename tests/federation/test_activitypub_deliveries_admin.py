"""Deliveries are on record (issue 20): the admin shows what was sent to which inbox, its status,
the tries and the last error, read-only and to those allowed to see it. A follower whose inbox
answers 410 Gone (a deleted account's answer) no longer follows the blog."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from federation.models import Delivery, Follower, RemoteActor
from tests.factories import PostFactory, UserFactory
from tests.webserver import Reply

BLOG_ACTOR = "https://blog.example/fediverse/actor"


@pytest.fixture
def followed(mastodon, send):
    send(mastodon.follow(BLOG_ACTOR))
    mastodon.server.requests.clear()
    return mastodon


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    def run(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return PostFactory(**fields)

    return run


def test_each_delivery_is_recorded_with_its_status_and_tries(followed, publish):
    answers = iter([503, 202])
    followed.server.route("/inbox", handler=lambda request: Reply(status=next(answers)))
    post = publish(title="Recorded")
    accept, create = Delivery.objects.order_by("pk")
    assert (accept.activity_type, accept.inbox, accept.status) == (
        "Accept",
        f"{followed.origin}/users/alice/inbox",
        Delivery.Status.SENT,
    )
    assert create.activity_type == "Create"
    assert create.object_id == f"https://blog.example/fediverse/posts/{post.pk}"
    assert create.inbox == f"{followed.origin}/inbox"
    assert create.status == Delivery.Status.SENT
    assert create.attempts == 2 and create.response_status == 202
    assert create.attempted_at is not None


def test_a_delivery_given_up_keeps_its_last_error(followed, publish, settings):
    settings.FEDERATION_DELIVERY_MAX_ATTEMPTS = 2
    followed.inbox_status = 502
    publish()
    create = Delivery.objects.get(activity_type="Create")
    assert create.status == Delivery.Status.FAILED
    assert create.attempts == 2 and create.response_status == 502
    assert create.last_error == "it answered 502"


def test_followers_whose_inbox_answers_410_are_removed(followed, publish, mastodon):
    assert Follower.objects.count() == 1
    followed.inbox_status = 410
    publish()
    assert not Follower.objects.exists()
    create = Delivery.objects.get(activity_type="Create")
    assert create.status == Delivery.Status.GONE and create.attempts == 1
    assert len(followed.deliveries()) == 1  # a 410 is not tried again
    # The next post goes to no one.
    followed.server.requests.clear()
    publish()
    assert followed.deliveries() == []
    assert RemoteActor.objects.filter(uri=mastodon.actor_uri).exists()  # known, not following


def test_a_refusal_other_than_410_keeps_the_follower(followed, publish):
    followed.inbox_status = 404
    publish()
    assert Follower.objects.count() == 1
    assert Delivery.objects.get(activity_type="Create").status == Delivery.Status.REFUSED


def test_only_the_followers_delivered_at_the_gone_inbox_are_removed(followed, publish, web_server):
    other = RemoteActor.objects.create(
        uri="https://elsewhere.example/users/carol",
        key_id="https://elsewhere.example/users/carol#main-key",
        public_key_pem="-",
        inbox=web_server.url("/users/carol/inbox"),
        handle="@carol@elsewhere.example",
    )
    Follower.objects.create(actor=other)
    web_server.route("/users/carol/inbox", status=202)
    followed.server.route("/inbox", status=410)
    publish()
    assert list(Follower.objects.values_list("actor__handle", flat=True)) == [other.handle]


# --- The admin ------------------------------------------------------------------------------
@pytest.fixture
def a_delivery(followed, publish, settings):
    settings.FEDERATION_DELIVERY_MAX_ATTEMPTS = 1
    followed.inbox_status = 500
    return publish()


def test_the_admin_lists_deliveries_read_only_for_a_superuser(client, a_delivery):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:federation_delivery_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Accept" in html and "Create" in html and "/inbox" in html
    assert "it answered 500" in html
    row = Delivery.objects.get(activity_type="Create")
    change = reverse("admin:federation_delivery_change", args=[row.pk])
    shown = client.get(change)
    assert shown.status_code == 200
    assert 'name="_save"' not in shown.content.decode()  # nothing to save: read-only
    assert client.get(reverse("admin:federation_delivery_add")).status_code == 403
    delete = reverse("admin:federation_delivery_delete", args=[row.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.post(change, {"status": "sent"}).status_code == 403
    assert Delivery.objects.get(pk=row.pk).status == Delivery.Status.FAILED


def test_staff_need_the_view_permission_to_see_deliveries(client, a_delivery):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:federation_delivery_changelist")).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_delivery"))
    assert client.get(reverse("admin:federation_delivery_changelist")).status_code == 200
