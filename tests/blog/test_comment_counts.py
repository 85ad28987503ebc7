"""Home, archives and search results show each post's comment count, linking to its comments,
at no extra query per post (issue 19, item 5)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def main_html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode().split("<main")[1].split("</main>")[0]


@pytest.fixture
def discussed(author):
    quiet = PostFactory(author=author, title="Aleppo quiet", slug="quiet")
    busy = PostFactory(author=author, title="Aleppo busy", slug="busy")
    CommentFactory.create_batch(3, post=busy)
    CommentFactory(post=busy, status=Comment.Status.PENDING)
    CommentFactory(post=busy, status=Comment.Status.SPAM)
    CommentFactory(post=busy, kind=Comment.Kind.PINGBACK)
    one = PostFactory(author=author, title="Aleppo once", slug="once")
    CommentFactory(post=one)
    return quiet, busy, one


@pytest.mark.parametrize("url", ["/", "/search/?q=aleppo", "year"])
def test_each_listed_post_shows_its_approved_comment_count(client, discussed, url):
    quiet, busy, one = discussed
    if url == "year":
        url = f"/{busy.published_at.year}/"
    html = main_html(client, url)
    assert f'<a href="{busy.get_absolute_url()}#comments">3 comments' in html
    assert f'<a href="{one.get_absolute_url()}#comments">1 comment<' in html
    assert f'<a href="{quiet.get_absolute_url()}#comments">No comments' in html


def test_the_post_page_byline_shows_no_count(client, discussed):
    _quiet, busy, _one = discussed
    html = main_html(client, busy.get_absolute_url())
    assert "post-meta-comments" not in html


def test_the_counts_cost_no_query_per_post(client, author):
    def home_queries() -> int:
        client.get("/")
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        return len(captured)

    for _ in range(2):
        CommentFactory(post=PostFactory(author=author))
    few = home_queries()
    for _ in range(8):
        CommentFactory.create_batch(2, post=PostFactory(author=author))
    assert home_queries() == few
