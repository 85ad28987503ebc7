"""Replies written elsewhere, as WordPress's Webmention and ActivityPub plugins keep them in an
export (comments_from_elsewhere.xml): they come in as webmentions and Fediverse replies with
their source, and go out again as the plugins write them."""

from io import StringIO
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
from django.core.management import call_command

from comments.models import Comment

SAMPLE = Path(__file__).parent / "wxr_samples" / "comments_from_elsewhere.xml"
WP = "{http://wordpress.org/export/1.2/}"

pytestmark = pytest.mark.django_db


def import_sample(*options: str) -> str:
    out = StringIO()
    call_command("import_wordpress", str(SAMPLE), *options, stdout=out, stderr=StringIO())
    return out.getvalue()


def summary_row(summary: str, label: str) -> list[int]:
    line = next(line for line in summary.splitlines() if line.startswith(label + "  "))
    return [int(number) for number in line[len(label) :].split()]


def test_the_plugins_replies_come_in_as_webmentions_and_fediverse_replies(client):
    summary = import_sample()
    by_author = {comment.author_name: comment for comment in Comment.objects.all()}
    assert by_author["Rosa"].kind == Comment.Kind.COMMENT
    old_plugin, new_plugin = by_author["Kelp Diaries"], by_author["Sam Okafor"]
    assert (old_plugin.kind, old_plugin.remote_id) == (
        Comment.Kind.WEBMENTION,
        "https://kelp-diaries.example.com/2024/05/15/low-tide/",
    )
    assert (new_plugin.kind, new_plugin.remote_id) == (
        Comment.Kind.WEBMENTION,
        "https://sam.example.dev/notes/2024/05/15/1/",
    )
    alice, bruno = by_author["Alice Marine"], by_author["Bruno"]
    assert alice.kind == bruno.kind == Comment.Kind.FEDIVERSE
    assert alice.remote_id == "https://mastodon.example/users/alice/statuses/112450000000000001"
    # The plugin keeps the handle where the e-mail goes: it is a handle here, not an address.
    assert (alice.author_handle, alice.author_email) == ("@alice@mastodon.example", "")
    assert bruno.parent == alice
    assert by_author["Shore Walks » May"].kind == Comment.Kind.PINGBACK
    # The plugin's Like is no reply: left out, and the summary says so.
    assert "Carla" not in by_author
    assert "comment 706 of type 'like'" in summary
    assert summary_row(summary, "webmentions") == [2, 2, 0, 0]
    assert summary_row(summary, "Fediverse replies") == [2, 2, 0, 0]
    html = client.get(alice.post.get_absolute_url()).content.decode()
    assert "Were the sea stars back?" in html and "mastodon.example" in html


def test_skip_pings_leaves_out_pingbacks_but_keeps_replies_from_elsewhere():
    summary = import_sample("--skip-pings")
    kinds = sorted(Comment.objects.values_list("kind", flat=True))
    assert kinds == ["comment", "fediverse", "fediverse", "webmention", "webmention"]
    assert summary_row(summary, "pingbacks") == [1, 0, 0, 1]


def test_they_go_out_with_the_comment_type_and_meta_the_plugins_write():
    import_sample()
    out = StringIO()
    call_command("export_wordpress", "-", stdout=out, stderr=StringIO())
    written = {
        comment.findtext(f"{WP}comment_author"): comment
        for comment in ET.fromstring(out.getvalue()).iter(f"{WP}comment")
    }

    def meta(name: str) -> dict[str, str]:
        return {
            m.findtext(f"{WP}meta_key"): m.findtext(f"{WP}meta_value")
            for m in written[name].findall(f"{WP}commentmeta")
        }

    for name in ("Kelp Diaries", "Sam Okafor"):
        assert written[name].findtext(f"{WP}comment_type") == "webmention"
        assert meta(name)["protocol"] == "webmention"
    assert meta("Sam Okafor")["webmention_source_url"] == (
        "https://sam.example.dev/notes/2024/05/15/1/"
    )
    alice = written["Alice Marine"]
    assert alice.findtext(f"{WP}comment_type") == "comment"
    assert alice.findtext(f"{WP}comment_author_email") == "alice@mastodon.example"
    assert meta("Alice Marine") == {
        "protocol": "activitypub",
        "source_id": "https://mastodon.example/users/alice/statuses/112450000000000001",
    }
    assert written["Rosa"].findtext(f"{WP}comment_type") == "comment"
    assert not meta("Rosa")
    assert written["Shore Walks » May"].findtext(f"{WP}comment_type") == "pingback"
