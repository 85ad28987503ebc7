"""Comments as they were (issue 16, item 9): the HTML WordPress allows in comments is kept and
sanitized, never read as Markdown; author names as long as WordPress's."""

from pathlib import Path

import pytest

from comments.models import Comment
from tests.wordpress.test_wxr_import import run_import

SAMPLE = Path(__file__).parent / "wxr_samples" / "comment_html.xml"


@pytest.fixture
def thread(db, client):
    run_import(path=SAMPLE)
    return client.get("/2023/11/04/curlews-at-dusk/").text


def test_quotes_and_citations_are_kept_as_wordpress_showed_them(thread):
    assert (
        '<blockquote cite="https://example.org/book">The tide waits for no one.</blockquote>'
        in (thread)
    )
    assert "As <cite>The Estuary Book</cite> says — and <q>rightly</q>." in thread


def test_every_inline_tag_wordpress_allows_is_kept(thread):
    for html in (
        "<strong>Bold</strong>",
        "<b>b</b>",
        "<em>em</em>",
        "<i>i</i>",
        '<del datetime="2023-11-05">gone</del>',
        "<s>s</s>",
        "<strike>strike</strike>",
        '<abbr title="Royal Society for the Protection of Birds">RSPB</abbr>',
        "<code>count += 1</code>",
    ):
        assert html in thread, html


def test_an_indented_line_is_text_in_a_paragraph_not_a_code_block(thread):
    comment = Comment.objects.get(author_name="Formatter")
    assert "<pre>" not in comment.body_html
    assert "<p>An indented line, not code.<br>\nA second line.</p>" in comment.body_html


def test_scripts_pictures_and_javascript_links_are_removed(thread):
    comment = Comment.objects.get(author_name="Linker")
    assert (
        '<a href="https://birds.example.net/curlew" title="Curlews" rel="nofollow ugc noopener">'
        "this page</a>" in comment.body_html
    )
    assert "javascript:" not in comment.body_html
    assert "<script" not in comment.body_html and "alert" not in comment.body_html
    assert "<img" not in comment.body_html and "tracker.example.com" not in thread


def test_an_author_name_as_long_as_wordpress_allows_is_kept_whole(thread):
    comment = Comment.objects.get(body="A long name, as WordPress allows.")
    assert len(comment.author_name) == 245
    assert comment.author_name.endswith("Papadimitriou, Dr. Maria-Magdalena Konstantinopo")
    assert comment.author_name in thread


def test_imported_comments_keep_the_text_of_the_file(db):
    run_import(path=SAMPLE)
    quoting = Comment.objects.get(author_name="Quoting reader")
    assert quoting.body_format == Comment.BodyFormat.HTML
    assert quoting.body == (
        '<blockquote cite="https://example.org/book">The tide waits for no one.</blockquote>\n'
        "As <cite>The Estuary Book</cite> says &#8212; and <q>rightly</q>."
    )


def test_a_comment_written_here_is_still_read_as_markdown(db, post):
    comment = Comment.objects.create(post=post, author_name="Here", body="    <cite>x</cite>")
    assert comment.body_format == Comment.BodyFormat.MARKDOWN
    assert "&lt;cite&gt;" in comment.body_html
