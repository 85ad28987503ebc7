"""Subscribing, confirming and unsubscribing through the pages and the links in the messages."""

import datetime

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client

from blog.models import Post
from core.forms import CONTROL_CHARACTERS_MESSAGE
from subscriptions import receivers, tokens
from subscriptions.models import FollowUpSubscription, PostSubscription
from tests.factories import (
    FollowUpSubscriptionFactory,
    NoticeCommentFactory,
    PostFactory,
    PostSubscriptionFactory,
)
from tests.subscriptions.helpers import link_path

pytestmark = pytest.mark.django_db


def test_every_page_has_the_new_posts_form_in_its_footer(client, post):
    for url in ["/", post.get_absolute_url()]:
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert "Notify me of new posts by email" in footer
        assert 'action="/subscriptions/"' in footer
        assert "csrfmiddlewaretoken" not in footer  # cached pages carry no token


def test_the_followup_include_offers_both_choices_and_costs_no_query(
    rf, post, django_assert_num_queries
):
    from django.template.loader import render_to_string

    render_to_string("subscriptions/followup_subscribe.html", {"post": post}, request=rf.get("/"))
    with django_assert_num_queries(0):  # beyond the site's cached navigation
        html = render_to_string(
            "subscriptions/followup_subscribe.html", {"post": post}, request=rf.get("/")
        )
    assert f'action="/subscriptions/post/{post.pk}/"' in html
    assert "All new comments on this post" in html
    assert "Only replies to my comment" in html


def test_subscribing_to_new_posts_sends_one_confirmation_and_nothing_else(client, post):
    response = client.post(
        "/subscriptions/", {"email": "New@Example.org", "next": post.get_absolute_url()}
    )

    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    subscription = PostSubscription.objects.get()
    assert subscription.email == "new@example.org"
    assert subscription.confirmed_at is None
    assert [message.to for message in mail.outbox] == [["new@example.org"]]
    assert "Check your inbox" in client.get(post.get_absolute_url()).content.decode()


def test_following_the_confirmation_link_shows_a_button_and_the_button_confirms(client):
    client.post("/subscriptions/", {"email": "new@example.org"})
    confirm = link_path(mail.outbox[0], "/subscriptions/confirm/")

    page = client.get(confirm)
    assert page.status_code == 200
    assert "Yes, subscribe new@example.org" in page.content.decode()
    assert PostSubscription.objects.get().confirmed_at is None

    done = client.post(confirm)
    assert done.status_code == 200
    assert "You are subscribed" in done.content.decode()
    assert PostSubscription.objects.get().confirmed_at is not None
    assert client.post(confirm).status_code == 200  # a second click changes nothing


def test_confirming_needs_the_csrf_token_from_the_page(post):
    browser = Client(enforce_csrf_checks=True)
    subscription = PostSubscriptionFactory(confirmed_at=None)
    token = tokens.confirm_token(kind="posts", pk=subscription.pk, email=subscription.email)

    assert browser.post(f"/subscriptions/confirm/{token}/").status_code == 403
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None


def test_a_bad_address_comes_back_with_a_message_and_what_was_typed(client):
    response = client.post("/subscriptions/", {"email": "not-an-address<x>"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert 'value="not-an-address&lt;x&gt;"' in html
    assert PostSubscription.objects.count() == 0
    assert mail.outbox == []


def test_the_subscribe_page_works_without_the_footer(client):
    response = client.get("/subscriptions/")
    assert response.status_code == 200
    assert "Notify me of new posts by email" in response.content.decode()


def test_a_foreign_next_address_is_ignored(client):
    response = client.post(
        "/subscriptions/", {"email": "a@example.org", "next": "https://evil.test/"}
    )
    assert response["Location"] == "/"


def test_confirmations_are_limited_per_address(client, settings):
    settings.SUBSCRIPTIONS_PER_ADDRESS = 2
    for n in range(2):
        response = client.post(
            "/subscriptions/", {"email": "victim@example.org"}, REMOTE_ADDR=f"10.0.0.{n}"
        )
        assert response.status_code == 302

    response = client.post(
        "/subscriptions/", {"email": "victim@example.org"}, REMOTE_ADDR="10.0.0.9"
    )

    assert response.status_code == 429
    assert "Too many subscription requests" in response.content.decode()
    assert 'value="victim@example.org"' in response.content.decode()
    assert len(mail.outbox) == 2


def test_confirmations_are_limited_per_ip(client, post, settings):
    settings.SUBSCRIPTIONS_PER_IP = 3
    for n in range(3):
        assert client.post("/subscriptions/", {"email": f"s{n}@example.org"}).status_code == 302

    blocked = client.post(
        f"/subscriptions/post/{post.pk}/", {"email": "another@example.org", "mode": "all"}
    )

    assert blocked.status_code == 429
    assert len(mail.outbox) == 3
    other_ip = client.post("/subscriptions/", {"email": "x@example.org"}, REMOTE_ADDR="10.1.1.1")
    assert other_ip.status_code == 302


def test_a_reader_can_follow_a_post_without_commenting(client, post):
    response = client.post(
        f"/subscriptions/post/{post.pk}/",
        {"email": "lurker@example.org", "mode": "all", "next": post.get_absolute_url()},
    )

    assert response.status_code == 302
    subscription = FollowUpSubscription.objects.get()
    assert (subscription.post, subscription.email, subscription.confirmed_at) == (
        post,
        "lurker@example.org",
        None,
    )
    receivers.comment_approved(NoticeCommentFactory(post=post))
    assert "lurker@example.org" not in [m.to[0] for m in mail.outbox[1:]]

    client.post(link_path(mail.outbox[0], "/subscriptions/confirm/"))
    mail.outbox.clear()
    receivers.comment_approved(NoticeCommentFactory(post=post))
    assert ["lurker@example.org"] in [message.to for message in mail.outbox]


def test_a_confirmed_follower_can_switch_to_replies_only_through_a_new_confirmation(client, post):
    FollowUpSubscriptionFactory(post=post, email="f@example.org")

    client.post(f"/subscriptions/post/{post.pk}/", {"email": "f@example.org", "mode": "replies"})

    assert FollowUpSubscription.objects.get().mode == "all"  # unchanged until confirmed
    client.post(link_path(mail.outbox[0], "/subscriptions/confirm/"))
    assert FollowUpSubscription.objects.get().mode == "replies"


def test_following_a_draft_or_a_missing_post_is_not_found(client):
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None)
    assert (
        client.post(f"/subscriptions/post/{draft.pk}/", {"email": "a@example.org"}).status_code
        == 404
    )
    assert client.get("/subscriptions/post/999999/").status_code == 404


def test_the_followup_form_must_choose_a_known_mode(client, post):
    response = client.post(
        f"/subscriptions/post/{post.pk}/", {"email": "a@example.org", "mode": "x"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


# --- Tokens -------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["confirm", "unsubscribe"])
def test_forged_and_tampered_tokens_are_refused(client, kind):
    subscription = PostSubscriptionFactory(confirmed_at=None)
    make = tokens.confirm_token if kind == "confirm" else tokens.unsubscribe_token
    args = {"kind": "posts", "email": subscription.email}
    good = (
        make(pk=subscription.pk, **args) if kind == "confirm" else make(ref=subscription.pk, **args)
    )
    tampered = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")
    forged = signing.dumps({"k": "posts", "id": subscription.pk, "e": subscription.email})
    wrong_purpose = (
        tokens.unsubscribe_token(ref=subscription.pk, **args)
        if kind == "confirm"
        else tokens.confirm_token(pk=subscription.pk, **args)
    )
    base = f"/subscriptions/{kind}/"

    for token in [tampered, forged, wrong_purpose, "nonsense"]:
        for method in (client.get, client.post):
            response = method(f"{base}{token}/")
            assert response.status_code == 400, token
            assert "This link is not valid" in response.content.decode()
    assert PostSubscription.objects.get() == subscription
    assert PostSubscription.objects.get().confirmed_at is None


def test_a_token_cannot_be_reused_for_another_address(client):
    mine = PostSubscriptionFactory(email="me@example.org", confirmed_at=None)
    theirs = PostSubscriptionFactory(email="them@example.org")
    # A valid token for my address, pointed at their row.
    confirm = tokens.confirm_token(kind="posts", pk=theirs.pk, email="me@example.org")
    unsubscribe = tokens.unsubscribe_token(kind="posts", ref=theirs.pk, email="me@example.org")

    assert client.post(f"/subscriptions/confirm/{confirm}/").status_code == 400
    assert client.post(f"/subscriptions/unsubscribe/{unsubscribe}/").status_code == 400
    assert PostSubscription.objects.filter(pk=theirs.pk).exists()
    mine.refresh_from_db()
    assert mine.confirmed_at is None


def test_a_confirmation_link_expires(client):
    client.post("/subscriptions/", {"email": "slow@example.org"})
    confirm = link_path(mail.outbox[0], "/subscriptions/confirm/")

    with time_machine.travel(datetime.timedelta(days=8)):
        response = client.post(confirm)

    assert response.status_code == 400
    assert PostSubscription.objects.get().confirmed_at is None


# --- Unsubscribing ------------------------------------------------------------------------------
def test_the_unsubscribe_link_shows_a_button_and_the_button_unsubscribes(client, post):
    subscription = FollowUpSubscriptionFactory(post=post, email="f@example.org")
    receivers.comment_approved(NoticeCommentFactory(post=post))
    message = next(m for m in mail.outbox if m.to == ["f@example.org"])
    unsubscribe = link_path(message, "/unsubscribe/")

    page = client.get(unsubscribe)
    assert page.status_code == 200
    assert "Stop e-mails about new comments on “A Published Post”" in page.content.decode()
    assert FollowUpSubscription.objects.filter(pk=subscription.pk).exists()

    done = client.post(unsubscribe)
    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    assert not FollowUpSubscription.objects.filter(pk=subscription.pk).exists()
    assert client.post(unsubscribe).status_code == 200  # again: still fine

    mail.outbox.clear()
    receivers.comment_approved(NoticeCommentFactory(post=post))
    assert "f@example.org" not in [m.to[0] for m in mail.outbox]


def test_a_mail_clients_one_click_post_unsubscribes_without_a_csrf_token(post):
    subscription = PostSubscriptionFactory(email="s@example.org")
    header_url = tokens.unsubscribe_token(kind="posts", ref=subscription.pk, email="s@example.org")
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        f"/subscriptions/unsubscribe/{header_url}/",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not PostSubscription.objects.exists()


def test_the_confirmation_message_can_cancel_the_request(client):
    client.post("/subscriptions/", {"email": "notme@example.org"})

    client.post(link_path(mail.outbox[0], "/unsubscribe/"))

    assert not PostSubscription.objects.exists()


def test_a_confirmation_link_for_a_cancelled_subscription_says_so(client):
    client.post("/subscriptions/", {"email": "gone@example.org"})
    PostSubscription.objects.all().delete()

    response = client.post(link_path(mail.outbox[0], "/subscriptions/confirm/"))

    assert response.status_code == 404
    assert "This subscription no longer exists" in response.content.decode()


def test_unconfirmed_requests_are_forgotten_once_their_link_expires(client):
    from django.core.management import call_command

    client.post("/subscriptions/", {"email": "never@example.org"})
    PostSubscriptionFactory(email="kept@example.org")

    call_command("announce_posts")
    assert PostSubscription.objects.count() == 2
    with time_machine.travel(datetime.timedelta(days=8)):
        call_command("announce_posts")

    assert list(PostSubscription.objects.values_list("email", flat=True)) == ["kept@example.org"]


def test_behind_the_proxy_the_limit_counts_the_address_the_proxy_saw(client, settings):
    settings.BEHIND_PROXY = True
    settings.SUBSCRIPTIONS_PER_IP = 1

    first = client.post(
        "/subscriptions/",
        {"email": "a@example.org"},
        headers={"x-forwarded-for": "1.1.1.1, 203.0.113.5"},
    )
    spoofed = client.post(
        "/subscriptions/",
        {"email": "b@example.org"},
        headers={"x-forwarded-for": "9.9.9.9, 203.0.113.5"},
    )
    other_reader = client.post(
        "/subscriptions/", {"email": "c@example.org"}, headers={"x-forwarded-for": "203.0.113.6"}
    )

    assert [first.status_code, spoofed.status_code, other_reader.status_code] == [302, 429, 302]


def test_the_subscription_pages_cost_a_fixed_number_of_queries(
    client, post, django_assert_max_num_queries
):
    client.get("/")  # the navigation is cached from here on
    subscription = FollowUpSubscriptionFactory(post=post, confirmed_at=None)
    confirm = tokens.confirm_token(
        kind="followups", pk=subscription.pk, email=subscription.email, mode="all"
    )
    unsubscribe = tokens.unsubscribe_token(
        kind="followups", ref=subscription.pk, email=subscription.email
    )

    with django_assert_max_num_queries(2):
        assert client.get(f"/subscriptions/confirm/{confirm}/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(f"/subscriptions/unsubscribe/{unsubscribe}/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(f"/subscriptions/post/{post.pk}/").status_code == 200


@pytest.mark.parametrize("url", ["/subscriptions/", "post"])
def test_a_subscription_address_with_control_characters_is_refused(client, post, url):
    url = f"/subscriptions/post/{post.pk}/" if url == "post" else url
    response = client.post(url, {"email": "ada@example.org\r\nBcc: x@example.org", "mode": "all"})
    assert response.status_code == 400
    assert CONTROL_CHARACTERS_MESSAGE.replace("'", "&#x27;") in response.content.decode()
    assert mail.outbox == []
