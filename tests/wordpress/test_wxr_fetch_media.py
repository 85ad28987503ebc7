"""--fetch-media against a real HTTP server on loopback standing in for the old site
(wxr_samples/media_from_the_old_site.xml): a good picture, a 404, a page served as a picture,
a file over the size cap, a server slower than the time cap, a redirect to a private address,
an ftp address, a PDF behind a file block and a picture on a friend's site."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from blog.models import Image, Page, Post
from tests.factories import jpeg_bytes
from wordpress.models import UploadedFile, WordPressItem

SAMPLE = Path(__file__).parent / "wxr_samples" / "media_from_the_old_site.xml"
UPLOADS = "/wp-content/uploads/2024/06/"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def old_site(web_server, settings, tmp_path):
    """The old site's uploads, and the export naming it (its host is the test server's)."""
    settings.WORDPRESS_FETCH_MAX_BYTES = 200_000
    settings.WORDPRESS_FETCH_TIMEOUT = 1.0
    web_server.route(UPLOADS + "harbour.jpg", body=jpeg_bytes(1200, 800), content_type="image/jpeg")
    web_server.route(UPLOADS + "gull.jpg", body=b"<!doctype html><title>Not found</title>")
    web_server.route(UPLOADS + "tides.pdf", body=PDF, content_type="application/pdf")
    web_server.route(
        UPLOADS + "storm.jpg", body=b"\xff\xd8" + bytes(300_000), content_type="image/jpeg"
    )
    web_server.route(
        UPLOADS + "slipway.jpg",
        body=jpeg_bytes(300, 200),
        content_type="image/jpeg",
        chunks=4,
        chunk_delay=0.6,
    )
    web_server.redirect("/wp-content/uploads/2024/05/map.png", "http://10.1.2.3/map.png")
    export = tmp_path / "export.xml"
    export.write_text(
        SAMPLE.read_text().replace("old-site.test", f"{web_server.host}:{web_server.port}")
    )
    return export


def run(export: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_wordpress", str(export), "--fetch-media", *args, stdout=out)
    return out.getvalue()


def row(kind: str, wp_id: int):
    item = WordPressItem.objects.get(kind=kind, key=str(wp_id))
    return item.target


def missing_for(output: str, where: str) -> str:
    """The lines of the summary's missing media under one item."""
    lines = output.split("Missing media")[1].splitlines()
    if f"  {where}:" not in lines:
        return ""
    after = lines[lines.index(f"  {where}:") + 1 :]
    return "\n".join(
        line
        for line in after[
            : next((i for i, line in enumerate(after) if not line.startswith("    - ")), len(after))
        ]
    )


@pytest.fixture
def imported(db, old_site):
    return run(old_site)


def test_a_good_picture_is_downloaded_once_and_used_everywhere(imported):
    image = row("attachment", 401)
    assert isinstance(image, Image)
    assert image.alt_text == "Fishing boats at the quay before sunrise"
    assert (image.width, image.height) == (1200, 800)
    assert (Path(settings.MEDIA_ROOT) / image.file.name).is_file()
    post = row("post", 501)
    assert post.featured_image == image
    assert f'<img src="{image.file.url}"' in post.body_html
    assert f'<a href="{image.file.url}"' in post.body_html  # the link to the full size too
    assert "srcset" not in post.body_html
    assert f'src="{image.file.url}"' in row("page", 601).body_html
    assert Image.objects.count() == 1


def test_the_file_block_links_to_the_local_copy_of_its_file(imported):
    kept = row("attachment", 403)
    assert isinstance(kept, UploadedFile)
    assert kept.file.name.startswith("files/") and kept.file.name.endswith(".pdf")
    assert (Path(settings.MEDIA_ROOT) / kept.file.name).read_bytes() == PDF
    body = row("post", 501).body_html
    assert body.count(f'href="{kept.file.url}"') == 2  # the name and the Download button
    assert "tides.pdf" not in body.replace(kept.file.url, "")


@pytest.mark.parametrize(
    ("where", "file", "reason"),
    [
        ('post "The harbour at dawn" (WordPress ID 501)', "lighthouse.jpg", "answered 404"),
        ('post "The harbour at dawn" (WordPress ID 501)', "gull.jpg", "not a readable picture"),
        ('post "After the storm" (WordPress ID 502)', "storm.jpg", "larger than 200,000 bytes"),
        ('post "After the storm" (WordPress ID 502)', "slipway.jpg", "not fetched"),
        ('post "After the storm" (WordPress ID 502)', "office.jpg", "only http and https"),
        ('page "About the harbour" (WordPress ID 601)', "map.png", "private or local address"),
    ],
)
def test_what_could_not_be_had_is_listed_under_each_item_with_why(imported, where, file, reason):
    lines = [line for line in missing_for(imported, where).splitlines() if file in line]
    assert lines, imported
    assert reason.lower() in lines[0].lower()


def test_the_slow_server_is_given_up_on_within_the_time_cap(imported, web_server):
    line = next(line for line in imported.splitlines() if "slipway.jpg:" in line)
    assert "took too long" in line or "did not answer" in line


def test_nothing_is_asked_of_another_host_and_nothing_outside_the_uploads(imported, web_server):
    assert "photos.example.net" in imported  # named as left out, never fetched
    assert all(request.path.startswith("/wp-content/uploads/") for request in web_server.requests)
    assert all(request.method == "GET" for request in web_server.requests)


def test_each_missing_picture_shows_its_alt_text_or_caption_instead(client, imported):
    post = client.get(row("post", 501).get_absolute_url()).content.decode()
    assert '<span class="image-missing">The white lighthouse on the breakwater</span>' in post
    assert '<span class="image-missing">A gull</span>' in post
    assert '<span class="image-missing">Another gull</span>' in post
    storm = client.get(row("post", 502).get_absolute_url()).content.decode()
    assert "The sea wall broken in two places" in storm
    assert "The sea wall on Sunday evening" in storm  # the caption stays
    page = client.get(row("page", 601).get_absolute_url()).content.decode()
    assert "The harbour in 1850" in page


IMAGE_ADDRESS_RE = re.compile(r"<(?:img|source)\b[^>]*?\s(?:src|srcset)=\"([^\"]*)\"", re.I)


def test_no_picture_on_any_imported_page_points_at_another_host(client, imported):
    addresses = [*Post.objects.all(), *Page.objects.all()]
    assert len(addresses) == 3
    for row_ in addresses:
        response = client.get(row_.get_absolute_url())
        assert response.status_code == 200
        for value in IMAGE_ADDRESS_RE.findall(response.content.decode()):
            for candidate in value.split(","):
                url = candidate.strip().split(" ")[0]
                assert url.startswith("/") and not url.startswith("//"), (row_, url)


def test_importing_twice_changes_nothing(db, old_site):
    run(old_site)
    before = (
        list(Image.objects.values_list("pk", "file")),
        list(UploadedFile.objects.values_list("pk", "file")),
        list(Post.objects.values_list("pk", "body_html", "featured_image")),
        sorted(p.name for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()),
    )
    again = run(old_site)
    after = (
        list(Image.objects.values_list("pk", "file")),
        list(UploadedFile.objects.values_list("pk", "file")),
        list(Post.objects.values_list("pk", "body_html", "featured_image")),
        sorted(p.name for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()),
    )
    assert after == before
    assert re.search(r"^attachments\s+5\s+0\s+2\s+3$", again, re.M), again


def test_the_dry_run_stores_nothing(db, old_site):
    output = run(old_site, "--dry-run")
    assert output.startswith("Dry run: nothing was written.")
    assert "lighthouse.jpg: the old site answered 404" in output
    assert not Image.objects.exists() and not UploadedFile.objects.exists()
    assert not Post.objects.exists() and not WordPressItem.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_without_fetch_media_nothing_is_requested(db, old_site, web_server):
    out = StringIO()
    call_command("import_wordpress", str(old_site), stdout=out)
    assert web_server.requests == []
    assert "--fetch-media was not given" in out.getvalue()
