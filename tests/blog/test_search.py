import datetime

import pytest
from django.db import connection
from django.utils import timezone

from blog.models import Post
from blog.search import SearchTerms, search_posts
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search is PostgreSQL's"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the fallback is SQLite's")


def results(client, query: str, **params) -> tuple[list[str], str]:
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return [post.title for post in response.context["posts"]], response.content.decode()


def test_search_finds_words_in_titles_and_bodies_of_published_posts_only(client):
    PostFactory(title="Aleppo offensive", body="Nothing else.")
    PostFactory(title="Another story", body="The road from Aleppo to the coast.")
    PostFactory(title="Unrelated", body="Football scores.")
    PostFactory(title="Aleppo draft", status=Post.Status.DRAFT)
    PostFactory(title="Aleppo later", published_at=timezone.now() + datetime.timedelta(days=1))

    titles, html = results(client, "aleppo")

    assert sorted(titles) == ["Aleppo offensive", "Another story"]
    assert "2 posts found." in html


def test_a_match_in_the_title_ranks_above_a_match_in_the_body(client):
    PostFactory(
        title="Notes from the coast",
        body="Refugees, refugees and more refugees crossed.",
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )
    PostFactory(
        title="Refugees",
        body="A short piece.",
        published_at=timezone.now() - datetime.timedelta(days=30),
    )
    titles, _ = results(client, "refugees")
    assert titles == ["Refugees", "Notes from the coast"]


def test_every_word_of_the_query_must_be_found(client):
    PostFactory(title="Russia and Iran", body="Both sent troops.")
    PostFactory(title="Russia alone", body="Planes only.")
    titles, _ = results(client, "russia iran")
    assert titles == ["Russia and Iran"]


def test_snippets_highlight_matches_and_escape_everything_else(client):
    PostFactory(title="Cartoons", body="Tom & Jerry chase through Aleppo, 5 < 6 and <b>bold</b>.")
    _, html = results(client, "aleppo")
    snippet = html.split('<p class="search-snippet">')[1].split("</p>")[0]
    assert "<mark>Aleppo</mark>" in snippet
    assert "Tom &amp; Jerry" in snippet
    assert "5 &lt; 6" in snippet
    assert "<b>" not in snippet
    assert snippet.count("<") == snippet.count("<mark>") + snippet.count("</mark>")


def test_query_is_escaped_where_it_is_shown_back(client):
    _, html = results(client, '<script>alert("x")</script>')
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_empty_search_asks_for_words(client, post):
    for query in ["", "   "]:
        titles, html = results(client, query)
        assert titles == []
        assert "Type a word or two to search the posts." in html
    assert client.get("/search/").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["!!!", "???", "&|!", "(((", '"', "-", "'", "*", ":*", "\\", "%", "_", "\u200b"],
)
def test_odd_queries_get_a_message_not_an_error(client, post, query):
    titles, html = results(client, query)
    assert titles == []
    assert "Nothing to search for in" in html or "Type a word or two" in html


@pytest.mark.parametrize(
    "query",
    [
        '"unclosed quote',
        "or or or",
        "a & b | !c",
        "post:* <-> x",
        "-published",
        "'; DROP TABLE blog_post; --",
        "مرحبا",
        "100%",
    ],
)
def test_queries_with_operators_or_symbols_never_fail(client, post, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert Post.objects.filter(pk=post.pk).exists()


@pytest.mark.parametrize("query", ["\x00", "aleppo\x00offensive"])
def test_a_nul_byte_in_the_query_gets_a_400_with_a_message(client, post, query):
    # PostgreSQL refuses NUL in text; the hostile-input middleware answers before the view.
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    assert Post.objects.filter(pk=post.pk).exists()


def test_a_very_long_query_is_shortened_with_a_message(client, settings):
    settings.BLOG_SEARCH_MAX_LENGTH = 50
    PostFactory(title="Aleppo offensive")
    _, html = results(client, "aleppo " + "x" * 5000)
    assert "only its first 50 characters were used" in html
    assert client.get("/search/", {"q": "aleppo" * 10_000}).status_code == 200
    assert SearchTerms.parse("word " * 500).text == ("word " * 10).strip()


def test_no_match_says_so(client, post):
    titles, html = results(client, "zanzibar")
    assert titles == []
    assert "No posts matched “zanzibar”." in html


def test_results_are_paginated_and_pages_keep_the_query(client, settings):
    settings.BLOG_SEARCH_PER_PAGE = 5
    PostFactory.create_batch(12, title="Aleppo report")

    titles, html = results(client, "aleppo")
    assert len(titles) == 5
    assert 'href="?q=aleppo&amp;page=2"' in html
    assert len(results(client, "aleppo", page=3)[0]) == 2
    assert client.get("/search/", {"q": "aleppo", "page": 9}).status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_search_stays_within_a_fixed_query_budget(client, django_assert_max_num_queries, count):
    PostFactory.create_batch(count, title="Aleppo report")
    client.get("/search/?q=aleppo")
    with django_assert_max_num_queries(4):
        assert client.get("/search/?q=aleppo").status_code == 200


def test_search_page_is_not_indexed_by_search_engines(client, db):
    assert '<meta name="robots" content="noindex, follow">' in results(client, "x")[1]


@on_sqlite
def test_the_sqlite_fallback_matches_parts_of_words_in_any_case(client):
    PostFactory(title="Offensives", body="Nothing.")
    PostFactory(title="Other", body="The ALEPPOAN plain.")
    assert sorted(results(client, "ALEPPO")[0]) == ["Other"]
    assert results(client, "ffens")[0] == ["Offensives"]


@on_postgresql
def test_postgresql_search_understands_word_forms_and_phrases(client):
    PostFactory(title="The offensive began", body="Troops moved north.")
    PostFactory(title="Moving on", body="The north began to offend nobody.")
    assert results(client, "offensives")[0] == ["The offensive began"]
    assert results(client, '"troops moved"')[0] == ["The offensive began"]
    assert results(client, "began -offensive")[0] == ["Moving on"]


@on_postgresql
def test_postgresql_ranks_title_matches_first_then_the_newest(client):
    now = timezone.now()
    PostFactory(title="Aleppo", body="Short.", published_at=now - datetime.timedelta(days=9))
    PostFactory(title="Diary", body="Aleppo. " * 20, published_at=now - datetime.timedelta(days=3))
    PostFactory(title="Notes", body="Aleppo once.", published_at=now - datetime.timedelta(days=1))
    ranked = list(search_posts(SearchTerms.parse("aleppo")))
    assert [post.title for post in ranked] == ["Aleppo", "Notes", "Diary"]
    assert ranked[0].rank > ranked[1].rank == ranked[2].rank


@on_postgresql
def test_postgresql_search_uses_the_gin_index(db, author):
    when = timezone.now() - datetime.timedelta(days=1)
    Post.objects.bulk_create(
        Post(
            title=f"Filler {n}",
            slug=f"filler-{n}",
            body="Ordinary words about nothing much." if n % 500 else "Aleppo",
            author=author,
            status=Post.Status.PUBLISHED,
            published_at=when,
        )
        for n in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE blog_post")
        # New rows wait in the GIN index's pending list until (auto)vacuum merges them, and the
        # planner prices that list high: merge it, as autovacuum would after a bulk insert.
        cursor.execute("SELECT gin_clean_pending_list('post_search_vector_idx'::regclass)")
        # A table this small is read whole at little cost; price that out, as test_indexes does,
        # so the plan shows whether the stored vector's index can serve the search at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = search_posts(SearchTerms.parse("aleppo")).explain()
    assert "post_search_vector_idx" in plan
    assert "to_tsvector('english'::regconfig, COALESCE(body" not in plan  # nothing recomputed
