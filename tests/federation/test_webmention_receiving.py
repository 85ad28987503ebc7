"""Receiving webmentions from a stand-in blog on loopback (the ``web_server`` fixture): the
endpoint's answers (W3C Webmention 3.2), verification in the task queue (run at once in tests),
replies, likes, reposts, updates and removals, the network rules and the rate limit."""

import pytest
from django.conf import settings

from comments.models import Comment, DiscussionSettings, Reaction
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db

ENDPOINT = "/webmention/"


def target_of(post) -> str:
    return settings.SITE_URL + post.get_absolute_url()


def reply_page(target: str, *, text: str = "I disagree about the numbers.", kind="u-in-reply-to"):
    """An h-entry as IndieWeb sites and WordPress's Webmention/Semantic-Linkbacks themes mark
    one up: an h-card author with a photo, the reply context, e-content and dt-published."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Re: Aleppo, again</title></head>
<body>
<header><a href="/">Alice's notebook</a></header>
<article class="h-entry">
  <div class="u-author h-card">
    <img class="u-photo" src="/avatar.jpg" alt="" width="40">
    <a class="p-name u-url" href="/">Alice Example</a>
  </div>
  <p>In reply to <a class="{kind}" href="{target}">Aleppo, again</a></p>
  <div class="e-content"><p>{text} <script>alert("x")</script>
    <a href="javascript:alert(1)">click</a></p></div>
  <a class="u-url" href="/2026/12/re-aleppo"><time class="dt-published"
     datetime="2026-11-30T09:15:00+01:00">30 November 2026</time></a>
</article>
</body></html>""".encode()


@pytest.fixture
def stand_in(web_server):
    """Alice's blog: a reply at /reply, her picture at /avatar.jpg."""
    web_server.route("/avatar.jpg", body=jpeg_bytes(80, 80), content_type="image/jpeg")
    return web_server


def send(client, source: str, target: str):
    return client.post(ENDPOINT, {"source": source, "target": target})


def trust_remote_replies():
    DiscussionSettings.objects.create(trust_remote_replies=True)


# --- A reply, a like, a repost, a mention ----------------------------------------------------
def test_a_reply_is_accepted_with_202_and_becomes_a_held_webmention_comment(
    client, federation_on, target_post, stand_in
):
    target = target_of(target_post)
    stand_in.route("/reply", body=reply_page(target))
    response = send(client, stand_in.url("/reply"), target)
    assert response.status_code == 202
    assert "Location" not in response  # 202: no Location (3.2.1)
    comment = Comment.objects.get()
    assert comment.kind == Comment.Kind.WEBMENTION
    assert comment.status == Comment.Status.PENDING
    assert comment.remote_id == stand_in.url("/reply")
    assert comment.author_name == "Alice Example"
    assert comment.author_url == stand_in.url("/")
    assert "I disagree about the numbers." in comment.body_html
    assert "<script" not in comment.body_html and "javascript:" not in comment.body_html
    assert comment.created_at.isoformat().startswith("2026-11-30T08:15:00")
    assert comment.author_photo.name.startswith("avatars/remote/")
    # The moderator sees it, with where it was written.
    assert comment.moderation_rule == "from-elsewhere"


def test_an_approved_reply_shows_under_the_post_via_their_site(
    client, federation_on, target_post, stand_in
):
    trust_remote_replies()
    target = target_of(target_post)
    stand_in.route("/reply", body=reply_page(target))
    send(client, stand_in.url("/reply"), target)
    html = client.get(target_post.get_absolute_url()).content.decode()
    assert "Alice Example" in html and "I disagree about the numbers." in html
    assert f'via <a href="{stand_in.url("/reply")}"' in html
    assert '<img class="avatar" src="/media/avatars/remote/' in html
    assert stand_in.url("/avatar.jpg") not in html  # never the other site's picture


@pytest.mark.parametrize(
    ("css_class", "kind"),
    [("u-like-of", Reaction.Kind.LIKE), ("u-repost-of", Reaction.Kind.REPOST)],
)
def test_a_like_or_repost_becomes_a_reaction_counted_under_the_post(
    client, federation_on, target_post, stand_in, css_class, kind
):
    target = target_of(target_post)
    stand_in.route("/like", body=reply_page(target, kind=css_class))
    assert send(client, stand_in.url("/like"), target).status_code == 202
    reaction = Reaction.objects.get()
    assert reaction.kind == kind and reaction.origin == Reaction.Origin.WEBMENTION
    assert reaction.author_name == "Alice Example" and reaction.author_photo
    assert not Comment.objects.exists()
    html = client.get(target_post.get_absolute_url()).content.decode()
    assert f"<strong>1</strong> {kind}" in html


def test_a_page_without_microformats_that_links_is_a_mention(
    client, federation_on, target_post, stand_in
):
    target = target_of(target_post)
    stand_in.route("/notes", body=f'<p>Read <a href="{target}">this</a>.</p>'.encode())
    send(client, stand_in.url("/notes"), target)
    mention = Reaction.objects.get()
    assert mention.kind == Reaction.Kind.MENTION
    assert mention.author_url == stand_in.url("/")
    assert "Mention," in client.get(target_post.get_absolute_url()).content.decode()


def test_a_plain_text_source_containing_the_target_is_verified(
    client, federation_on, target_post, stand_in
):
    target = target_of(target_post)
    stand_in.route("/note.txt", body=f"See {target}\n".encode(), content_type="text/plain")
    send(client, stand_in.url("/note.txt"), target)
    assert Reaction.objects.get().kind == Reaction.Kind.MENTION


# --- Updates and removals --------------------------------------------------------------------
def test_an_update_at_the_source_updates_the_comment_and_the_photo_is_fetched_once(
    client, federation_on, target_post, stand_in
):
    target = target_of(target_post)
    stand_in.route("/reply", body=reply_page(target))
    send(client, stand_in.url("/reply"), target)
    stand_in.route("/reply", body=reply_page(target, text="Updated: I now agree."))
    send(client, stand_in.url("/reply"), target)
    comment = Comment.objects.get()
    assert "Updated: I now agree." in comment.body_html
    assert comment.edited_at is not None
    assert [r.path for r in stand_in.requests].count("/avatar.jpg") == 1


def test_a_reply_turned_into_a_like_moves_from_the_thread_to_the_counts(
    client, federation_on, target_post, stand_in
):
    trust_remote_replies()
    target = target_of(target_post)
    stand_in.route("/reply", body=reply_page(target))
    send(client, stand_in.url("/reply"), target)
    stand_in.route("/reply", body=reply_page(target, kind="u-like-of"))
    send(client, stand_in.url("/reply"), target)
    assert Comment.objects.get().status == Comment.Status.REMOVED
    assert Reaction.objects.get().kind == Reaction.Kind.LIKE


def test_a_source_that_answers_410_removes_the_reply(client, federation_on, target_post, stand_in):
    trust_remote_replies()
    target = target_of(target_post)
    stand_in.route("/reply", body=reply_page(target))
    send(client, stand_in.url("/reply"), target)
    stand_in.route("/reply", status=410, body=b"Gone")
    assert send(client, stand_in.url("/reply"), target).status_code == 202
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.REMOVED and comment.body == ""
    assert "I disagree" not in client.get(target_post.get_absolute_url()).content.decode()


def test_a_source_that_no_longer_links_removes_the_like(
    client, federation_on, target_post, stand_in
):
    target = target_of(target_post)
    stand_in.route("/like", body=reply_page(target, kind="u-like-of"))
    send(client, stand_in.url("/like"), target)
    stand_in.route("/like", body=b"<article class='h-entry'><p>Changed my mind.</p></article>")
    send(client, stand_in.url("/like"), target)
    assert not Reaction.objects.exists()


def test_a_source_that_fails_for_a_while_leaves_the_reply_alone(
    client, federation_on, target_post, stand_in
):
    target = target_of(target_post)
    stand_in.route("/reply", body=reply_page(target))
    send(client, stand_in.url("/reply"), target)
    stand_in.route("/reply", status=503, body=b"Down for maintenance")
    send(client, stand_in.url("/reply"), target)
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_a_reply_to_a_post_closed_for_comments_is_not_stored(
    client, federation_on, target_post, stand_in
):
    target_post.allow_comments = False
    target_post.save()
    target = target_of(target_post)
    stand_in.route("/reply", body=reply_page(target))
    assert send(client, stand_in.url("/reply"), target).status_code == 202
    assert not Comment.objects.exists()


def test_a_source_that_never_linked_makes_nothing(client, federation_on, target_post, stand_in):
    stand_in.route("/spam", body=b"<p>Cheap watches</p>")
    assert send(client, stand_in.url("/spam"), target_of(target_post)).status_code == 202
    assert not Comment.objects.exists() and not Reaction.objects.exists()


# --- The network rules (core.fetch) ------------------------------------------------------------
@pytest.mark.parametrize(
    "source",
    ["http://10.0.0.7/reply", "http://192.168.1.20/reply", "http://169.254.169.254/latest/"],
)
def test_a_source_at_a_private_or_link_local_address_is_never_fetched(
    client, federation_on, target_post, source
):
    assert send(client, source, target_of(target_post)).status_code == 202
    assert not Comment.objects.exists() and not Reaction.objects.exists()


def test_a_source_at_loopback_is_refused_outside_tests(
    client, federation_on, target_post, stand_in, settings
):
    settings.FETCH_ALLOW_LOOPBACK = False
    target = target_of(target_post)
    stand_in.route("/reply", body=reply_page(target))
    send(client, stand_in.url("/reply"), target)
    assert stand_in.requests == [] and not Comment.objects.exists()


def test_a_source_redirecting_to_a_private_address_is_not_followed(
    client, federation_on, target_post, stand_in
):
    stand_in.redirect("/moved", "http://10.20.30.40/reply")
    send(client, stand_in.url("/moved"), target_of(target_post))
    assert not Comment.objects.exists() and not Reaction.objects.exists()


def test_a_source_redirecting_to_a_public_page_is_followed(
    client, federation_on, target_post, stand_in
):
    target = target_of(target_post)
    stand_in.route("/reply", body=reply_page(target))
    stand_in.redirect("/short", "/reply", status=301)
    send(client, stand_in.url("/short"), target)
    assert Comment.objects.get().remote_id == stand_in.url("/short")


def test_an_oversized_source_is_not_read(client, federation_on, target_post, stand_in, settings):
    settings.WEBMENTION_MAX_BYTES = 50_000
    target = target_of(target_post)
    padding = b"<p>" + b"x" * 60_000 + b"</p>"
    stand_in.route("/big", body=reply_page(target) + padding, content_length=False)
    send(client, stand_in.url("/big"), target)
    assert not Comment.objects.exists()


def test_a_slow_source_is_given_up(client, federation_on, target_post, stand_in, settings):
    settings.WEBMENTION_TIMEOUT = 1.0
    target = target_of(target_post)
    stand_in.route("/slow", body=reply_page(target), chunks=5, chunk_delay=0.4)
    send(client, stand_in.url("/slow"), target)
    assert not Comment.objects.exists()


def test_an_oversized_photo_is_left_out_and_the_reply_kept(
    client, federation_on, target_post, stand_in, settings
):
    settings.WEBMENTION_PHOTO_MAX_BYTES = 100
    target = target_of(target_post)
    stand_in.route("/reply", body=reply_page(target))
    send(client, stand_in.url("/reply"), target)
    comment = Comment.objects.get()
    assert not comment.author_photo and comment.author_name == "Alice Example"


# --- Bad requests: 400 with a message, never a 500 ---------------------------------------------
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"target": "TARGET"}, "source parameter is missing"),
        ({"source": "https://alice.example/reply"}, "target parameter is missing"),
        ({"source": "ftp://alice.example/reply", "target": "TARGET"}, "http or https"),
        ({"source": "javascript:alert(1)", "target": "TARGET"}, "http or https"),
        ({"source": "TARGET", "target": "TARGET"}, "the same URL"),
        ({"source": "https://a.example/r", "target": "https://elsewhere.example/"}, "not a post"),
        ({"source": "https://a.example/r", "target": "SITE/2001/01/01/no-such/"}, "not a post"),
        ({"source": "https://a.example/r", "target": "SITE/category/news/"}, "not a post"),
        ({"source": "https://a.example/r", "target": "http://[::1/"}, "not a URL"),
        ({"source": "https://a.example:99999/r", "target": "TARGET"}, "not a URL"),
        ({"source": "https://a.example/r", "target": "http://127.0.0.1:port/"}, "not a URL"),
    ],
)  # fmt: skip
def test_a_bad_webmention_is_refused_with_400_and_says_why(
    client, federation_on, target_post, data, message
):
    target = target_of(target_post)
    data = {
        key: value.replace("TARGET", target).replace("SITE", settings.SITE_URL)
        for key, value in data.items()
    }
    response = client.post(ENDPOINT, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_a_draft_is_not_a_target(client, federation_on, target_post):
    target_post.status = target_post.Status.DRAFT
    target_post.save()
    response = send(client, "https://alice.example/r", target_of(target_post))
    assert response.status_code == 400


def test_the_endpoint_takes_only_post(client, federation_on):
    assert client.get(ENDPOINT).status_code == 405


def test_a_source_host_sending_too_many_is_told_to_wait(
    client, federation_on, target_post, settings
):
    settings.WEBMENTION_SOURCE_RATE = "2/h"
    target = target_of(target_post)
    for number in range(2):
        assert send(client, f"http://10.0.0.1/{number}", target).status_code == 202
    refused = send(client, "http://10.0.0.1/3", target)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    # Another site is not held up by that one.
    assert send(client, "http://10.0.0.2/1", target).status_code == 202


# --- Federation off, and what is advertised --------------------------------------------------
def test_with_federation_off_the_endpoint_is_404_and_nothing_is_advertised(
    client, federation_off, target_post
):
    assert send(client, "https://alice.example/r", target_of(target_post)).status_code == 404
    assert client.get(ENDPOINT).status_code == 404
    response = client.get(target_post.get_absolute_url())
    assert "Link" not in response or "webmention" not in response["Link"]
    assert 'rel="webmention"' not in response.content.decode()


def test_with_federation_on_a_post_advertises_its_endpoint_in_a_link_header_and_element(
    client, federation_on, target_post
):
    response = client.get(target_post.get_absolute_url())
    endpoint = settings.SITE_URL + ENDPOINT
    assert response["Link"] == f'<{endpoint}>; rel="webmention"'
    assert f'<link rel="webmention" href="{endpoint}">' in response.content.decode()
    home = client.get("/")
    assert "Link" not in home and 'rel="webmention"' not in home.content.decode()


def test_a_kept_post_page_still_advertises_the_endpoint(
    client, federation_on, target_post, page_cache
):
    client.get(target_post.get_absolute_url())
    again = client.get(target_post.get_absolute_url())
    assert "webmention" in again["Link"]
    assert 'rel="webmention"' in again.content.decode()


def test_a_source_on_the_blocklist_is_accepted_and_never_read(
    client, federation_on, target_post, stand_in
):
    """Admin → Fediverse blocks covers blogs too: a blocked site's webmentions are dropped
    unread, with the same 202 as any other (the sender learns nothing)."""
    from federation.models import FediverseBlock

    FediverseBlock.objects.create(value="127.0.0.1", reason="a spam network")
    target = target_of(target_post)
    stand_in.route("/reply", body=reply_page(target))

    response = send(client, stand_in.url("/reply"), target)

    assert response.status_code == 202
    assert stand_in.requests == []
    assert not Comment.objects.exists() and not Reaction.objects.exists()
