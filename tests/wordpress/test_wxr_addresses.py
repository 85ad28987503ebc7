"""Every old address answers (issue 16, item 3): the export's permalink structure and time zone
become the blog's, slugs keep their script, and each other old link answers with one 301."""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.core.files.storage import default_storage

from blog.models import Blog, Image, Page, Post
from tests.factories import jpeg_bytes
from tests.wordpress.test_wxr_import import BLOG_XML, post_by_wp_id, run_import
from wordpress.models import OldAddress

SAMPLES = Path(__file__).parent / "wxr_samples"
POSTNAME = SAMPLES / "postname_links.xml"
WEST = SAMPLES / "west_of_utc.xml"


@pytest.fixture
def polyglot_uploads(tmp_path):
    folder = tmp_path / "uploads" / "2023" / "01"
    folder.mkdir(parents=True)
    (folder / "harbour.jpg").write_bytes(jpeg_bytes(80, 60))
    return tmp_path / "uploads"


def links_in(path: Path, host: str) -> list[str]:
    """Every address on the old site that the export links to (items and bodies)."""
    text = path.read_text(encoding="utf-8")
    found = re.findall(rf"<link>(https://{re.escape(host)}/[^<]*)</link>", text)
    found += re.findall(rf'href="(https://{re.escape(host)}/[^"]*)"', text)
    found += re.findall(rf"<wp:attachment_url><!\[CDATA\[(https://{re.escape(host)}/[^\]]*)", text)
    return sorted(set(found))


def answers(client, url: str) -> tuple[int, str]:
    """The status of an old link here, after at most one redirect (and that redirect's target)."""
    parts = urlsplit(url)
    response = client.get(unquote(parts.path), QUERY_STRING=parts.query)
    if response.status_code != 301:
        return response.status_code, ""
    location = response["Location"]
    if location.startswith("/media/"):  # a picture: the web server serves the file itself
        stored = default_storage.exists(unquote(location.removeprefix("/media/")))
        return (200 if stored else 404), location
    return client.get(unquote(location)).status_code, location


def test_a_postname_export_gives_the_blog_postname_addresses(db):
    output, _ = run_import(path=POSTNAME)
    assert Blog.current().permalink_structure == Blog.Permalinks.NAME
    assert "Permalinks /%postname%/ (from 5 of 5 post links): now the blog's." in output
    assert Post.objects.get(title="Hello world").get_absolute_url() == "/hello-world/"


def test_slugs_in_any_script_are_kept_as_written(db):
    run_import(path=POSTNAME)
    slugs = set(Post.objects.values_list("slug", flat=True))
    assert slugs == {
        "hello-world",
        "καλημέρα-κόσμε",
        "привет-мир",
        "مرحبا-بالعالم",
        "می‌خواهم-بنویسم",
    }
    assert "\u200c" in Post.objects.get(title__startswith="می").slug  # the Persian half-space
    assert set(Page.objects.values_list("slug", flat=True)) == {"about", "σχετικά"}


def test_every_link_in_a_postname_export_answers_at_once_or_after_one_redirect(
    db, client, polyglot_uploads
):
    run_import("--media-dir", str(polyglot_uploads), path=POSTNAME)
    links = links_in(POSTNAME, "polyglot.example.org")
    assert len(links) == 13
    same, moved = [], []
    for link in links:
        status, location = answers(client, link)
        assert status == 200, (link, location)
        (moved if location else same).append(unquote(urlsplit(link).path))
    # Posts, pages, categories, tags and the author are where they were; the attachment page
    # and the file itself move once.
    assert "/καλημέρα-κόσμε/" in same and "/σχετικά/" in same and "/category/νέα/" in same
    assert "/author/owner/" in same and "/tag/notes/" in same
    assert sorted(moved) == [
        "/hello-world/harbour/",
        "/wp-content/uploads/2023/01/harbour.jpg",
    ]


def test_a_redirected_old_address_goes_to_the_new_one_in_one_step(db, client, polyglot_uploads):
    run_import("--media-dir", str(polyglot_uploads), path=POSTNAME)
    image = Image.objects.get()
    response = client.get("/hello-world/harbour/")
    assert response.status_code == 301
    assert response["Location"] == image.file.url


def test_a_west_of_utc_blog_keeps_its_dates_and_every_link_answers_without_a_redirect(db, client):
    output, _ = run_import(path=WEST)
    blog = Blog.current()
    assert blog.time_zone == "America/Chicago"
    assert "Time zone America/Chicago (from the dates of 4 published items): now the blog's." in (
        output
    )
    for link in links_in(WEST, "prairie.example.com"):
        response = client.get(urlsplit(link).path)
        assert response.status_code == 200, link
    storm = Post.objects.get(slug="month-end-storm")
    assert storm.get_absolute_url() == "/2023/03/31/month-end-storm/"  # 03:45 UTC on 1 April
    listed = {
        month: [post.slug for post in client.get(month).context["posts"]]
        for month in ("/2023/03/", "/2023/04/", "/2023/12/", "/2024/01/")
    }
    assert listed == {
        "/2023/03/": ["month-end-storm", "late-snow"],
        "/2023/04/": [],
        "/2023/12/": ["new-year"],
        "/2024/01/": [],
    }


def test_a_moved_slug_answers_with_one_redirect_and_so_do_its_later_pages(db, client):
    run_import(path=BLOG_XML)
    second = post_by_wp_id(18)
    assert second.get_absolute_url() == "/2015/11/05/same-slug-2/"
    response = client.get("/2015/11/05/same-slug/")
    assert response.status_code == 301
    assert response["Location"] == "/2015/11/05/same-slug-2/"
    assert client.get(response["Location"]).status_code == 200
    # The second page of a post split with <!--nextpage--> goes to the same page of the new one.
    paged = client.get("/2015/11/05/same-slug/2/")
    assert paged.status_code == 301
    assert paged["Location"] == "/2015/11/05/same-slug-2/2/"


def test_unpublished_targets_and_unknown_addresses_stay_404(db, client):
    run_import(path=BLOG_XML)
    assert client.get("/2015/10/27/private-thoughts/").status_code == 404  # now a draft
    assert client.get("/2015/10/27/never-was/").status_code == 404


def test_an_archives_post_id_export_keeps_dated_addresses_and_redirects_old_links(
    db, client, tmp_path
):
    text = POSTNAME.read_text(encoding="utf-8")
    for wp_id, slug in re.findall(
        r"<wp:post_id>(\d+)</wp:post_id>.*?<wp:post_name><!\[CDATA\[([^\]]+)", text, re.S
    ):
        text = text.replace(
            f"polyglot.example.org/{slug}/</link>", f"polyglot.example.org/archives/{wp_id}</link>"
        )
    archives = tmp_path / "archives.xml"
    archives.write_text(text, encoding="utf-8")
    output, _ = run_import(path=archives)
    assert (
        "Permalinks /archives/%post_id% (from 5 of 5 post links): WordPress's post numbers"
        in output
    )
    assert Blog.current().permalink_structure == Blog.Permalinks.DAY
    response = client.get("/archives/11")
    assert response.status_code == 301
    assert unquote(response["Location"]) == "/2023/02/11/καλημέρα-κόσμε/"
    assert client.get(response["Location"]).status_code == 200


def test_the_author_changes_the_structure_in_the_admin_and_old_addresses_follow(
    db, client, staff_client
):
    run_import(path=POSTNAME)
    blog = Blog.objects.get()
    response = staff_client.post(
        f"/admin/blog/blog/{blog.pk}/change/",
        {
            "name": blog.name,
            "tagline": "",
            "permalink_structure": Blog.Permalinks.MONTH,
            "time_zone": "Europe/Athens",
            "language": blog.language,
        },
    )
    assert response.status_code == 302
    assert Blog.current().permalink_structure == Blog.Permalinks.MONTH
    response = client.get("/hello-world/")
    assert response.status_code == 301
    assert response["Location"] == "/2023/01/hello-world/"
    assert client.get("/2023/01/hello-world/").status_code == 200


def test_a_time_zone_that_is_not_one_is_refused_in_the_admin(db, staff_client):
    blog = Blog.objects.create(name="Mine")
    response = staff_client.post(
        f"/admin/blog/blog/{blog.pk}/change/",
        {
            "name": "Mine",
            "tagline": "",
            "permalink_structure": Blog.Permalinks.DAY,
            "time_zone": "Mars/Olympus",
            "language": "en",
        },
    )
    assert response.status_code == 200
    assert "is not a time zone name" in response.text
    assert Blog.objects.get().time_zone == ""


def test_the_dry_run_stores_no_setting_and_no_old_address(db):
    run_import("--dry-run", path=POSTNAME)
    assert not Blog.objects.exists() and OldAddress.objects.count() == 0
    assert Blog.current().permalink_structure == Blog.Permalinks.DAY


def test_importing_twice_changes_no_address(db):
    run_import(path=WEST)
    before = sorted(OldAddress.objects.values_list("path", "object_id"))
    output, _ = run_import(path=WEST)
    assert sorted(OldAddress.objects.values_list("path", "object_id")) == before
    assert "Time zone America/Chicago (from the dates of 4 published items), as the blog's is" in (
        output
    )
