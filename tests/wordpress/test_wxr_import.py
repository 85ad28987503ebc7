"""import_wordpress with the WXR files in wxr_samples/ (written by hand for these tests)."""

import datetime
import socket
from io import StringIO
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import User
from blog.models import Blog, Category, Image, Page, Post, Tag
from comments.models import Comment
from core import cache as kept
from tests.factories import PostFactory, jpeg_bytes
from wordpress import importer as importer_module
from wordpress.models import WordPressItem

SAMPLES = Path(__file__).parent / "wxr_samples"
BLOG_XML = SAMPLES / "blog.xml"
WP = "{http://wordpress.org/export/1.2/}"


@pytest.fixture
def uploads(tmp_path):
    """A copy of wp-content/uploads with some of the pictures the sample refers to."""
    folder = tmp_path / "uploads" / "2015" / "10"
    folder.mkdir(parents=True)
    (folder / "aleppo.jpg").write_bytes(jpeg_bytes(80, 60))
    (folder / "aleppo-640x480.jpg").write_bytes(jpeg_bytes(64, 48))
    return tmp_path / "uploads"


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the importer tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def run_import(*args, path=BLOG_XML):
    out, err = StringIO(), StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def imported(db, uploads, no_network):
    output, _ = run_import("--media-dir", str(uploads))
    return output


def summary_row(output: str, label: str) -> list[int]:
    for line in output.splitlines():
        if line.startswith(label + " "):
            return [int(number) for number in line.split()[1:]]
    raise AssertionError(f"no {label} row in:\n{output}")


def post_by_wp_id(wp_id: int) -> Post:
    mapping = WordPressItem.objects.get(kind="post", key=str(wp_id))
    return Post.objects.get(pk=mapping.object_id)


# --- authors, terms -------------------------------------------------------------------------


def test_authors_become_users_who_cannot_sign_in_and_are_not_staff(imported):
    anna = User.objects.get(username="anna")
    assert anna.display_name == "Anna Ångström"
    assert anna.email == "anna@example.com"
    assert not anna.has_usable_password()
    assert not anna.is_staff and not anna.is_superuser
    assert not User.objects.get(username="bob").is_staff


def test_staff_option_makes_only_the_named_author_staff(db):
    run_import("--staff", "bob")
    assert User.objects.get(username="bob").is_staff
    assert not User.objects.get(username="anna").is_staff
    assert not User.objects.get(username="bob").has_usable_password()


def test_categories_keep_their_hierarchy_even_when_a_child_comes_before_its_parent(imported):
    syria = Category.objects.get(slug="syria")
    assert syria.parent.slug == "middle-east"
    assert syria.parent.parent.slug == "world"
    assert Category.objects.get(slug="world").name == "World & Politics"


def test_tags_keep_unicode_names_and_include_tags_only_named_on_a_post(imported):
    assert Tag.objects.get(slug="cafe").name == "Café ☕"
    post = post_by_wp_id(13)
    assert set(post.tags.values_list("slug", flat=True)) == {"aleppo", "cafe", "new-tag"}
    assert set(post.categories.values_list("slug", flat=True)) == {"syria"}


# --- posts and pages ------------------------------------------------------------------------


def test_a_post_keeps_its_date_and_slug_so_the_old_permalink_still_works(imported, client):
    post = post_by_wp_id(13)
    assert post.slug == "syria-aleppo-offensive"
    assert post.published_at == datetime.datetime(2015, 10, 27, 10, 30, tzinfo=datetime.UTC)
    response = client.get("/2015/10/27/syria-aleppo-offensive/")
    assert response.status_code == 200
    assert "Syria: Aleppo offensive &amp; the “world”" in response.text


def test_statuses_become_published_drafts_scheduled_and_sticky(imported):
    assert post_by_wp_id(12).is_public
    assert post_by_wp_id(19).status == Post.Status.DRAFT
    assert post_by_wp_id(19).published_at is None
    assert post_by_wp_id(20).is_scheduled
    assert post_by_wp_id(21).status == Post.Status.DRAFT  # private
    assert post_by_wp_id(13).sticky
    assert not post_by_wp_id(12).sticky
    assert "private post imported as a draft" in imported


def test_trashed_posts_and_menu_items_are_skipped_and_counted(imported):
    assert not Post.objects.filter(slug="trashed-post").exists()
    assert not WordPressItem.objects.filter(key="22").exists()
    # A menu item that links to nothing here is named with the reason (issue 16: menus).
    assert 'nav_menu_item "Menu" (WordPress ID 32): links to a thing' in imported


def test_pages_are_imported_as_pages(imported, client):
    page = Page.objects.get(slug="about")
    assert page.is_published
    assert client.get("/about/").status_code == 200


def test_an_empty_title_becomes_untitled_and_is_reported(imported):
    post = post_by_wp_id(16)
    assert post.title == "Untitled"
    assert post.slug == "post-16"
    assert 'empty title, imported as "Untitled"' in imported


def test_duplicate_slugs_get_a_suffix_and_the_changed_address_is_reported(imported):
    assert post_by_wp_id(17).slug == "same-slug"
    assert post_by_wp_id(18).slug == "same-slug-2"
    assert "from https://oldblog.example.com/2015/11/05/same-slug/ to /2015/11/05/same-slug-2/" in (
        imported
    )


def test_a_slug_already_used_by_a_post_of_ours_is_not_overwritten(db, author):
    ours = PostFactory(author=author, slug="earlier-report", title="Ours")
    run_import()
    ours.refresh_from_db()
    assert ours.title == "Ours"
    assert post_by_wp_id(12).slug == "earlier-report-2"


def test_unicode_emoji_entities_and_cdata_survive(imported):
    post = post_by_wp_id(15)
    assert post.title == "Ünïcödé 🎉 post"
    assert "日本語, العربية, emoji 🎉🇸🇾" in post.body_html
    assert "&amp; &lt;tag&gt; é “quoted”" in post.body_html
    assert "CDATA-looking ]]&gt; marker" in post.body_html


# --- content --------------------------------------------------------------------------------


def test_classic_content_gets_wordpress_paragraphs_and_line_breaks(imported):
    html = post_by_wp_id(13).body_html
    assert "<p>The offensive began at dawn.<br>\nThe city woke to the sound of it.</p>" in html
    assert '<pre tabindex="0">code line 1\n\ncode line 3</pre>' in html
    assert "<li>One</li>" in html
    # The <!--more--> marker is kept between paragraphs: the list pages' excerpt ends there.
    assert "</p><!--more--><p>Read the" in html.replace("\n", "")


def test_caption_shortcode_becomes_a_figure_with_a_caption(imported):
    html = post_by_wp_id(13).body_html
    assert '<figure class="wp-caption aligncenter"><img' in html
    assert (
        '<figcaption class="wp-caption-text">Smoke over the old city, <em>27 October</em>'
        "</figcaption></figure>"
    ) in html
    assert "[caption" not in html


def test_gallery_shortcode_shows_the_pictures_it_lists_that_exist(imported):
    html = post_by_wp_id(13).body_html
    image = Image.objects.get()
    assert (
        f'<figure class="gallery-item"><a href="{image.file.url}" rel="noopener">'
        f'<img src="{image.file.url}" alt="Smoke over Aleppo">'
    ) in html
    assert "[gallery" not in html


def test_embed_shortcode_becomes_a_plain_link_not_an_embedded_player(imported):
    html = post_by_wp_id(13).body_html
    assert 'href="https://www.youtube.com/watch?v=abc123"' in html
    assert "<iframe" not in html


def test_unknown_shortcodes_and_removed_tags_are_listed_with_their_post(imported):
    assert (
        'post "Syria: Aleppo offensive & the “world”" (WordPress ID 13): shortcode '
        "[contact-form-7] left as text" in imported
    )
    assert "(WordPress ID 13): <script> removed (not allowed in posts)" in imported
    assert "alert(" not in post_by_wp_id(13).body_html


def test_block_editor_comments_are_removed(imported):
    post = post_by_wp_id(14)
    assert "wp:" not in post.body
    assert "<p>A block-editor post with <strong>bold</strong> text.</p>" in post.body_html


def test_links_to_imported_posts_point_at_the_new_site_and_others_are_kept(imported):
    html = post_by_wp_id(13).body_html
    assert '<a href="/2015/10/20/earlier-report/" rel="noopener">earlier report</a>' in html
    assert 'href="/2015/10/20/earlier-report/#comments"' in html
    assert 'href="https://other.example.net/2015/10/20/earlier-report/"' in html
    assert 'href="/about/"' in Page.objects.get(slug="about").body_html


# --- images ---------------------------------------------------------------------------------


def test_featured_image_and_content_images_come_from_the_media_folder(imported, settings):
    post = post_by_wp_id(13)
    image = post.featured_image
    assert image.alt_text == "Smoke over Aleppo"
    assert image.caption == "Smoke over the old city"
    assert image.width == 80
    assert (Path(settings.MEDIA_ROOT) / image.file.name).is_file()
    assert f'src="{image.file.url}"' in post.body_html
    assert "oldblog.example.com/wp-content/uploads/2015/10/aleppo" not in post.body_html
    assert "srcset" not in post.body_html
    assert Image.objects.count() == 1  # one row per picture, however often it is used


def test_missing_pictures_are_listed_with_their_original_address(imported):
    missing = imported.split("Missing media")[1]
    assert "https://oldblog.example.com/wp-content/uploads/2015/10/missing.jpg" in missing
    assert "https://oldblog.example.com/wp-content/uploads/2015/09/gone.jpg" in missing
    assert summary_row(imported, "attachments") == [2, 1, 0, 1]


def test_without_a_media_folder_every_picture_is_listed_missing_and_nothing_fetched(db, no_network):
    output, _ = run_import()
    assert Image.objects.count() == 0
    assert post_by_wp_id(13).featured_image is None
    assert "uploads/2015/10/aleppo.jpg" in output.split("Missing media")[1]
    assert summary_row(output, "attachments") == [2, 0, 0, 2]


# --- comments -------------------------------------------------------------------------------


def test_a_ten_level_thread_keeps_every_reply_under_its_parent(imported):
    deepest = Comment.objects.get(body="Reply at depth 9")
    depth, node = 0, deepest
    while node.parent_id:
        node = node.parent
        depth += 1
    assert depth == 9
    assert node.body == "Top of a deep thread"
    assert node.parent is None


def test_comment_statuses_and_details_are_kept(imported):
    post = post_by_wp_id(13)
    by_author = {comment.author_name: comment for comment in Comment.objects.filter(post=post)}
    assert by_author["Held"].status == Comment.Status.PENDING
    assert by_author["Spammer"].status == Comment.Status.SPAM
    assert by_author["Trashed"].status == Comment.Status.REMOVED
    root = by_author["Root"]
    assert root.status == Comment.Status.APPROVED
    assert root.author_email == "reader@example.com"
    assert root.author_url == "https://reader.example.org/"
    assert root.ip_address == "203.0.113.5"
    assert root.created_at == datetime.datetime(2015, 10, 28, 9, 0, tzinfo=datetime.UTC)
    assert by_author["Spammer"].author_email == ""
    assert by_author["Spammer"].ip_address is None


def test_a_comment_by_an_imported_author_is_linked_to_the_user(imported):
    comment = Comment.objects.get(author_name="Anna Ångström")
    assert comment.user == User.objects.get(username="anna")
    # Kept as WordPress's HTML, shown sanitized (tests/wordpress/test_wxr_comments.py).
    assert comment.body == "Thanks, <strong>all</strong> &amp; everyone 😀<br />Second line"
    assert "Thanks, <strong>all</strong> &amp; everyone 😀<br>Second line" in comment.body_html


def test_a_comment_whose_parent_is_missing_becomes_top_level_and_is_reported(imported):
    orphan = Comment.objects.get(author_name="Orphan")
    assert orphan.parent is None
    assert "comment 125 replies to comment 999, which is not in the file" in imported


def test_pingbacks_and_trackbacks_are_imported_as_such_and_kept_apart(imported):
    post = post_by_wp_id(13)
    pings = Comment.objects.for_post(post).pings()
    assert {(c.kind, c.author_url) for c in pings} == {
        ("pingback", "https://pinger.example.net/post/"),
        ("trackback", "https://tracker.example.net/"),
    }
    assert not Comment.objects.for_post(post).conversation().filter(kind="pingback").exists()
    assert summary_row(imported, "pingbacks") == [1, 1, 0, 0]
    assert summary_row(imported, "trackbacks") == [1, 1, 0, 0]


def test_skip_pings_leaves_pingbacks_and_trackbacks_out(db):
    output, _ = run_import("--skip-pings")
    assert not Comment.objects.pings().exists()
    assert summary_row(output, "pingbacks") == [1, 0, 0, 1]


def test_imported_comments_send_no_email(db, mailoutbox):
    run_import()
    assert Comment.objects.count() > 0
    assert mail.outbox == []


# --- the summary, re-runs, dry runs, bad files -----------------------------------------------


def test_the_summary_counts_match_the_file(imported):
    root = ET.parse(BLOG_XML).getroot()
    items = root.findall("channel/item")
    types = [item.findtext(f"{WP}post_type") for item in items]
    comment_types = [c.findtext(f"{WP}comment_type") for c in root.iter(f"{WP}comment")]
    assert summary_row(imported, "authors")[0] == len(root.findall(f"channel/{WP}author"))
    assert summary_row(imported, "categories")[0] == len(root.findall(f"channel/{WP}category"))
    assert summary_row(imported, "posts")[0] == types.count("post")
    assert summary_row(imported, "pages")[0] == types.count("page")
    assert summary_row(imported, "attachments")[0] == types.count("attachment")
    assert summary_row(imported, "comments")[0] == comment_types.count("")
    assert summary_row(imported, "pingbacks")[0] == comment_types.count("pingback")
    in_file, created, _, skipped = summary_row(imported, "posts")
    assert created == Post.objects.count() == in_file - skipped
    assert summary_row(imported, "comments")[1] + 2 == Comment.objects.count()


def test_a_second_run_changes_nothing(imported, uploads):
    before = {
        model: list(model.objects.order_by("pk").values())
        for model in (Post, Page, Category, Tag, Image, Comment, User, WordPressItem)
    }
    output, _ = run_import("--media-dir", str(uploads))
    after = {model: list(model.objects.order_by("pk").values()) for model in before}
    assert after == before
    for label in ("authors", "categories", "tags", "posts", "pages", "comments", "attachments"):
        assert summary_row(output, label)[1] == 0, label


def test_a_dry_run_reports_what_would_change_and_writes_nothing(db, uploads, settings):
    output, _ = run_import("--media-dir", str(uploads), "--dry-run")
    assert output.startswith("Dry run: nothing was written.")
    assert summary_row(output, "posts") == [11, 10, 0, 1]
    assert summary_row(output, "attachments") == [2, 1, 0, 1]
    assert Post.objects.count() == Comment.objects.count() == User.objects.count() == 0
    assert Image.objects.count() == WordPressItem.objects.count() == 0
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.jpg"))


def test_progress_is_reported_every_n_items(db):
    _, err = run_import("--progress-every", "5")
    assert "importing: 5 items" in err
    assert "importing: 15 items, 100% of the file" in err


def test_malformed_xml_stops_with_the_line_number_and_imports_nothing(db):
    lines = (SAMPLES / "malformed.xml").read_text().splitlines()
    broken_line = next(n for n, line in enumerate(lines, 1) if "an unclosed <b>" in line)
    with pytest.raises(CommandError) as error:
        run_import(path=SAMPLES / "malformed.xml")
    assert f"not well-formed XML at line {broken_line}," in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert Post.objects.count() == User.objects.count() == 0


def test_a_failure_halfway_rolls_back_everything_and_removes_copied_pictures(
    db, uploads, settings, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer_module, "comment_import", broken)
    with pytest.raises(CommandError, match=r"stopped \(RuntimeError: disk full\)"):
        run_import("--media-dir", str(uploads))
    assert Post.objects.count() == Category.objects.count() == Image.objects.count() == 0
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.jpg"))


def test_entity_expansion_is_refused(db, tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<rss><channel><title>&b;</title></channel></rss>"
    )
    with pytest.raises(CommandError, match="refused for safety"):
        run_import(path=bomb)


def test_a_file_that_is_not_a_wordpress_export_is_refused(db, tmp_path):
    other = tmp_path / "feed.xml"
    other.write_text("<feed><entry/></feed>")
    with pytest.raises(CommandError, match="Not a WordPress export"):
        run_import(path=other)
    with pytest.raises(CommandError, match="No such file"):
        run_import(path=tmp_path / "absent.xml")


def test_wxr_1_0_files_import_the_same_way(db, tmp_path):
    old = tmp_path / "old.xml"
    old.write_text(
        BLOG_XML.read_text(encoding="utf-8").replace("export/1.2/", "export/1.0/"),
        encoding="utf-8",
    )
    output, _ = run_import(path=old)
    assert summary_row(output, "posts") == [11, 10, 0, 1]
    assert post_by_wp_id(13).comments.count() == 17


# --- old links ------------------------------------------------------------------------------


def test_old_query_links_redirect_permanently_to_the_new_addresses(imported, client):
    response = client.get("/?p=13")
    assert response.status_code == 301
    assert response["Location"] == "/2015/10/27/syria-aleppo-offensive/"
    response = client.get("/?page_id=23")
    assert response.status_code == 301
    assert response["Location"] == "/about/"


def test_unknown_or_unpublished_query_links_show_the_home_page(imported, client):
    assert client.get("/?p=99999").status_code == 200
    assert client.get("/?p=19").status_code == 200  # a draft: no hint that it exists
    assert client.get("/?p=20").status_code == 200  # scheduled
    assert client.get("/?p=abc").status_code == 200


def test_the_home_page_query_budget_is_kept_with_imported_posts(
    imported, client, django_assert_max_num_queries
):
    client.get("/")  # warm the navigation and sidebar caches, as any reader before has
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200


def test_the_admin_lists_imported_items_but_cannot_add_or_change_them(imported, staff_client):
    response = staff_client.get("/admin/wordpress/wordpressitem/?kind=post")
    assert response.status_code == 200
    assert "syria-aleppo-offensive" not in response.text  # the list shows WordPress keys
    assert ">13<" in response.text
    assert staff_client.get("/admin/wordpress/wordpressitem/add/").status_code == 403


def test_readers_cannot_see_the_wordpress_item_admin(imported, client):
    response = client.get("/admin/wordpress/wordpressitem/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_rows_deleted_here_since_the_last_import_are_imported_again(imported, uploads):
    post_by_wp_id(12).delete()  # takes its comment along
    Comment.objects.get(author_name="Held").delete()
    Image.objects.all().delete()
    output, _ = run_import("--media-dir", str(uploads))
    assert post_by_wp_id(12).comments.get().body == "First!"
    assert Comment.objects.filter(author_name="Held").count() == 1
    assert post_by_wp_id(13).featured_image is None  # the existing post is left as it is
    assert Image.objects.count() == 1
    assert summary_row(output, "posts") == [11, 1, 9, 1]
    assert summary_row(output, "comments")[1] == 2


def test_a_suffixed_slug_already_taken_here_is_skipped_too(db, author):
    PostFactory(author=author, slug="same-slug")
    PostFactory(author=author, slug="same-slug-2")
    run_import()
    assert post_by_wp_id(17).slug == "same-slug-3"
    assert post_by_wp_id(18).slug == "same-slug-4"


def test_bad_options_stop_with_a_clear_message(db, tmp_path):
    with pytest.raises(CommandError, match="--media-dir is not a folder"):
        run_import("--media-dir", str(tmp_path / "nowhere"))
    with pytest.raises(CommandError, match="--progress-every must be at least 1"):
        run_import("--progress-every", "0")
    assert Post.objects.count() == 0


def small_export(tmp_path, body: str, attachment_url: str) -> Path:
    """A post with a featured image, cut from the sample's own header."""
    head = BLOG_XML.read_text(encoding="utf-8").split("\t<item>")[0]
    path = tmp_path / "small.xml"
    path.write_text(
        head
        + f"""<item><title>Pictures</title><link>https://oldblog.example.com/2016/01/02/pictures/</link>
<dc:creator>anna</dc:creator><content:encoded><![CDATA[{body}]]></content:encoded>
<wp:post_id>50</wp:post_id><wp:post_date>2016-01-02 10:00:00</wp:post_date>
<wp:post_date_gmt>2016-01-02 10:00:00</wp:post_date_gmt><wp:post_name>pictures</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>51</wp:meta_value></wp:postmeta>
</item>
<item><title>pic</title><wp:post_id>51</wp:post_id><wp:post_type>attachment</wp:post_type>
<wp:status>inherit</wp:status><wp:attachment_url>{attachment_url}</wp:attachment_url></item>
</channel></rss>""",
        encoding="utf-8",
    )
    return path


def test_wordpress_com_picture_addresses_are_found_in_the_media_folder(db, tmp_path, uploads):
    path = small_export(
        tmp_path,
        '<img src="https://oldblog.files.wordpress.com/2015/10/aleppo.jpg?w=300" alt="x">',
        "https://oldblog.files.wordpress.com/2015/10/aleppo.jpg",
    )
    run_import("--media-dir", str(uploads), path=path)
    post = post_by_wp_id(50)
    assert post.featured_image is not None
    assert f'src="{post.featured_image.file.url}"' in post.body_html


def test_addresses_that_climb_out_of_the_media_folder_are_not_read(db, tmp_path, uploads):
    (uploads.parent / "secret.jpg").write_bytes(jpeg_bytes())
    path = small_export(
        tmp_path,
        '<img src="https://oldblog.example.com/wp-content/uploads/../secret.jpg">',
        "https://oldblog.example.com/wp-content/uploads/%2e%2e/secret.jpg",
    )
    output, _ = run_import("--media-dir", str(uploads), path=path)
    assert Image.objects.count() == 0
    assert "wp-content/uploads/../secret.jpg" in output.split("Missing media")[1]


def test_a_time_zone_chosen_here_is_kept_and_the_moved_dates_are_reported(db, settings):
    # UTC+14: 10:30 UTC is the next day there; the export's dates are UTC.
    Blog.objects.create(name="Mine", time_zone="Pacific/Kiritimati")
    output, _ = run_import()
    post = post_by_wp_id(13)
    assert post.get_absolute_url() == "/2015/10/28/syria-aleppo-offensive/"
    assert "Time zone UTC (from the dates of 8 published items): the blog keeps its own" in output
    assert (
        "address changes from https://oldblog.example.com/2015/10/27/syria-aleppo-offensive/ "
        "to /2015/10/28/syria-aleppo-offensive/ (only the date differs" in output
    )


def test_the_import_purges_the_page_cache_once_after_writing_every_row(
    db, client, uploads, page_cache, monkeypatch
):
    home = client.get("/")
    assert home.headers["X-Page-Cache"] == "miss"
    purges = []
    real_bump = kept._new_generation
    monkeypatch.setattr(kept, "_new_generation", lambda: purges.append(1) or real_bump())

    run_import("--media-dir", str(uploads))

    assert Comment.objects.approved().count() > 1 and Post.objects.count() > 1
    assert len(purges) == 1
    fresh = client.get("/")
    assert fresh.headers["X-Page-Cache"] == "miss"
    assert (
        Post.objects.published().order_by("-published_at").first().title in fresh.content.decode()
    )
