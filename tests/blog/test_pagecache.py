"""The page cache: what anonymous readers get from it, what is never kept, and every way a change
reaches the cached pages at once."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.utils import timezone
from django.utils.http import http_date

from blog import pagecache
from blog.models import Blog, Menu, MenuItem, Post
from comments.models import Comment
from core import cache as kept
from core.csrf import same_origin_post
from tests.factories import (
    CategoryFactory,
    ImageFactory,
    PageFactory,
    PostFactory,
    TagFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def cache_state(response) -> str | None:
    return response.headers.get(pagecache.HIT_HEADER)


def html(response) -> str:
    return response.content.decode()


# --- Anonymous readers ------------------------------------------------------------------------
def test_second_anonymous_visit_is_served_whole_from_the_cache_without_a_query(
    client, post, django_assert_num_queries
):
    first = client.get(post.get_absolute_url())
    assert first.status_code == 200
    assert cache_state(first) == "miss"

    with django_assert_num_queries(0):
        second = client.get(post.get_absolute_url())
    assert cache_state(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["X-Frame-Options"] == "DENY"
    assert second["Vary"] == first["Vary"] == "Cookie"
    assert "must-revalidate" in second["Cache-Control"]


def test_head_request_gets_the_cached_headers_without_a_body(client, post):
    body = client.get("/").content
    response = client.head("/")
    assert cache_state(response) == "hit"
    assert response.content == b""
    assert response["Content-Length"] == str(len(body))


def test_matching_etag_or_date_gets_304_not_modified(client, post):
    first = client.get("/")
    etag, last_modified = first["ETag"], first["Last-Modified"]

    assert client.get("/", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/", headers={"if-modified-since": last_modified}).status_code == 304
    changed = client.get("/", headers={"if-none-match": '"something-else"'})
    assert changed.status_code == 200
    assert changed.content == first.content


def test_an_edit_changes_the_etag_so_the_browser_gets_the_new_page(client, post):
    etag = client.get(post.get_absolute_url())["ETag"]
    post.title = "A Corrected Title"
    post.save()
    response = client.get(post.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "A Corrected Title" in html(response)


def test_each_page_of_a_list_is_its_own_entry_and_other_query_strings_bypass(client):
    PostFactory.create_batch(12)
    page_one, page_two = client.get("/"), client.get("/?page=2")
    assert cache_state(client.get("/?page=2")) == "hit"
    assert client.get("/?page=2").content == page_two.content != page_one.content
    assert cache_state(client.get("/?utm_source=x")) is None
    assert cache_state(client.get("/?page=2&utm_source=x")) is None


def test_not_found_pages_are_not_kept(client, post):
    client.get("/no-such-page/")
    assert cache_state(client.get("/no-such-page/")) is None
    assert client.get("/no-such-page/").status_code == 404


def test_page_cache_setting_turns_it_off(client, post, settings):
    settings.PAGE_CACHE = False
    client.get("/")
    assert cache_state(client.get("/")) is None


# --- Personal pages ---------------------------------------------------------------------------
def test_signed_in_reader_gets_a_fresh_page_and_it_is_never_shared(client, author):
    scheduled = PostFactory(
        title="Embargoed", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    client.force_login(author)
    for _ in range(2):
        response = client.get(scheduled.get_absolute_url())
        assert response.status_code == 200
        assert cache_state(response) is None
        assert "Scheduled: this post goes live" in html(response)
        assert cache_state(client.get("/")) is None

    client.logout()
    client.cookies.clear()
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert "Embargoed" not in html(client.get("/"))


def test_reader_with_a_session_such_as_a_pending_comment_gets_a_fresh_page(client, post):
    anonymous = client.get(post.get_absolute_url())
    assert cache_state(anonymous) == "miss"

    session = client.session
    session["pending_comments"] = [1]
    session.save()
    for _ in range(2):
        response = client.get(post.get_absolute_url())
        assert response.status_code == 200
        assert cache_state(response) is None


def test_reader_with_a_flash_message_gets_a_fresh_page(client, post):
    client.get("/")
    client.cookies["messages"] = "something"
    assert cache_state(client.get("/")) is None


def test_request_with_credentials_is_not_served_from_the_cache(client, post):
    client.get("/")
    assert cache_state(client.get("/", headers={"authorization": "Basic eDp5"})) is None


def test_admin_and_account_addresses_are_never_cached(client, post):
    for url in ["/admin/login/", "/admin/login/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert cache_state(response) is None


def test_pages_rendered_for_someone_with_a_session_are_not_served_to_anonymous_readers(
    client, author, post
):
    client.force_login(author)
    client.get("/")
    client.logout()
    client.cookies.clear()
    assert cache_state(client.get("/")) == "miss"


# Views that each make a page personal in one way, to check the response rules.
def sets_a_cookie(request):
    response = HttpResponse("cookie")
    response.set_cookie("seen", "1")
    return response


def uses_a_csrf_token(request):
    return HttpResponse(f"form {get_token(request)}")


def marked_private(request):
    response = HttpResponse("private")
    response["Cache-Control"] = "private"
    return response


def marked_no_store(request):
    response = HttpResponse("no-store")
    response["Cache-Control"] = "no-store"
    return response


@same_origin_post
def tokenless_form(request):
    if request.method == "POST":
        return HttpResponse(f"thanks {request.POST.get('name', '')}")
    return HttpResponse('<form method="post"><input name="name"></form>')


def a_feed(request):
    return HttpResponse("<rss></rss>", content_type="application/rss+xml; charset=utf-8")


def touches_the_session(request):
    request.session["visited"] = True
    return HttpResponse("session")


urlpatterns = [
    path("cookie/", sets_a_cookie),
    path("csrf/", uses_a_csrf_token),
    path("private/", marked_private),
    path("no-store/", marked_no_store),
    path("session/", touches_the_session),
    path("feed/", a_feed),
    path("form/", tokenless_form),
]


@pytest.mark.urls("tests.blog.test_pagecache")
@pytest.mark.parametrize("url", ["/cookie/", "/csrf/", "/private/", "/no-store/", "/session/"])
def test_responses_that_set_cookies_or_forbid_sharing_are_never_kept(client, url, page_cache):
    for _ in range(2):
        client.cookies.clear()
        response = client.get(url)
        assert response.status_code == 200
        assert cache_state(response) is None
    assert not any(page_cache.rglob("index.html"))


def test_csrf_token_of_a_reader_with_a_csrf_cookie_is_not_shared(client, settings):
    settings.ROOT_URLCONF = "tests.blog.test_pagecache"
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    first = client.get("/csrf/")
    client.cookies.clear()
    second = client.get("/csrf/")
    assert cache_state(first) is None
    assert cache_state(second) is None
    assert first.content != second.content


# --- Invalidation -----------------------------------------------------------------------------
def assert_cached(client, url: str) -> str:
    client.get(url)
    response = client.get(url)
    assert cache_state(response) == "hit", url
    return html(response)


def assert_fresh(client, url: str) -> str:
    response = client.get(url)
    assert cache_state(response) == "miss", url
    return html(response)


def test_editing_a_post_purges_its_page_the_home_page_and_archives(client, post):
    category = CategoryFactory(slug="news")
    post.categories.add(category)
    urls = [post.get_absolute_url(), "/", "/category/news/", f"/{post.published_at.year}/"]
    for url in urls:
        assert "A Published Post" in assert_cached(client, url)

    post.title = "A Retitled Post"
    post.save()

    for url in urls:
        assert "A Retitled Post" in assert_fresh(client, url)


def test_publishing_a_draft_puts_it_on_the_home_page_at_once(client, post):
    draft = PostFactory(title="Fresh News", status=Post.Status.DRAFT)
    assert "Fresh News" not in assert_cached(client, "/")
    draft.status = Post.Status.PUBLISHED
    draft.save()
    assert "Fresh News" in assert_fresh(client, "/")


def test_deleting_a_post_removes_it_from_every_cached_page(client, post):
    url = post.get_absolute_url()
    assert_cached(client, url)
    assert "A Published Post" in assert_cached(client, "/")
    post.delete()
    assert client.get(url).status_code == 404
    assert "A Published Post" not in assert_fresh(client, "/")


def test_scheduled_post_appears_when_its_time_comes(client, post):
    when = timezone.now() + datetime.timedelta(hours=1)
    PostFactory(title="Tomorrow's Story", published_at=when)
    assert "Tomorrow&#x27;s Story" not in assert_cached(client, "/")

    with time_machine.travel(when + datetime.timedelta(seconds=1), tick=False):
        assert "Tomorrow&#x27;s Story" in assert_fresh(client, "/")
        assert_cached(client, "/")


def test_purge_command_if_due_purges_only_once_a_scheduled_post_is_due(client, post, page_cache):
    when = timezone.now() + datetime.timedelta(minutes=5)
    PostFactory(title="Later", published_at=when)
    assert_cached(client, "/")
    assert (page_cache / "index.html").exists()

    call_command("purge_page_cache", "--if-due")
    assert cache_state(client.get("/")) == "hit"

    with time_machine.travel(when + datetime.timedelta(seconds=1), tick=False):
        call_command("purge_page_cache", "--if-due")
        assert not (page_cache / "index.html").exists()
        assert "Later" in assert_fresh(client, "/")


def test_purge_command_empties_everything(client, post, page_cache):
    assert_cached(client, "/")
    call_command("purge_page_cache")
    assert not (page_cache / "index.html").exists()
    assert_fresh(client, "/")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda post: post.categories.add(CategoryFactory(name="Added")), id="m2m"),
        pytest.param(lambda post: post.tags.add(TagFactory(name="Added")), id="tag-m2m"),
        # A category without posts is shown nowhere (as in WordPress): a menu item is.
        pytest.param(
            lambda post: MenuItem.objects.create(
                menu=Menu.objects.create(name="Main", is_navigation=True), title="Added", url="/x/"
            ),
            id="new-menu",
        ),
        pytest.param(lambda post: PageFactory(title="Added"), id="new-page"),
        pytest.param(lambda post: Blog.objects.create(name="Added"), id="blog-identity"),
    ],
)
def test_navigation_and_taxonomy_changes_purge(client, post, change):
    assert "Added" not in assert_cached(client, post.get_absolute_url())
    change(post)
    assert "Added" in assert_fresh(client, post.get_absolute_url())


def test_renaming_a_tag_purges_the_posts_that_show_it(client, post):
    tag = TagFactory(name="Before")
    post.tags.add(tag)
    assert "Before" in assert_cached(client, post.get_absolute_url())
    tag.name = "After"
    tag.save()
    assert "After" in assert_fresh(client, post.get_absolute_url())


def test_changing_a_featured_image_purges(client, post):
    post.featured_image = ImageFactory(alt_text="Old words")
    post.save()
    assert "Old words" in assert_cached(client, post.get_absolute_url())
    image = post.featured_image
    image.alt_text = "New words"
    image.save()
    assert "New words" in assert_fresh(client, post.get_absolute_url())
    image.delete()
    assert "New words" not in assert_fresh(client, post.get_absolute_url())


def test_renaming_an_author_purges_but_signing_in_does_not(client, post, author):
    author.display_name = "Old Name"
    author.save()
    assert "Old Name" in assert_cached(client, post.get_absolute_url())

    author.last_login = timezone.now()
    author.save(update_fields=["last_login"])
    UserFactory(username="newcomer")
    assert cache_state(client.get(post.get_absolute_url())) == "hit"

    author.display_name = "New Name"
    author.save()
    assert "New Name" in assert_fresh(client, post.get_absolute_url())


def make_comment(post, status) -> Comment:
    return Comment.objects.create(
        post=post, author_name="Reader", author_email="r@example.com", body="Hi", status=status
    )


def test_new_pending_or_spam_comment_keeps_the_cache(client, post):
    assert_cached(client, post.get_absolute_url())
    make_comment(post, Comment.Status.PENDING)
    make_comment(post, Comment.Status.SPAM)
    assert cache_state(client.get(post.get_absolute_url())) == "hit"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda post: make_comment(post, Comment.Status.APPROVED), id="new-approved"),
        pytest.param(lambda post: _set_status(post, Comment.Status.APPROVED), id="approved"),
        pytest.param(lambda post: _set_status(post, Comment.Status.REMOVED), id="removed"),
        pytest.param(lambda post: _edit_body(post), id="edited"),
        pytest.param(lambda post: Comment.objects.filter(post=post).delete(), id="deleted"),
    ],
)
def test_every_change_to_a_shown_comment_purges(client, post, change):
    make_comment(post, Comment.Status.PENDING)
    assert_cached(client, post.get_absolute_url())
    assert_cached(client, "/")
    change(post)
    assert_fresh(client, post.get_absolute_url())
    assert_fresh(client, "/")


def _set_status(post, status) -> None:
    comment = Comment.objects.get(post=post)
    comment.status = status
    comment.save()


def _edit_body(post) -> None:
    comment = Comment.objects.get(post=post)
    comment.body = "Edited"
    comment.save()


def test_changing_the_discussion_settings_purges(client, post):
    try:
        model = apps.get_model("comments", "DiscussionSettings")
    except LookupError:
        pytest.skip("comments.DiscussionSettings arrives with the comments work")
    row = model.objects.first() or model.objects.create()
    assert_cached(client, post.get_absolute_url())
    row.save()
    assert_fresh(client, post.get_absolute_url())


def test_emptied_cache_starts_a_new_generation(client, post):
    from django.core.cache import cache

    assert_cached(client, "/")
    cache.delete(kept.STATE_KEY)
    assert_fresh(client, "/")


# --- Files for nginx --------------------------------------------------------------------------
def test_anonymous_pages_are_written_as_files_and_removed_on_a_purge(client, post, page_cache):
    body = client.get(post.get_absolute_url()).content
    local = timezone.localtime(post.published_at)
    written = page_cache / f"{local:%Y}" / f"{local:%m}" / f"{local:%d}" / post.slug / "index.html"
    assert written.read_bytes() == body
    client.get("/")
    assert (page_cache / "index.html").exists()

    post.title = "Changed"
    post.save()
    assert not written.exists()
    assert not (page_cache / "index.html").exists()


def test_no_file_is_written_for_a_query_string_or_a_signed_in_reader(
    client, author, post, page_cache
):
    PostFactory.create_batch(11)
    client.get("/?page=2")
    assert not list(page_cache.rglob("index.html"))
    client.force_login(author)
    client.get(post.get_absolute_url())
    assert not list(page_cache.rglob("index.html"))


@pytest.mark.urls("tests.blog.test_pagecache")
def test_a_feed_is_cached_with_its_type_but_not_written_as_an_html_file(client, page_cache):
    client.get("/feed/")
    response = client.get("/feed/")
    assert cache_state(response) == "hit"
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert not (page_cache / "feed" / "index.html").exists()


@pytest.mark.parametrize("path", ["/../etc/", "/a/./b/", "/no-slash", "relative/"])
def test_file_paths_stay_inside_the_cache_folder(path, page_cache):
    assert pagecache.file_for_path(path) is None


def test_a_page_rendered_before_a_purge_is_not_written_after_it(post, page_cache):
    generation = kept.generation()
    kept.bump()
    pagecache._write_file("/late/", b"old", generation)
    assert not (page_cache / "late" / "index.html").exists()


@pytest.fixture
def purges(monkeypatch):
    """How many times the cache was really purged."""
    counted = []
    real_bump = kept._new_generation
    monkeypatch.setattr(kept, "_new_generation", lambda: counted.append(1) or real_bump())
    return counted


def test_bulk_changes_in_a_deferred_block_purge_once_at_its_end(client, purges, author):
    client.get("/")
    purges.clear()  # the first request starts the cache's first generation
    with kept.bumps_deferred():
        for number in range(5):
            PostFactory(author=author, title=f"Bulk {number}")
        with kept.bumps_deferred():  # nested: the outermost block purges
            PostFactory(author=author, title="Bulk inner")
        assert purges == []
        assert client.get("/").headers["X-Page-Cache"] == "hit"  # not purged yet
    assert len(purges) == 1
    assert "Bulk inner" in html(client.get("/"))


def test_a_deferred_block_that_changes_nothing_does_not_purge(client, post, purges):
    client.get("/")
    purges.clear()
    with kept.bumps_deferred():
        client.get(post.get_absolute_url())
    assert purges == []


def test_a_deferred_block_that_fails_still_purges_what_it_changed(post, purges):
    with pytest.raises(RuntimeError), kept.bumps_deferred():
        post.title = "Renamed"
        post.save()
        raise RuntimeError("halfway")
    assert len(purges) == 1


def test_cached_page_says_when_it_was_made(client, post):
    with time_machine.travel(datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)):
        response = client.get("/")
    assert response["Last-Modified"] == http_date(
        datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC).timestamp()
    )


# --- Forms on cached pages (no CSRF token, the origin is checked instead) ---------------------
@pytest.fixture
def strict_client(settings):
    from django.test import Client

    settings.ROOT_URLCONF = "tests.blog.test_pagecache"
    return Client(enforce_csrf_checks=True)


def test_a_tokenless_form_page_is_cached(strict_client):
    strict_client.get("/form/")
    assert cache_state(strict_client.get("/form/")) == "hit"


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://testserver"},
        {"sec-fetch-site": "same-origin"},
    ],
)
def test_a_post_from_this_site_is_accepted_without_a_token(strict_client, headers):
    response = strict_client.post("/form/", {"name": "Ada"}, headers=headers)
    assert response.status_code == 200
    assert response.content == b"thanks Ada"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
        {"origin": "https://evil.example", "sec-fetch-site": "same-origin"},
    ],
)
def test_a_post_from_elsewhere_or_unvouched_is_refused(strict_client, headers):
    response = strict_client.post("/form/", {"name": "Mallory"}, headers=headers)
    assert response.status_code == 403
    assert b"Mallory" not in response.content


def test_a_trusted_origin_is_accepted(strict_client, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://blog.example.com"]
    response = strict_client.post(
        "/form/", {"name": "Ada"}, headers={"origin": "https://blog.example.com"}
    )
    assert response.status_code == 200
