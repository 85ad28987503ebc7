import pytest

from comments.models import Comment
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_the_site_wide_feed_lists_the_latest_approved_comments(client, post):
    CommentFactory(post=post, body="Visible one", author_name="Ada")
    CommentFactory(post=post, body="Held one", status=Comment.Status.PENDING)
    CommentFactory(post=PostFactory(status="draft"), body="On a draft")
    response = client.get("/comments/feed/")
    xml = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "Visible one" in xml and "Comment on A Published Post by Ada" in xml
    assert "Held one" not in xml and "On a draft" not in xml


def test_the_per_post_feed_is_titled_comments_on(client, post):
    CommentFactory(post=post, body="About this post", author_name="Ada")
    CommentFactory(body="About another post")
    xml = client.get(f"/comments/feed/{post.pk}/").content.decode()
    assert "<title>Comments on: A Published Post</title>" in xml
    assert "About this post" in xml and "About another post" not in xml
    assert "<title>By: Ada</title>" in xml


def test_feeds_escape_hostile_text_and_cost_a_fixed_number_of_queries(
    client, post, django_assert_max_num_queries
):
    CommentFactory(post=post, author_name="<script>x</script>", body="<script>y</script>")
    with django_assert_max_num_queries(3):
        xml = client.get(f"/comments/feed/{post.pk}/").content.decode()
    assert "<script>" not in xml
    CommentFactory.create_batch(20, post=post)
    with django_assert_max_num_queries(3):
        client.get("/comments/feed/")


def test_a_feed_for_an_unknown_post_is_404(client):
    assert client.get("/comments/feed/999999/").status_code == 404
