"""Every export of wxr_samples/ (each written as WordPress writes them): importing it twice
changes nothing, the dry run stores nothing, and import → export → import gives the same rows,
with WordPress's own post and comment ids kept."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from blog.models import Blog, Category, Image, Menu, MenuItem, Page, Post, Tag, forget_blog
from comments.models import Comment
from tests.wordpress.test_wxr_content_renders import make_uploads
from wordpress.importer import WordPressImporter
from wordpress.models import OldAddress, UploadedFile, WordPressItem

SAMPLES = Path(__file__).parent / "wxr_samples"
EXPORTS = sorted(path.name for path in SAMPLES.glob("*.xml") if path.name not in {"malformed.xml"})
# Samples whose pictures the tests have: a copy of wp-content/uploads.
UPLOADS = {"content_that_renders.xml": make_uploads}
MEDIA_ADDRESS_RE = re.compile(r"/media/(images|files)/[^\"'\s)]+")

pytestmark = pytest.mark.django_db


def media_dir(name: str, tmp_path: Path) -> Path | None:
    return UPLOADS[name](tmp_path) if name in UPLOADS else None


def run_import(path: Path, media: Path | None, *, dry_run: bool = False):
    return WordPressImporter(media_dir=media, dry_run=dry_run).run(path)


def body(html: str) -> str:
    # A picture's copy gets a new file name in a new MEDIA_ROOT: compare what it is, not where.
    return " ".join(MEDIA_ADDRESS_RE.sub(r"/media/\1/…", html).split())


def keys(kind: str) -> dict[int, str]:
    return dict(WordPressItem.objects.filter(kind=kind).values_list("object_id", "key"))


def rows() -> dict:
    """What an import made, as a reader and the author would compare it."""
    post_keys, comment_keys = keys("post"), keys("comment")
    posts = {
        post.slug: (
            post.title,
            post.status,
            post.published_at,
            post.password,
            post.format,
            post.sticky,
            post.allow_comments,
            post.excerpt,
            post.author.username,
            sorted(post.categories.values_list("slug", flat=True)),
            sorted(post.tags.values_list("slug", flat=True)),
            body(post.body_html),
            post.featured_image.alt_text if post.featured_image else None,
        )
        for post in Post.objects.select_related("author", "featured_image")
    }
    comments = sorted(
        (
            comment.target.slug,
            comment.author_name,
            comment.author_email,
            comment.author_url,
            comment.ip_address,
            comment.body,
            comment.body_format,
            comment.status,
            comment.kind,
            comment.created_at,
            (comment.parent.author_name, comment.parent.created_at) if comment.parent else None,
            comment.user.username if comment.user else None,
            comment.remote_id,
            comment.author_handle,
        )
        # Spam stays behind, as WordPress's own exporter leaves it (export.php).
        for comment in Comment.objects.exclude(status=Comment.Status.SPAM).select_related(
            "post", "page", "parent", "user"
        )
    )
    pages = {
        page.slug: (
            page.title,
            page.is_published,
            page.author.username if page.author else None,
            page.published_at,
            body(page.body_html),
            page.path,  # its place in the tree: "about/team/ada"
            page.menu_order,
            page.allow_comments,
        )
        for page in Page.objects.select_related("author")
    }
    menus = sorted(
        (
            menu.name,
            menu.is_navigation,
            [
                (item.order, item.label, item.link, item.parent.label if item.parent else None)
                for item in menu.items.select_related("page", "category", "post", "parent")
            ],
        )
        for menu in Menu.objects.all()
    )
    blog = Blog.load()
    return {
        "posts": posts,
        "comments": comments,
        "pages": pages,
        "images": sorted(Image.objects.values_list("alt_text", "caption", "width", "height")),
        "files": sorted(UploadedFile.objects.values_list("title", flat=True)),
        "categories": sorted(Category.objects.values_list("slug", "name", "path")),
        "menus": menus,
        "tags": sorted(Tag.objects.values_list("slug", "name")),
        "users": sorted(get_user_model().objects.values_list("username", "display_name", "email")),
        "addresses": (blog.permalink_structure, blog.time_zone),
        # WordPress's own ids, where it gave them (an item without one gets a number here).
        "ids": {
            "posts": sorted(
                (Post.objects.get(pk=pk).slug, key)
                for pk, key in post_keys.items()
                if key.isdigit() and Post.objects.filter(pk=pk).exists()
            ),
            "comments": sorted(
                (Comment.objects.get(pk=pk).author_name, Comment.objects.get(pk=pk).created_at, key)
                for pk, key in comment_keys.items()
                if Comment.objects.exclude(status=Comment.Status.SPAM).filter(pk=pk).exists()
            ),
        },
    }


def wipe() -> None:
    for model in (MenuItem, Menu, Comment, Post, Page, Category, Tag, Image, UploadedFile):
        model.objects.all().delete()
    WordPressItem.objects.all().delete()
    OldAddress.objects.all().delete()
    get_user_model().objects.all().delete()
    Blog.objects.all().delete()
    forget_blog()


@pytest.mark.parametrize("name", EXPORTS)
def test_importing_twice_changes_nothing(name, tmp_path):
    media = media_dir(name, tmp_path)
    first = run_import(SAMPLES / name, media)
    before = rows()
    again = run_import(SAMPLES / name, media)
    assert again.changed == 0, again.as_text()
    assert rows() == before
    assert first.changed > 0


@pytest.mark.parametrize("name", EXPORTS)
def test_the_dry_run_stores_nothing_and_says_what_the_import_would_do(name, tmp_path):
    media = media_dir(name, tmp_path)
    dry = run_import(SAMPLES / name, media, dry_run=True)
    assert dry.as_text().startswith("Dry run: nothing was written.")
    for model in (Post, Page, Comment, Category, Tag, Image, UploadedFile, WordPressItem):
        assert not model.objects.exists(), model
    assert not OldAddress.objects.exists() and not get_user_model().objects.exists()
    assert (Blog.load().permalink_structure, Blog.load().time_zone) == (Blog.Permalinks.DAY, "")
    stored = Path(settings.MEDIA_ROOT)
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*"))
    real = run_import(SAMPLES / name, media)
    assert dry.created == real.created


@pytest.mark.parametrize("name", EXPORTS)
def test_import_export_import_gives_the_same_rows_and_wordpress_ids(name, tmp_path, settings):
    run_import(SAMPLES / name, media_dir(name, tmp_path))
    before = rows()
    export = tmp_path / "broadsheet.xml"
    call_command("export_wordpress", str(export), stderr=StringIO())

    in_place = run_import(export, Path(settings.MEDIA_ROOT))
    assert in_place.changed == 0, in_place.as_text()  # the same ids: every row is found again
    assert rows() == before

    old_media = Path(settings.MEDIA_ROOT)
    wipe()
    settings.MEDIA_ROOT = tmp_path / "new-media"
    report = run_import(export, old_media)
    after = rows()
    # Items WordPress gave no id to have one now (the export's): the rest keep WordPress's.
    had_ids = {slug for slug, _ in before["ids"]["posts"]}
    after["ids"]["posts"] = [(slug, key) for slug, key in after["ids"]["posts"] if slug in had_ids]
    assert after == before, report.as_text()
    assert not report.missing_media, report.as_text()
