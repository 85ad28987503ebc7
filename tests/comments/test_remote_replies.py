"""Replies, likes and reposts written elsewhere (webmentions, the Fediverse), through comments'
services: moderated like a reader's comment, sanitized, shown in the thread and under
"Mentions elsewhere" with local pictures only."""

import datetime
import re

import pytest
from django.utils import timezone

from comments import services, signals
from comments.models import Comment, DiscussionSettings, Reaction
from tests.factories import PostFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

SOURCE = "https://alice.example/2026/12/a-reply"
NOTE = "https://mastodon.example/users/alice/statuses/1101"


def save_reply(post, **changes) -> Comment:
    values = {
        "post": post,
        "kind": Comment.Kind.WEBMENTION,
        "remote_id": SOURCE,
        "author_name": "Alice Example",
        "author_url": "https://alice.example/",
        "body_html": "<p>I disagree about <em>Aleppo</em>.</p>",
        "published_at": timezone.now() - datetime.timedelta(hours=2),
    }
    values.update(changes)
    return services.remote_comment_save(**values)


def trust_remote_replies() -> None:
    DiscussionSettings.objects.create(trust_remote_replies=True)


@pytest.fixture
def heard(django_capture_on_commit_callbacks):
    """What comments told the apps above: (signal name, comment) in order."""
    news = []

    def listener(name):
        def receive(sender, comment, **kwargs):
            news.append((name, comment.pk))

        return receive

    receivers = {name: listener(name) for name in ("held", "published")}
    signals.comment_held.connect(receivers["held"])
    signals.comment_published.connect(receivers["published"])
    yield news
    signals.comment_held.disconnect(receivers["held"])
    signals.comment_published.disconnect(receivers["published"])


def test_a_reply_from_elsewhere_is_held_for_moderation_and_moderators_hear(
    post, heard, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reply = save_reply(post)
    assert reply.status == Comment.Status.PENDING
    assert reply.kind == Comment.Kind.WEBMENTION
    assert reply.moderation_rule == "from-elsewhere"
    assert reply.body_format == Comment.BodyFormat.HTML
    assert heard == [("held", reply.pk)]


def test_the_discussion_setting_trusts_replies_from_elsewhere_and_followers_hear(
    post, heard, django_capture_on_commit_callbacks
):
    trust_remote_replies()
    with django_capture_on_commit_callbacks(execute=True):
        reply = save_reply(post)
    assert reply.status == Comment.Status.APPROVED
    assert heard == [("published", reply.pk)]


def test_a_trusted_reply_with_a_blocked_word_is_spam_and_a_held_word_holds_it(post):
    DiscussionSettings.objects.create(
        trust_remote_replies=True, blocked_words="casino", hold_words="aleppo"
    )
    assert save_reply(post, body_html="<p>Best casino</p>").status == Comment.Status.SPAM
    held = save_reply(post, remote_id=NOTE, kind=Comment.Kind.FEDIVERSE)
    assert held.status == Comment.Status.PENDING


def test_a_reply_linking_to_what_it_answers_is_not_held_for_its_links(post):
    trust_remote_replies()
    body = '<p>On <a href="https://blog.example/a">this</a> and <a href="https://x.example/">that</a></p>'
    assert save_reply(post, body_html=body).status == Comment.Status.APPROVED


def test_the_body_is_sanitized_as_comments_html_is(post):
    reply = save_reply(
        post,
        body_html='<p onclick="x()">Hi <script>alert(1)</script><img src="https://t.example/p.gif">'
        '<a href="javascript:alert(1)">a</a> <a href="https://ok.example/">b</a></p>',
    )
    html = reply.body_html
    assert "<script" not in html and "onclick" not in html and "<img" not in html
    assert "javascript:" not in html
    assert '<a href="https://ok.example/" rel="nofollow ugc noopener">b</a>' in html


def test_an_edit_at_the_source_updates_the_same_comment(post):
    trust_remote_replies()
    first = save_reply(post)
    again = save_reply(post, body_html="<p>On second thought, I agree.</p>", author_name="Alice E.")
    assert again.pk == first.pk
    assert Comment.objects.count() == 1
    again.refresh_from_db()
    assert "second thought" in again.body_html
    assert again.author_name == "Alice E."
    assert again.edited_at is not None
    assert again.status == Comment.Status.APPROVED


def test_an_approved_reply_edited_into_a_held_word_goes_back_to_the_queue(post):
    trust_remote_replies()
    reply = save_reply(post)
    DiscussionSettings.objects.update(hold_words="viagra")
    again = save_reply(post, body_html="<p>viagra</p>", discussion=DiscussionSettings.load())
    assert again.pk == reply.pk and again.status == Comment.Status.PENDING


def test_a_moderator_approved_reply_stays_published_when_edited_at_the_source(post):
    reply = save_reply(post)
    services.comment_approve(comment=reply)
    again = save_reply(post, body_html="<p>typo fixed</p>")
    assert again.status == Comment.Status.APPROVED


def test_the_same_source_replying_to_two_posts_makes_two_comments(post, author):
    other = PostFactory(author=author)
    assert save_reply(post).pk != save_reply(other).pk
    assert Comment.objects.filter(remote_id=SOURCE).count() == 2


def test_a_removed_reply_loses_its_text_and_picture_and_leaves_the_thread(client, post):
    trust_remote_replies()
    save_reply(post, author_photo=jpeg_bytes(120, 80))
    assert "I disagree" in client.get(post.get_absolute_url()).content.decode()
    assert services.remote_comment_remove(remote_id=SOURCE) == 1
    reply = Comment.objects.get()
    assert reply.status == Comment.Status.REMOVED
    assert reply.body == "" and not reply.author_photo
    assert "I disagree" not in client.get(post.get_absolute_url()).content.decode()
    assert services.remote_comment_remove(remote_id="https://nobody.example/") == 0


def test_a_reply_removed_for_one_post_stays_on_another_the_source_still_links(post, author):
    other = PostFactory(author=author)
    save_reply(post), save_reply(other)
    assert services.remote_comment_remove(remote_id=SOURCE, post=post) == 1
    assert Comment.objects.get(post=other).status == Comment.Status.PENDING


def test_a_reply_that_comes_back_at_its_source_is_judged_again(post):
    trust_remote_replies()
    save_reply(post)
    services.remote_comment_remove(remote_id=SOURCE)
    back = save_reply(post, body_html="<p>Restored</p>")
    assert back.status == Comment.Status.APPROVED and "Restored" in back.body_html


def test_a_reply_a_moderator_removed_stays_removed_when_edited_at_the_source(post):
    reply = save_reply(post)
    services.comment_remove(comment=reply)
    assert save_reply(post, body_html="<p>again</p>").status == Comment.Status.REMOVED


def test_the_author_photo_is_kept_locally_and_bad_bytes_mean_no_photo(post):
    reply = save_reply(post, author_photo=jpeg_bytes(300, 200))
    assert reply.author_photo.name.startswith("avatars/remote/")
    assert reply.author_photo.name.endswith(".jpg")
    other = save_reply(post, remote_id=NOTE, author_photo=b"<html>not a picture</html>")
    assert not other.author_photo


def test_a_reply_in_the_thread_shows_name_handle_local_photo_and_where_it_was_written(client, post):
    trust_remote_replies()
    save_reply(
        post,
        kind=Comment.Kind.FEDIVERSE,
        remote_id=NOTE,
        author_handle="@alice@mastodon.example",
        author_url="https://mastodon.example/@alice",
        author_photo=jpeg_bytes(),
    )
    save_reply(post, author_name="Bob", author_url="https://bob.example/")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Alice Example" in html and "@alice@mastodon.example" in html
    assert f'via <a href="{NOTE}" rel="external nofollow ugc noopener">mastodon.example</a>' in html
    assert f'via <a href="{SOURCE}" rel="external nofollow ugc noopener">their site</a>' in html
    assert '<img class="avatar" src="/media/avatars/remote/' in html
    assert "mastodon.example/avatars" not in html  # never a third-party picture
    assert "2 thoughts on" in html


def test_a_reply_from_elsewhere_is_a_conversation_comment_not_a_ping(post):
    trust_remote_replies()
    save_reply(post)
    assert Comment.objects.conversation().count() == 1
    assert Comment.objects.pings().count() == 0
    assert Comment.objects.from_elsewhere().count() == 1


def test_a_javascript_author_url_is_not_kept(post):
    reply = save_reply(post, author_url="javascript:alert(1)")
    assert reply.author_url == "" and reply.website == ""


def test_a_reader_comment_kind_is_refused_by_the_remote_service(post):
    with pytest.raises(ValueError):
        save_reply(post, kind=Comment.Kind.COMMENT)


def test_a_reply_to_a_comment_of_another_post_becomes_top_level(post, author):
    other = PostFactory(author=author)
    elsewhere = save_reply(other)
    assert save_reply(post, parent=elsewhere).parent is None


# --- Reactions -----------------------------------------------------------------------------------
def like(post, number: int, **changes) -> Reaction:
    values = {
        "post": post,
        "kind": Reaction.Kind.LIKE,
        "origin": Reaction.Origin.WEBMENTION,
        "remote_id": f"https://fan{number}.example/likes/1",
        "author_name": f"Fan {number}",
        "author_url": f"https://fan{number}.example/",
    }
    values.update(changes)
    return services.reaction_save(**values)


def test_likes_and_reposts_show_as_counts_and_faces_under_mentions_elsewhere(client, post):
    like(post, 1, author_photo=jpeg_bytes())
    like(post, 2)
    like(post, 3, kind=Reaction.Kind.REPOST, origin=Reaction.Origin.FEDIVERSE)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Mentions elsewhere" in html
    assert "<strong>2</strong> likes" in html
    assert "<strong>1</strong> repost" in html
    assert 'href="https://fan2.example/"' in html and 'alt="Fan 2"' in html
    assert '<img class="avatar" src="/media/avatars/remote/' in html


def test_the_same_like_again_is_counted_once_and_removing_it_uncounts_it(client, post):
    like(post, 1)
    like(post, 1, author_name="Fan One")
    assert Reaction.objects.get().author_name == "Fan One"
    assert "<strong>1</strong> like" in client.get(post.get_absolute_url()).content.decode()
    assert services.reaction_remove(remote_id="https://fan1.example/likes/1") == 1
    assert "Mentions elsewhere" not in client.get(post.get_absolute_url()).content.decode()


def test_a_like_removed_from_one_post_stays_on_another(post, author):
    other = PostFactory(author=author)
    like(post, 1), like(other, 1)
    assert services.reaction_remove(remote_id="https://fan1.example/likes/1", post=post) == 1
    assert Reaction.objects.get().post == other


def test_a_reaction_shows_on_a_kept_page_at_once(client, post, page_cache):
    client.get(post.get_absolute_url())
    like(post, 1)
    assert "<strong>1</strong> like" in client.get(post.get_absolute_url()).content.decode()


def test_many_likes_show_a_bounded_number_of_faces(client, post):
    Reaction.objects.bulk_create(
        Reaction(post=post, kind="like", origin="fediverse", remote_id=f"https://m.example/{n}")
        for n in range(60)
    )
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<strong>60</strong> likes" in html
    assert html.count('class="reaction"') == 48
    assert "and more" in html


def test_a_plain_mention_is_listed_with_the_pingbacks_linking_to_the_page(client, post):
    services.reaction_save(
        post=post,
        kind=Reaction.Kind.MENTION,
        origin=Reaction.Origin.WEBMENTION,
        remote_id="https://carol.example/notes/aleppo",
        author_name="Carol",
        author_url="https://carol.example/",
    )
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Mentions elsewhere" in html
    assert (
        '<a href="https://carol.example/notes/aleppo" rel="nofollow ugc external">Carol</a>' in html
    )
    assert "Mention," in html
    assert not re.search(r"\d+ (likes?|reposts?)\b", html)  # no counts of reactions
