"""Query budgets that do not grow with the site: feeds, search and the post page for every kind
of reader cost the same number of queries with a handful of rows as with hundreds (issue 11)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from tests.comments.test_section import add_comments
from tests.factories import CategoryFactory, ImageFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    """Queries of a second visit (the first warms the navigation and settings caches)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_posts(count: int, *, category, tag, author) -> list:
    posts = []
    for number in range(count):
        post = PostFactory(
            author=author,
            title=f"Aleppo report {number}",
            categories=[category, CategoryFactory()],
            tags=[tag, TagFactory()],
            featured_image=ImageFactory() if number % 3 == 0 else None,
        )
        add_comments(post, 3)
        posts.append(post)
    return posts


SITE_FEEDS = [
    "/feed/",
    "/feed/atom/",
    "/category/syria/feed/",
    "/category/syria/feed/atom/",
    "/tag/russia/feed/",
    "/tag/russia/feed/atom/",
    "/comments/feed/",
]


def test_site_category_tag_and_comment_feeds_cost_the_same_for_2_or_40_posts(client, author):
    syria, russia = CategoryFactory(slug="syria"), TagFactory(slug="russia")
    add_posts(2, category=syria, tag=russia, author=author)
    few = {url: queries(client, url) for url in SITE_FEEDS}
    add_posts(38, category=syria, tag=russia, author=author)
    many = {url: queries(client, url) for url in SITE_FEEDS}
    assert few == many
    assert max(many.values()) <= 4, many


def test_a_post_s_comment_feed_costs_the_same_for_2_or_400_comments(client, post):
    add_comments(post, 2)
    few = queries(client, f"/comments/feed/{post.pk}/")
    add_comments(post, 398)
    assert Comment.objects.filter(post=post).count() == 400
    assert queries(client, f"/comments/feed/{post.pk}/") == few <= 3


@pytest.mark.parametrize("page", ["", "&page=2"])
def test_search_costs_the_same_for_12_or_60_matching_posts(client, author, settings, page):
    """On SQLite the LIKE search, on PostgreSQL the full-text one (the suite runs on both)."""
    settings.BLOG_SEARCH_PER_PAGE = 10
    syria, russia = CategoryFactory(slug="syria"), TagFactory(slug="russia")
    add_posts(12, category=syria, tag=russia, author=author)
    few = queries(client, f"/search/?q=aleppo{page}")
    add_posts(48, category=syria, tag=russia, author=author)
    assert queries(client, f"/search/?q=aleppo{page}") == few <= 4


@pytest.mark.parametrize("who", ["reader", "moderator"])
def test_the_post_page_of_a_signed_in_reader_or_moderator_stays_within_8_queries_whatever_the_comments(  # noqa: E501
    client, author, request, who
):
    client.force_login(request.getfixturevalue(who))
    counts = []
    for number in (0, 2, 200, 2000):
        post = PostFactory(author=author)
        add_comments(post, number)
        counts.append(queries(client, post.get_absolute_url()))
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 8, counts


@pytest.mark.parametrize("count", [2, 40])
def test_a_rendered_home_page_costs_no_query_once_kept_whatever_the_posts(
    client, author, settings, count
):
    """Page cache off: the list of posts and their number are kept in the cache's generation
    (core.cache; blog.views.KeptCountPaginator), so nothing is asked for."""
    settings.PAGE_CACHE = False
    add_posts(count, category=CategoryFactory(), tag=TagFactory(), author=author)
    assert queries(client, "/") == 0


def test_a_rendered_post_page_costs_an_anonymous_reader_no_query_and_a_signed_in_one_two(
    client, author, reader, settings
):
    settings.PAGE_CACHE = False
    post = PostFactory(author=author, categories=[CategoryFactory()], tags=[TagFactory()])
    add_comments(post, 20)
    assert queries(client, post.get_absolute_url()) == 0
    client.force_login(reader)  # the reader, "a comment of theirs here?" (the session: cached)
    assert queries(client, post.get_absolute_url()) == 2


@pytest.mark.parametrize("who", ["anonymous", "moderator"])
def test_the_post_page_costs_the_same_with_200_mentions_from_elsewhere(
    client, author, request, who
):
    """200 likes and reposts and 200 replies from elsewhere cost what none do (issue 20)."""
    from comments.models import Reaction

    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    counts = []
    for number in (0, 200):
        post = PostFactory(author=author)
        Reaction.objects.bulk_create(
            Reaction(post=post, kind=("like", "repost")[n % 2], origin="webmention",
                     remote_id=f"https://fan{n}.example/", author_name=f"Fan {n}",
                     author_url=f"https://fan{n}.example/")
            for n in range(number)
        )  # fmt: skip
        Comment.objects.bulk_create(
            Comment(post=post, kind="webmention", remote_id=f"https://blog{n}.example/reply",
                    author_name=f"Blogger {n}", body=f"<p>reply {n}</p>", body_format="html",
                    body_html=f"<p>reply {n}</p>", status=Comment.Status.APPROVED)
            for n in range(number)
        )  # fmt: skip
        counts.append(queries(client, post.get_absolute_url()))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 8, counts


# --- Every order, folded branches, 0 / 2 / 200 / 2,000 comments (issue 19 item 4) ---------------
ORDERS = ["", "?corder=oldest", "?corder=newest", "?corder=best", "?corder=unknown"]


def add_deep_comments(post, count: int) -> None:
    """``count`` comments in branches as a lively thread has them: a fifth top-level, each with
    replies (some with more than the three shown), replies to replies four levels down, and likes
    spread over them (the Best order sorts by them)."""
    top_level = count // 5 if count >= 5 else min(count, 1)
    roots = Comment.objects.bulk_create(
        Comment(post=post, author_name="R", author_email=f"r{n}@example.org", body=f"c {n}",
                body_html=f"<p>c {n}</p>", status=Comment.Status.APPROVED, like_count=n % 7)
        for n in range(top_level)
    )  # fmt: skip
    parents, made = list(roots), len(roots)
    while made < count:
        level = Comment.objects.bulk_create(
            Comment(post=post, parent=parents[n % len(parents)], author_name="S", body=f"r {n}",
                    body_html=f"<p>r {n}</p>", status=Comment.Status.APPROVED, like_count=n % 3)
            for n in range(min(count - made, 2 * len(parents)))
        )  # fmt: skip
        made += len(level)
        parents = level


@pytest.mark.parametrize("order", ORDERS)
@pytest.mark.parametrize("who", ["anonymous", "reader", "moderator"])
def test_the_post_page_costs_the_same_in_every_order_for_0_2_200_and_2000_comments(
    client, author, request, who, order
):
    """The first visit (the thread drawn, not kept yet) and the second (kept, where the reader's
    thread may be shared) cost the same whatever the order, the folds and the number of comments."""
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    firsts, seconds = [], []
    for number in (0, 2, 200, 2000):
        post = PostFactory(author=author)
        add_deep_comments(post, number)
        url = post.get_absolute_url() + order
        with CaptureQueriesContext(connection) as first:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as second:
            assert client.get(url).status_code == 200
        firsts.append(len(first))
        seconds.append(len(second))
    assert len(set(firsts)) == 1 and len(set(seconds)) == 1, (firsts, seconds)
    # First visits also fill the navigation, settings, article and sidebar caches.
    budget = {"anonymous": (16, 0), "reader": (19, 3), "moderator": (21, 8)}[who]
    assert firsts[0] <= budget[0] and seconds[0] <= budget[1], (firsts, seconds)
