"""The inbox as a stand-in Mastodon (a real server on loopback) talks to it: a follow is accepted
with a signed Accept; what cannot be verified is refused with 401; a blocked sender is dropped."""

import json
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils import timezone

from federation.activitypub.actor import profile
from federation.models import FediverseBlock, Follower, RemoteActor

BLOG_ACTOR = "https://blog.example/fediverse/actor"


def test_a_follow_is_accepted_with_a_signed_accept(client, mastodon, send):
    follow = mastodon.follow(BLOG_ACTOR)
    response = send(follow)
    assert response.status_code == 202
    follower = Follower.objects.get()
    assert follower.actor.uri == mastodon.actor_uri
    assert follower.actor.handle == mastodon.handle
    assert follower.follow_id == follow["id"]
    (delivery,) = mastodon.deliveries()
    assert delivery.path == "/users/alice/inbox"
    accept = json.loads(delivery.body)
    assert accept["type"] == "Accept"
    assert accept["actor"] == BLOG_ACTOR
    assert accept["object"]["id"] == follow["id"]
    assert delivery.headers["signature"].startswith(f'keyId="{BLOG_ACTOR}#main-key"')
    assert mastodon.signature_is_valid(delivery, profile().public_key_pem)


def test_undo_follow_removes_the_follower(client, mastodon, send):
    follow = mastodon.follow(BLOG_ACTOR)
    send(follow)
    assert send(mastodon.undo(follow)).status_code == 202
    assert not Follower.objects.exists()


def test_the_actor_key_is_fetched_once_and_kept(client, mastodon, send):
    send(mastodon.follow(BLOG_ACTOR))
    send(mastodon.follow(BLOG_ACTOR))
    actor_fetches = [r for r in mastodon.server.requests if r.path == "/users/alice"]
    assert len(actor_fetches) == 1
    assert actor_fetches[0].headers["accept"].startswith("application/activity+json")
    # Signed all the same, for servers in "authorized fetch" mode.
    assert 'headers="(request-target) host date"' in actor_fetches[0].headers["signature"]


def test_an_unsigned_request_is_refused(client, mastodon, send):
    body = json.dumps(mastodon.follow(BLOG_ACTOR)).encode()
    response = client.post(
        "/fediverse/inbox",
        data=body,
        content_type="application/activity+json",
        HTTP_HOST="blog.example",
    )
    assert response.status_code == 401
    assert not Follower.objects.exists()


def test_a_signature_by_another_key_is_refused(client, mastodon, send):
    impostor = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    response = send(mastodon.follow(BLOG_ACTOR), key=impostor)
    assert response.status_code == 401
    assert "does not match" in response.json()["error"]
    assert not Follower.objects.exists()


def test_a_digest_that_does_not_match_the_body_is_refused(client, mastodon, send):
    response = send(mastodon.follow(BLOG_ACTOR), digest_of=b'{"type": "Follow"}')
    assert response.status_code == 401
    assert "Digest" in response.json()["error"]


def test_a_body_changed_after_signing_is_refused(client, mastodon, send):
    signed = json.dumps(mastodon.follow(BLOG_ACTOR)).encode()
    headers = mastodon.signed_headers(signed)
    other = json.dumps(
        {**mastodon.follow(BLOG_ACTOR), "object": "https://elsewhere.example/"}
    ).encode()
    response = client.post(
        "/fediverse/inbox", data=other, content_type="application/activity+json", **headers
    )
    assert response.status_code == 401


@pytest.mark.parametrize("minutes", [-6, 6, -12 * 60])
def test_a_stale_or_future_date_is_refused(client, mastodon, send, minutes):
    response = send(mastodon.follow(BLOG_ACTOR), date=timezone.now() + timedelta(minutes=minutes))
    assert response.status_code == 401
    assert "Date" in response.json()["error"]


def test_a_date_within_our_window_is_accepted(client, mastodon, send):
    response = send(mastodon.follow(BLOG_ACTOR), date=timezone.now() - timedelta(minutes=4))
    assert response.status_code == 202


def test_a_replayed_request_is_refused(client, mastodon, send):
    body = json.dumps(mastodon.follow(BLOG_ACTOR)).encode()
    headers = mastodon.signed_headers(body)
    first = client.post(
        "/fediverse/inbox", data=body, content_type="application/activity+json", **headers
    )
    again = client.post(
        "/fediverse/inbox", data=body, content_type="application/activity+json", **headers
    )
    assert (first.status_code, again.status_code) == (202, 401)
    assert "replay" in again.json()["error"]


def test_an_activity_in_someone_elses_name_is_refused(client, mastodon, send):
    forged = {**mastodon.follow(BLOG_ACTOR), "actor": f"{mastodon.origin}/users/bob"}
    assert send(forged).status_code == 401


@pytest.mark.parametrize("value", ["127.0.0.1", "{actor}"])
def test_a_blocked_server_or_account_is_dropped_unread(client, mastodon, send, value):
    FediverseBlock.objects.create(value=value.format(actor=mastodon.actor_uri), reason="spam")
    response = send(mastodon.follow(BLOG_ACTOR))
    assert response.status_code == 202
    assert not Follower.objects.exists()
    assert not mastodon.server.requests  # not even its key was fetched


def test_an_activity_we_do_not_understand_is_accepted_and_dropped(client, mastodon, send):
    flag = {
        "id": f"{mastodon.origin}/flags/1",
        "type": "Flag",
        "actor": mastodon.actor_uri,
        "object": BLOG_ACTOR,
    }
    assert send(flag).status_code == 202
    assert not Follower.objects.exists()
    assert not mastodon.deliveries()


def test_a_key_on_a_private_address_is_never_fetched(client, federation, web_server, settings):
    from tests.federation.mastodon import StandInMastodon

    stand_in = StandInMastodon(web_server)
    # The same server, named by a private address: refused by core.fetch (network rules).
    stand_in.server.host = "10.0.0.7"
    response = stand_in.post(client, stand_in.follow(BLOG_ACTOR))
    assert response.status_code == 401
    assert "private" in response.json()["error"]
    assert not RemoteActor.objects.exists()


def test_a_loopback_key_is_refused_outside_tests(client, mastodon, send, settings):
    settings.FETCH_ALLOW_LOOPBACK = False
    response = send(mastodon.follow(BLOG_ACTOR))
    assert response.status_code == 401
    assert not mastodon.server.requests


def test_a_body_over_the_limit_is_refused(client, mastodon, send, settings):
    settings.FEDERATION_INBOX_MAX_BYTES = 100
    follow = {**mastodon.follow(BLOG_ACTOR), "padding": "x" * 200}
    assert send(follow).status_code == 413


def test_get_on_the_inbox_is_not_allowed(client, federation):
    assert client.get("/fediverse/inbox", HTTP_HOST="blog.example").status_code == 405
