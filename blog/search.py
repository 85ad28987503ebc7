"""Finding posts by the words in them.

PostgreSQL: full-text search over the title (weight A) and the body (weight B), using the text
vector PostgreSQL stores for each post and its GIN index (migration 0006), with the matching words
highlighted by ``ts_headline``. The posts whose title matches come first (best title match
first), then the newest, as WordPress orders its results. Ranking on the body too would mean
reading every matching post's vector for each search: with a word found in 10,000 posts,
seconds, against milliseconds for the titles. Elsewhere (SQLite in development): every word must
appear in the title or the body, title matches first, then the newest.
"""

import re
from dataclasses import dataclass, field
from html import unescape

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, Expression, F, Func, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from blog.conf import app_settings
from blog.markup import html_to_text
from blog.models import Post

# The text search configuration; the stored vector (migration 0006) is built with the same one.
SEARCH_CONFIG = "english"
# At most this many words are looked for (the rest of a long query is ignored).
MAX_WORDS = 12
WORD_RE = re.compile(r"[^\W_]+")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
# Highlight marks PostgreSQL puts around matches; they cannot occur in a post (control characters).
START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 40


@dataclass
class SearchTerms:
    """A reader's query, cleaned: what was asked, what will be searched, what to tell them."""

    text: str = ""
    words: list[str] = field(default_factory=list)
    truncated: bool = False

    @classmethod
    def parse(cls, raw: str) -> "SearchTerms":
        text = " ".join(CONTROL_RE.sub(" ", raw or "").split())
        limit = app_settings.BLOG_SEARCH_MAX_LENGTH
        truncated = len(text) > limit
        text = text[:limit].strip()
        return cls(text=text, words=WORD_RE.findall(text)[:MAX_WORDS], truncated=truncated)


class StoredSearchVector(Expression):
    """``blog_post.search_vector``: title (weight A) and body (weight B), a generated column that
    PostgreSQL keeps up to date, with a GIN index (migration 0006). Not a model field, so no other
    query reads it and SQLite, which has no such column, never meets it."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.query.get_initial_alias()
        return f"{compiler.quote_name(table)}.search_vector", []


def search_posts(terms: SearchTerms) -> QuerySet:
    """Published posts matching ``terms``, best first; each has a ``headline`` or is ready for
    :func:`snippet`."""
    posts = Post.objects.published().unprotected().for_listing()
    if not terms.words:
        return posts.none()
    if connection.vendor == "postgresql":
        return _full_text(posts, terms)
    return _contains(posts, terms)


def _full_text(posts: QuerySet, terms: SearchTerms) -> QuerySet:
    query = SearchQuery(terms.text, search_type="websearch", config=SEARCH_CONFIG)
    # The headline is drawn from the rendered body without its tags, so no Markdown shows.
    plain_body = Func(
        F("body_html"), Value("<[^>]+>"), Value(" "), Value("g"), function="regexp_replace"
    )
    return (
        posts.annotate(search=StoredSearchVector())
        .filter(search=query)
        .annotate(
            rank=SearchRank(SearchVector("title", config=SEARCH_CONFIG), query),
            headline=SearchHeadline(
                plain_body,
                query,
                config=SEARCH_CONFIG,
                start_sel=START,
                stop_sel=STOP,
                max_words=SNIPPET_WORDS,
                min_words=20,
                short_word=2,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def _contains(posts: QuerySet, terms: SearchTerms) -> QuerySet:
    matches = Q()
    in_title = Q()
    for word in terms.words:
        matches &= Q(title__icontains=word) | Q(body__icontains=word)
        in_title &= Q(title__icontains=word)
    return (
        posts.filter(matches)
        .annotate(
            rank=Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def snippet(post: Post, terms: SearchTerms) -> SafeString:
    """A few escaped words of ``post`` around what was found, the matches in ``<mark>``."""
    headline = getattr(post, "headline", None)
    if headline is None:
        headline = _highlight(html_to_text(post.body_html), terms.words)
    else:
        # ts_headline worked on HTML without its tags: entities are still there.
        headline = unescape(headline)
    text = escape(" ".join(headline.split()))
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _highlight(text: str, words: list[str]) -> str:
    """The stretch of ``text`` around the first match, every match wrapped in START/STOP."""
    if not words:
        return ""
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    tokens = text.split(" ")
    first = next((i for i, token in enumerate(tokens) if pattern.search(token)), 0)
    begin = max(0, first - SNIPPET_WORDS // 3)
    chosen = tokens[begin : begin + SNIPPET_WORDS]
    excerpt = " ".join(chosen)
    excerpt = pattern.sub(lambda m: f"{START}{m.group()}{STOP}", excerpt)
    prefix = "… " if begin > 0 else ""
    suffix = " …" if begin + SNIPPET_WORDS < len(tokens) else ""
    return f"{prefix}{excerpt}{suffix}"
