"""Every query a reader's page makes is served by an index (PostgreSQL's EXPLAIN).

The tables are seeded with a few thousand rows and analysed; sequential scans are then priced
out (``enable_seqscan = off``), so a plan that still scans a whole table has no index to use.
The home page's newest posts and a post's neighbours must come out of an index in order rather
than by sorting every published post. The full-size check is
``make bench BENCH_ARGS=--scale`` on PostgreSQL.
"""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Category, Post, Tag
from comments.models import Comment
from core import cache as kept
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans: PostgreSQL only"),
    pytest.mark.django_db,
]

POSTS, COMMENTS_ON_BUSY_POST = 3000, 3000
LARGE_TABLES = {
    "blog_post",
    "blog_post_categories",
    "blog_post_tags",
    "comments_comment",
}


@pytest.fixture
def big_blog():
    author = UserFactory(username="writer", is_staff=True)
    news = Category.objects.create(name="News", slug="news")
    other = Category.objects.create(name="Other", slug="other")
    tag = Tag.objects.create(name="Tagged", slug="tagged")
    start = timezone.now() - datetime.timedelta(days=POSTS)
    posts = Post.objects.bulk_create(
        Post(
            title=f"Post {n}",
            slug=f"post-{n}",
            author=author,
            body="Words.",
            body_html="<p>Words.</p>",
            status=Post.Status.PUBLISHED if n % 10 else Post.Status.DRAFT,
            published_at=start + datetime.timedelta(days=n),
        )
        for n in range(POSTS)
    )
    Post.categories.through.objects.bulk_create(
        Post.categories.through(post=post, category=news if post.pk % 2 else other)
        for post in posts
    )
    Post.tags.through.objects.bulk_create(
        Post.tags.through(post=post, tag=tag) for post in posts[::3]
    )
    busy = posts[-2]
    Comment.objects.bulk_create(
        Comment(
            post=post,
            author_name="Reader",
            body="Hi",
            status=Comment.Status.APPROVED if n % 5 else Comment.Status.SPAM,
        )
        for n, post in enumerate([busy] * COMMENTS_ON_BUSY_POST + posts * 2)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return busy


def plan_nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def explain(sql: str, params=()) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # No parameters: None, so a literal % (a nested path's LIKE 'world/%') is not read as one.
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params or None)
        return cursor.fetchone()[0][0]["Plan"]


def reader_queries(client, url: str) -> list[str]:
    client.get(url)
    # A new generation (core.cache): the post's article is rendered again, so its queries
    # (previous and next post, related posts) are examined too, as are the sidebar's, the
    # navigation's and the scheduled-post check.
    kept.bump()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def pages(busy) -> list[str]:
    year = timezone.localtime(busy.published_at).year
    return [
        "/",
        "/?page=3",
        busy.get_absolute_url(),
        "/category/news/",
        "/tag/tagged/",
        "/author/writer/",
        f"/{year}/",
    ]


def comment_section_query(post) -> tuple[str, tuple]:
    """The comment section's one query (the comments app renders it under the post)."""
    comments = Comment.objects.approved().for_post(post).order_by("created_at", "pk")
    return comments.query.sql_with_params()


def test_reader_pages_never_scan_a_whole_large_table(client, big_blog):
    queries = [(url, sql, ()) for url in pages(big_blog) for sql in reader_queries(client, url)]
    queries.append(("comments", *comment_section_query(big_blog)))
    for url, sql, params in queries:
        plan = explain(sql, params)
        scans = [
            node["Relation Name"]
            for node in plan_nodes(plan)
            if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in LARGE_TABLES
        ]
        assert not scans, f"{url}: {sql}\n{json.dumps(plan, indent=1)}"


def test_newest_posts_on_home_and_beside_a_post_come_in_index_order(client, big_blog):
    ordered = []
    for url in ["/", big_blog.get_absolute_url()]:
        for sql in reader_queries(client, url):
            related = 'AS "shared"' in sql  # related posts: ranked by what they share, so sorted
            # The navigation's busiest categories are ranked by their count, so sorted (a few
            # top-level rows); their count reads blog_post in a subquery.
            categories = 'FROM "blog_category"' in sql
            if "LIMIT" in sql and "ORDER BY" in sql and 'FROM "blog_post"' in sql and not related:
                if categories:
                    continue
                ordered.append(sql)
    # The home page's posts, and the previous and next posts (one query, a subquery for each).
    assert len(ordered) >= 2
    assert any(sql.count("LIMIT 1") == 2 for sql in ordered)
    for sql in ordered:
        plan = explain(sql)
        sorts = [node for node in plan_nodes(plan) if node["Node Type"] in {"Sort"}]
        assert not sorts, f"sorted instead of read in order: {sql}\n{json.dumps(plan, indent=1)}"
