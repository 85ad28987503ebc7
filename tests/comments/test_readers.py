"""A reader leaving: accounts asks (accounts.signals), comments answers with its own services,
so the post page a reader sees changes at once, like after any other change to a comment."""

import pytest

from accounts import services as account_services
from accounts.signals import reader_data, reader_holdings
from comments import services
from comments.models import Comment
from tests.factories import CommentFactory, ReaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(db):
    return ReaderFactory(display_name="Ada Lovelace", email="ada@example.org")


def mine(post, user, **fields) -> Comment:
    return CommentFactory(post=post, user=user, author_name="", author_email="", **fields)


def test_a_kept_comment_reads_deleted_user_on_the_post_page_at_once(client, post, ada):
    mine(post, ada, body="Still worth reading")
    assert "Ada Lovelace" in client.get(post.get_absolute_url()).content.decode()  # cached now

    account_services.user_delete(user=ada, keep_comments=True)

    html = client.get(post.get_absolute_url()).content.decode()
    assert "Still worth reading" in html
    assert "Ada Lovelace" not in html and "Deleted user" in html


def test_removed_comments_leave_the_post_page_and_the_replies_to_them_stay(client, post, ada):
    other = CommentFactory(post=post, body="Someone else starts", author_name="Grace")
    reply = mine(post, ada, parent=other, body="My reply")
    answer = CommentFactory(post=post, parent=reply, body="An answer to Ada", author_name="Bo")
    client.get(post.get_absolute_url())

    account_services.user_delete(user=ada, keep_comments=False)

    html = client.get(post.get_absolute_url()).content.decode()
    assert "My reply" not in html
    assert "Someone else starts" in html and "An answer to Ada" in html
    answer.refresh_from_db()
    assert answer.parent_id == other.pk


def test_removing_keeps_every_reply_written_by_others_at_any_depth(post, ada):
    top = mine(post, ada, body="Ada 1")
    middle = mine(post, ada, parent=top, body="Ada 2")
    replies = [CommentFactory(post=post, parent=parent) for parent in (top, middle, middle)]

    assert services.reader_comments_remove(user=ada) == 2

    assert set(Comment.objects.values_list("pk", "parent_id")) == {
        (reply.pk, None) for reply in replies
    }


def test_the_reader_s_data_and_holdings_come_from_comments(post, ada):
    mine(post, ada, body="Mine")
    CommentFactory(post=post, body="Not mine")

    assert [comment["body"] for comment in reader_data(user=ada)["comments"]] == ["Mine"]
    [holding] = reader_holdings(user=ada)
    assert (holding.counted, holding.count, holding.url) == ("1 comment", 1, "/account/comments/")
