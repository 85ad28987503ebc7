"""Replies from the Fediverse come home as comments: a stand-in Mastodon (a real server on
loopback) replies to a post, edits and deletes its reply, likes and boosts the post; a moderator's
answer goes back to it signed. Moderation decides as for any comment."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment, Reaction
from comments.services import Submission, comment_approve, comment_create
from federation.activitypub.actor import profile
from tests.factories import PostFactory, UserFactory

BLOG_ACTOR = "https://blog.example/fediverse/actor"


@pytest.fixture
def article(federation, author):
    post = PostFactory(author=author, title="Gardens in winter")
    return post, f"https://blog.example/fediverse/posts/{post.pk}"


def reply(mastodon, send, article_id, text="Lovely piece about <b>gardens</b>."):
    note = mastodon.note(in_reply_to=article_id, text=text, blog_actor=BLOG_ACTOR)
    assert send(mastodon.create(note)).status_code == 202
    return note


def test_a_reply_from_mastodon_waits_for_moderation_then_shows_under_the_post(
    client, mastodon, send, article
):
    post, article_id = article
    note = reply(mastodon, send, article_id, text="Lovely <script>alert(1)</script> piece.")
    comment = Comment.objects.get()
    assert comment.kind == Comment.Kind.FEDIVERSE
    assert comment.status == Comment.Status.PENDING
    assert comment.post == post
    assert comment.remote_id == note["id"]
    assert comment.author_name == "Alice Example"
    assert comment.author_handle == mastodon.handle
    assert comment.author_url == f"{mastodon.origin}/@alice"
    assert comment.author_photo  # a local copy of the avatar
    assert "<script>" not in comment.body_html
    page = client.get(post.get_absolute_url(), HTTP_HOST="blog.example").content.decode()
    assert "Lovely" not in page  # held
    comment_approve(comment=comment)
    page = client.get(post.get_absolute_url(), HTTP_HOST="blog.example").content.decode()
    assert "Lovely" in page
    assert "Alice Example" in page
    assert f'src="{mastodon.origin}' not in page  # no third-party image: the local copy
    assert comment.author_photo.url in page


def test_the_avatar_is_fetched_once_for_many_replies(mastodon, send, article):
    reply(mastodon, send, article[1])
    reply(mastodon, send, article[1], text="And another thing.")
    fetches = [r for r in mastodon.server.requests if r.path.startswith("/system/avatars/")]
    assert len(fetches) == 1
    assert Comment.objects.count() == 2


def test_an_edit_and_a_deletion_on_mastodon_follow_the_comment(mastodon, send, article):
    note = reply(mastodon, send, article[1], text="First words.")
    edited = {**note, "content": "<p>Second thoughts.</p>", "updated": "2026-12-01T12:10:00Z"}
    assert send(mastodon.update(edited)).status_code == 202
    comment = Comment.objects.get()
    assert "Second thoughts." in comment.body_html
    assert send(mastodon.delete(note["id"])).status_code == 202
    assert not Comment.objects.exclude(status=Comment.Status.REMOVED).exists()


def test_an_update_or_delete_of_someone_elses_note_changes_nothing(mastodon, send, article):
    note = reply(mastodon, send, article[1], text="Mine.")
    other_server_note = {**note, "id": "https://elsewhere.example/statuses/1"}
    send(mastodon.update({**other_server_note, "content": "<p>Hijacked</p>"}))
    send(mastodon.delete("https://elsewhere.example/statuses/1"))
    comment = Comment.objects.get()
    assert "Mine." in comment.body_html


def test_a_followers_only_or_direct_message_never_becomes_a_comment(mastodon, send, article):
    note = mastodon.note(in_reply_to=article[1], text="Just between us.", blog_actor=BLOG_ACTOR)
    note["to"], note["cc"] = [BLOG_ACTOR], []
    assert send(mastodon.create(note)).status_code == 202
    assert not Comment.objects.exists()


def test_a_note_replying_to_nothing_of_ours_is_dropped(mastodon, send, article):
    reply(mastodon, send, "https://elsewhere.example/statuses/9")
    assert not Comment.objects.exists()


def test_a_reply_to_a_fediverse_comment_nests_under_it(mastodon, send, article):
    first = reply(mastodon, send, article[1], text="Top.")
    reply(mastodon, send, first["id"], text="Nested.")
    top, nested = Comment.objects.order_by("pk")
    assert nested.parent == top


def test_likes_and_boosts_are_counted_and_an_undo_takes_one_back(mastodon, send, article):
    post, article_id = article
    like = mastodon.like(article_id)
    send(like)
    send(mastodon.announce(article_id))
    assert sorted(Reaction.objects.filter(post=post).values_list("kind", flat=True)) == [
        "like",
        "repost",
    ]
    assert Reaction.objects.filter(origin="fediverse", author_name="Alice Example").count() == 2
    send(mastodon.undo(like))
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["repost"]


def test_a_moderators_answer_reaches_mastodon_signed_in_reply_to_the_note(
    client, mastodon, send, article, author, django_capture_on_commit_callbacks
):
    """Done when: a reply written on the stand-in appears under the post after moderation, and
    the moderator's answer reaches the stand-in's inbox, signed."""
    post, article_id = article
    note = reply(mastodon, send, article_id, text="Which roses survive frost?")
    theirs = Comment.objects.get()
    comment_approve(comment=theirs)
    assert (
        "Which roses survive frost?"
        in client.get(post.get_absolute_url(), HTTP_HOST="blog.example").content.decode()
    )
    mastodon.server.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = comment_create(
            post=post,
            submission=Submission(body="Rugosa roses, mostly."),
            user=author,
            parent=theirs,
        )
    assert answer.status == Comment.Status.APPROVED
    (delivery,) = mastodon.deliveries()
    assert delivery.path == "/users/alice/inbox"
    assert mastodon.signature_is_valid(delivery, profile().public_key_pem)
    create = mastodon.delivered_activities()[0]
    assert create["type"] == "Create"
    assert create["actor"] == BLOG_ACTOR
    sent = create["object"]
    assert sent["type"] == "Note"
    assert sent["inReplyTo"] == note["id"]
    assert "Rugosa roses, mostly." in sent["content"]
    assert sent["tag"] == [{"type": "Mention", "href": mastodon.actor_uri, "name": mastodon.handle}]
    served = client.get(
        f"/fediverse/comments/{answer.pk}",
        HTTP_ACCEPT="application/activity+json",
        HTTP_HOST="blog.example",
    )
    assert served.json()["id"] == sent["id"]
    # Mastodon answers our answer: it nests under it.
    reply(mastodon, send, sent["id"], text="Thank you!")
    assert Comment.objects.filter(parent=answer, kind=Comment.Kind.FEDIVERSE).count() == 1


def test_a_readers_reply_to_a_fediverse_comment_is_not_sent(
    mastodon, send, article, django_capture_on_commit_callbacks
):
    post, article_id = article
    reply(mastodon, send, article_id)
    theirs = Comment.objects.get()
    comment_approve(comment=theirs)
    mastodon.server.requests.clear()
    reader = UserFactory(is_staff=False)
    with django_capture_on_commit_callbacks(execute=True):
        mine = comment_create(
            post=post, submission=Submission(body="Me too."), user=reader, parent=theirs
        )
        comment_approve(comment=mine)
    assert mastodon.deliveries() == []


def page_queries(client, url: str) -> int:
    assert client.get(url, HTTP_HOST="blog.example").status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, HTTP_HOST="blog.example").status_code == 200
    return len(captured)


def test_the_post_page_costs_the_same_with_2_or_200_fediverse_mentions(client, federation, author):
    from django.utils import timezone

    from comments.services import reaction_save, remote_comment_save

    post = PostFactory(author=author)

    def add(start: int, count: int) -> None:
        for number in range(start, start + count):
            if number % 2:
                reaction_save(
                    post=post,
                    kind="like",
                    origin="fediverse",
                    remote_id=f"https://m.example/likes/{number}",
                    author_name=f"Liker {number}",
                    author_url=f"https://m.example/@l{number}",
                )
            else:
                comment = remote_comment_save(
                    post=post,
                    kind=Comment.Kind.FEDIVERSE,
                    remote_id=f"https://m.example/statuses/{number}",
                    author_name=f"Tooter {number}",
                    author_url=f"https://m.example/@t{number}",
                    author_handle=f"@t{number}@m.example",
                    body_html=f"<p>Reply {number}</p>",
                    published_at=timezone.now(),
                )
                comment_approve(comment=comment)

    add(0, 2)
    few = page_queries(client, post.get_absolute_url())
    add(2, 198)
    assert Comment.objects.count() + Reaction.objects.count() == 200
    assert page_queries(client, post.get_absolute_url()) == few
