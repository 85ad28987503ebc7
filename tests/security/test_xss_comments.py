"""Every payload of the corpus in every comment field (name, e-mail, website, body) and in an
account's display name comes back inert: on the post page, in the moderation queue, in the
comment feeds and on /account/. A ``javascript:``/``data:`` website never becomes a link, whether
typed in the form (refused) or brought in by an import (not linked)."""

import pytest
from defusedxml import ElementTree
from django.contrib.auth.models import Group
from django.test import Client
from django.utils.html import escape

from comments.models import Comment
from tests.comments.conftest import form_timestamp
from tests.factories import PostFactory, UserFactory
from tests.security.escaping import assert_no_active_content, page_is_inert
from tests.security.xss_payloads import PAYLOADS, URL_SCHEMES

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients():
    moderator = UserFactory(username="mod", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    as_moderator = Client()
    as_moderator.force_login(moderator)
    return {"anonymous": Client(), "moderator": as_moderator}


def assert_feed_inert(response):
    """Well-formed XML, only the feed's own elements, and HTML descriptions with nothing active."""
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    allowed = {
        "rss", "channel", "title", "link", "description", "language", "lastBuildDate", "item",
        "guid", "pubDate", "creator", "comments", "author",
    }  # fmt: skip
    assert tags <= allowed, tags - allowed
    for description in root.iter("description"):
        assert_no_active_content(description.text or "")


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_in_every_comment_field_is_inert_everywhere_it_shows(clients, payload):
    post = PostFactory(slug="discussed")
    reader = UserFactory(username="hostile", display_name=payload[:150])
    common = {"post": post, "author_url": payload[:300], "ip_address": "192.0.2.1"}
    Comment.objects.create(
        **common, author_name=payload[:100], author_email=payload[:254], body=payload,
        status=Comment.Status.APPROVED,
    )  # fmt: skip
    Comment.objects.create(
        **common, author_name=payload[:100], author_email=payload[:254], body=payload,
        status=Comment.Status.PENDING,
    )  # fmt: skip
    Comment.objects.create(post=post, user=reader, body=payload, status=Comment.Status.APPROVED)

    response = clients["anonymous"].get(post.get_absolute_url())
    assert response.status_code == 200
    page_is_inert(response)  # body: sanitized Markdown; name: escaped text
    html = response.content.decode()
    assert str(escape(payload[:100])) in html and str(escape(payload[:150])) in html

    queue = clients["moderator"].get("/moderation/")
    assert queue.status_code == 200
    page_is_inert(queue)  # the held comment's body is sanitized Markdown there too
    assert str(escape(payload[:100])) in queue.content.decode()

    assert_feed_inert(clients["anonymous"].get("/comments/feed/"))
    assert_feed_inert(clients["anonymous"].get(f"/comments/feed/{post.pk}/"))

    own = Client()
    own.force_login(reader)
    for url in ["/account/", "/account/comments/"]:
        response = own.get(url)
        assert response.status_code == 200, url
        page_is_inert(response)
        assert str(escape(payload[:150])) in response.content.decode(), url


@pytest.mark.parametrize("address", URL_SCHEMES, ids=range(len(URL_SCHEMES)))
def test_a_script_website_typed_in_the_form_is_refused_and_keeps_the_text(client, address):
    post = PostFactory(slug="discussed")
    data = {
        "comment": "Nice post.", "author": "Mallory", "email": "m@example.org", "url": address,
        "ts": form_timestamp(post),
    }  # fmt: skip
    response = client.post(
        f"/comments/post/{post.pk}/", data, headers={"origin": "http://testserver"}, follow=True
    )
    assert response.status_code == 400
    assert "Please enter a valid website address" in response.content.decode()
    assert not Comment.objects.exists()
    page_is_inert(response)


@pytest.mark.parametrize(
    "address", [*URL_SCHEMES, "data:text/html,<script>alert(1)</script>", "//evil.example/x"]
)
def test_a_stored_script_website_never_becomes_a_link(client, address):
    """Comments imported from WordPress keep what was typed there: shown, never linked."""
    post = PostFactory(slug="imported")
    Comment.objects.create(
        post=post, author_name="Imported", author_email="i@example.org", author_url=address,
        body="From the old blog.", status=Comment.Status.APPROVED,
    )  # fmt: skip
    Comment.objects.create(
        post=post, author_name="A ping", author_url=address, body="Linked here.",
        status=Comment.Status.APPROVED, kind=Comment.Kind.PINGBACK,
    )  # fmt: skip
    response = client.get(post.get_absolute_url())
    page_is_inert(response)
    assert f'href="{escape(address)}"' not in response.content.decode()
