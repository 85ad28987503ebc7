"""Any WordPress export reads (issue 16, item 1); anything else is refused with one sentence."""

from pathlib import Path

import pytest
from django.core.management import CommandError

from accounts.models import User
from blog.models import Category, Page, Post
from comments.models import Comment
from tests.wordpress.test_wxr_import import run_import, summary_row
from wordpress.models import WordPressItem

SAMPLES = Path(__file__).parent / "wxr_samples"
HTTPS = SAMPLES / "https_namespaces.xml"
NO_IDS = SAMPLES / "no_post_ids.xml"


def spelled(tmp_path, uri: str) -> Path:
    """The https sample with its WordPress namespaces written another way."""
    text = HTTPS.read_text(encoding="utf-8")
    text = text.replace('"https://wordpress.org/export/1.2/excerpt/"', f'"{uri}excerpt/"')
    text = text.replace('"https://wordpress.org/export/1.2/"', f'"{uri}"')
    path = tmp_path / "spelled.xml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "uri",
    [
        "https://wordpress.org/export/1.2/",
        "http://wordpress.org/export/1.2/",
        "https://wordpress.org/export/1.2",
        "http://wordpress.org/export/1.1/",
        "http://wordpress.org/export/1.0/",
    ],
)
def test_an_export_reads_whatever_the_spelling_of_its_namespaces(db, tmp_path, uri):
    output, _ = run_import(path=spelled(tmp_path, uri))
    assert summary_row(output, "posts") == [2, 2, 0, 0]
    assert sorted(Post.objects.values_list("slug", flat=True)) == [
        "a-winter-count",
        "curlews-at-dusk",
    ]
    curlews = Post.objects.get(slug="curlews-at-dusk")
    assert curlews.author.username == "mara"
    assert curlews.categories.get().name == "Birds"
    assert curlews.comments.get().author_name == "Dee"
    assert Page.objects.get().slug == "about"
    assert WordPressItem.objects.get(kind="post", key="41").object_id == curlews.pk


def test_the_https_export_keeps_old_links_alive(db, client):
    run_import(path=HTTPS)
    response = client.get("/2023/11/04/curlews-at-dusk/")
    assert response.status_code == 200
    assert "Forty curlews came in" in response.text
    assert client.get("/?p=41")["Location"] == "/2023/11/04/curlews-at-dusk/"


def test_the_summary_names_every_item_skipped_and_why(db):
    output, _ = run_import(path=HTTPS)
    # Its menu ("Primary", one custom link) is imported (issue 16), so nothing is skipped.
    assert "Not imported" not in output
    output, _ = run_import(path=SAMPLES / "blog.xml")
    skipped = output.split("Not imported (")[1]
    assert 'nav_menu_item "Menu" (WordPress ID 32): links to a thing that is not here' in skipped


def test_items_without_post_ids_or_with_a_taken_one_get_a_stable_key(db):
    output, _ = run_import(path=NO_IDS)
    assert summary_row(output, "posts") == [5, 5, 0, 0]
    keys = dict(WordPressItem.objects.filter(kind="post").values_list("key", "object_id"))
    slugs = {key: Post.objects.get(pk=pk).slug for key, pk in keys.items()}
    assert slugs == {
        "guid:http://merged.example.com/?p=101": "no-id-guid",
        "link:http://merged.example.com/2012/11/01/no-id-no-guid/": "no-id-no-guid",
        "title:No id, no guid, no link|2012-11-01 12:00:00": "no-id-nothing",
        "7": "first-with-id-7",
        "guid:http://other.example.com/?p=7": "second-with-id-7",
    }
    # The comment of the second post numbered 7 stays with that post.
    assert Comment.objects.get().post.slug == "second-with-id-7"


def test_importing_an_export_without_post_ids_twice_changes_nothing(db):
    run_import(path=NO_IDS)
    before = sorted(Post.objects.values_list("pk", "slug"))
    output, _ = run_import(path=NO_IDS)
    assert summary_row(output, "posts") == [5, 0, 5, 0]
    assert sorted(Post.objects.values_list("pk", "slug")) == before
    assert Comment.objects.count() == 1


def test_the_dry_run_of_an_export_without_post_ids_stores_nothing(db):
    output, _ = run_import("--dry-run", path=NO_IDS)
    assert summary_row(output, "posts") == [5, 5, 0, 0]
    assert Post.objects.count() == WordPressItem.objects.count() == User.objects.count() == 0


def test_an_unknown_wxr_version_warns_and_goes_on(db):
    output, _ = run_import(path=SAMPLES / "future_version.xml")
    assert (
        "Warning: WXR version 1.3 is not one this importer knows (1.0 to 1.2): read as 1.2"
        in output
    )
    assert Post.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "sentence"),
    [
        ("plain_rss.xml", "Not a WordPress export: this is a plain RSS feed, without WordPress's"),
        ("atom.xml", "Not a WordPress export: this is an Atom feed;"),
        (
            "foreign_namespace.xml",
            "Not a WordPress export: its wp: namespace is "
            "http://example.com/wordpress-like/export/1.0/, not WordPress's",
        ),
        ("page.html", "Not a WordPress export: this is an HTML page;"),
    ],
)
def test_a_file_that_is_not_a_wordpress_export_is_refused_and_nothing_stored(db, name, sentence):
    for dry_run in ((), ("--dry-run",)):
        with pytest.raises(CommandError) as refusal:
            run_import(*dry_run, path=SAMPLES / "not_wordpress" / name)
        message = str(refusal.value)
        assert sentence in message
        assert message.endswith("Nothing was imported.")
        assert "Traceback" not in message
    assert Post.objects.count() == User.objects.count() == Category.objects.count() == 0
    assert WordPressItem.objects.count() == 0


def test_an_html_page_without_a_doctype_is_refused_as_html(db, tmp_path):
    page = tmp_path / "export.xml"
    page.write_text("<html><body><p>Export</p></body></html>")
    with pytest.raises(CommandError, match="this is an HTML page"):
        run_import(path=page)
