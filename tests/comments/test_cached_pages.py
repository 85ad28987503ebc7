"""The page cache and the shared article/thread fragments, driven through the real views and
services: whatever a moderator, a commenter, the author or the clock changes is on every page
that shows it at the very next anonymous visit, and nobody's personal page reaches anyone else."""

import datetime

import pytest
import time_machine
from django.forms.models import model_to_dict
from django.test import Client
from django.utils import timezone

from blog.services import image_save
from comments.models import Comment, DiscussionSettings
from tests.factories import ImageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

MODES = [
    pytest.param(True, id="page-cache-on"),
    pytest.param(False, id="page-cache-off"),
]


@pytest.fixture(params=MODES)
def cached(request, settings, tmp_path):
    """Every test runs with the page cache on (whole pages and files) and off (the shared
    article and thread fragments alone)."""
    settings.PAGE_CACHE = request.param
    settings.PAGE_CACHE_DIR = str(tmp_path / "pages") if request.param else ""
    return request.param


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def commenter(comment_data, create_url):
    """A reader who left a comment through the form: it is held (a first comment)."""
    browser = Client()
    response = browser.post(create_url, comment_data(comment="My first words here"))
    assert response.status_code == 302
    browser.comment = Comment.objects.get(body="My first words here")
    assert browser.comment.status == Comment.Status.PENDING
    return browser


@pytest.fixture
def moderator_client(moderator):
    browser = Client()
    browser.force_login(moderator)
    return browser


def seen(browser, url: str) -> str:
    response = browser.get(url)
    assert response.status_code == 200
    return response.content.decode()


def warm(browser, *urls: str) -> None:
    """Visit twice, so the pages (or their fragments) are in the cache."""
    for url in urls:
        seen(browser, url)
        seen(browser, url)


def test_a_comment_approved_by_a_moderator_appears_on_every_page_at_once(
    cached, anonymous, commenter, moderator_client, post
):
    pages = [post.get_absolute_url(), "/", "/comments/feed/", f"/comments/feed/{post.pk}/"]
    warm(anonymous, *pages)
    assert all("My first words here" not in seen(anonymous, url) for url in pages)

    response = moderator_client.post(f"/comments/{commenter.comment.pk}/approve/")
    assert response.status_code == 302

    html = seen(anonymous, post.get_absolute_url())
    assert "My first words here" in html
    assert "1 thought on" in html or "One thought on" in html or "1 comment" in html.lower()
    assert "My first words here" in seen(anonymous, "/comments/feed/")
    assert "My first words here" in seen(anonymous, f"/comments/feed/{post.pk}/")


def test_a_comment_removed_by_a_moderator_disappears_from_every_page_at_once(
    cached, anonymous, commenter, moderator_client, post
):
    moderator_client.post(f"/comments/{commenter.comment.pk}/approve/")
    pages = [post.get_absolute_url(), "/comments/feed/", f"/comments/feed/{post.pk}/"]
    warm(anonymous, *pages)
    assert "My first words here" in seen(anonymous, post.get_absolute_url())

    assert moderator_client.post(f"/comments/{commenter.comment.pk}/remove/").status_code == 302

    for url in pages:
        assert "My first words here" not in seen(anonymous, url), url


def test_a_comment_edited_by_its_author_shows_the_new_text_to_everyone_at_once(
    cached, anonymous, commenter, moderator_client, post
):
    moderator_client.post(f"/comments/{commenter.comment.pk}/approve/")
    warm(anonymous, post.get_absolute_url(), "/comments/feed/")

    response = commenter.post(
        f"/comments/{commenter.comment.pk}/edit/", {"comment": "Second thoughts, rewritten"}
    )
    assert response.status_code == 302

    html = seen(anonymous, post.get_absolute_url())
    assert "Second thoughts, rewritten" in html and "My first words here" not in html
    assert "Second thoughts, rewritten" in seen(anonymous, "/comments/feed/")


def test_a_comment_deleted_by_its_author_disappears_at_once(
    cached, anonymous, commenter, moderator_client, post
):
    moderator_client.post(f"/comments/{commenter.comment.pk}/approve/")
    warm(anonymous, post.get_absolute_url())

    assert commenter.post(f"/comments/{commenter.comment.pk}/delete/").status_code == 302

    assert "My first words here" not in seen(anonymous, post.get_absolute_url())


def _settings_form(row: DiscussionSettings, **changes) -> dict:
    data = {**model_to_dict(row), **changes}
    data = {key: value for key, value in data.items() if key != "id"}
    # Unticked checkboxes are not sent at all.
    return {
        key: ("on" if value is True else value)
        for key, value in data.items()
        if value is not False and value is not None
    }


def test_discussion_settings_changed_in_the_admin_apply_to_cached_post_pages_at_once(
    cached, anonymous, author, post
):
    old = PostFactory(author=author, published_at=timezone.now() - datetime.timedelta(days=30))
    warm(anonymous, post.get_absolute_url(), old.get_absolute_url())
    assert "Comments are closed." not in seen(anonymous, old.get_absolute_url())

    staff = Client()
    staff.force_login(author)
    row = DiscussionSettings.load()  # the defaults until someone saves the form
    address = "/admin/comments/discussionsettings/"
    address += "add/" if row.pk is None else f"{row.pk}/change/"
    response = staff.post(address, _settings_form(row, close_after_days=7))
    assert response.status_code == 302, response.content.decode()[:2000]

    assert "Comments are closed." in seen(anonymous, old.get_absolute_url())
    assert "Comments are closed." not in seen(anonymous, post.get_absolute_url())


def test_an_image_edited_through_the_images_service_changes_every_page_showing_it(
    cached, anonymous, author
):
    image = ImageFactory(alt_text="A street in Aleppo")
    post = PostFactory(author=author, featured_image=image)
    warm(anonymous, post.get_absolute_url(), "/")
    assert "A street in Aleppo" in seen(anonymous, post.get_absolute_url())

    image.alt_text = "The old citadel at dusk"
    image_save(image=image)

    html = seen(anonymous, post.get_absolute_url())
    assert "The old citadel at dusk" in html and "A street in Aleppo" not in html


def test_a_scheduled_post_appears_on_the_home_page_and_in_its_neighbours_links_on_time(
    cached, anonymous, author
):
    now = timezone.now()
    earlier = PostFactory(author=author, title="Earlier report", published_at=now)
    PostFactory(
        author=author,
        title="Tomorrow's report",
        published_at=now + datetime.timedelta(hours=1),
    )
    warm(anonymous, "/", earlier.get_absolute_url())
    assert "Tomorrow&#x27;s report" not in seen(anonymous, "/")
    assert "Next post" not in seen(anonymous, earlier.get_absolute_url())

    with time_machine.travel(now + datetime.timedelta(hours=2)):
        assert "Tomorrow&#x27;s report" in seen(anonymous, "/")
        html = seen(anonymous, earlier.get_absolute_url())
        assert "Next post</span> Tomorrow&#x27;s report" in html


def test_publishing_a_draft_links_it_from_its_neighbour_at_once(cached, anonymous, author):
    earlier = PostFactory(
        author=author, title="Earlier report", published_at=timezone.now() - datetime.timedelta(1)
    )
    draft = PostFactory(author=author, title="Fresh report", status="draft", published_at=None)
    warm(anonymous, earlier.get_absolute_url())
    assert "Fresh report" not in seen(anonymous, earlier.get_absolute_url())

    draft.status = "published"
    draft.published_at = timezone.now()
    draft.save()

    assert "Next post</span> Fresh report" in seen(anonymous, earlier.get_absolute_url())


def test_renaming_the_author_changes_the_byline_of_the_shared_article(cached, anonymous, post):
    warm(anonymous, post.get_absolute_url())
    post.author.display_name = "Marie Colvin"
    post.author.save()
    assert "Marie Colvin" in seen(anonymous, post.get_absolute_url())


# --- Personal pages -------------------------------------------------------------------------
def test_a_reader_holding_a_pending_comment_sees_it_and_nobody_else_does(
    cached, anonymous, commenter, post
):
    warm(anonymous, post.get_absolute_url())
    mine = seen(commenter, post.get_absolute_url())
    assert "My first words here" in mine
    assert "awaiting moderation" in mine.lower()
    # The commenter's page is never kept nor served to an anonymous reader.
    response = anonymous.get(post.get_absolute_url())
    assert "My first words here" not in response.content.decode()
    if cached:
        assert response.headers.get("X-Page-Cache") == "hit"
    assert "My first words here" not in seen(Client(), post.get_absolute_url())


def test_a_signed_in_reader_gets_their_own_page_and_it_reaches_nobody_else(cached, anonymous, post):
    reader = UserFactory(username="quiet-reader")
    browser = Client()
    browser.force_login(reader)
    anonymous_form = 'name="author"'  # a signed-in reader's form asks no name
    warm(anonymous, post.get_absolute_url())
    for _ in range(2):
        response = browser.get(post.get_absolute_url())
        assert response.headers.get("X-Page-Cache") is None
        assert anonymous_form not in response.content.decode()
    assert anonymous_form in seen(anonymous, post.get_absolute_url())
    assert anonymous_form in seen(Client(), post.get_absolute_url())


def test_a_flash_message_is_shown_to_its_reader_only(
    cached, anonymous, commenter, moderator_client, post
):
    moderator_client.post(f"/comments/{commenter.comment.pk}/approve/")
    warm(anonymous, post.get_absolute_url())
    commenter.post(f"/comments/{commenter.comment.pk}/edit/", {"comment": "Rewritten once"})
    response = commenter.get(post.get_absolute_url())
    assert "Your comment was updated." in response.content.decode()
    assert response.headers.get("X-Page-Cache") is None
    assert "Your comment was updated." not in seen(anonymous, post.get_absolute_url())
    assert "Your comment was updated." not in seen(Client(), post.get_absolute_url())


def test_the_moderator_s_buttons_never_reach_an_anonymous_reader(
    cached, anonymous, commenter, moderator_client, post
):
    moderator_client.post(f"/comments/{commenter.comment.pk}/approve/")
    warm(anonymous, post.get_absolute_url())
    for _ in range(2):
        response = moderator_client.get(post.get_absolute_url())
        html = response.content.decode()
        assert f"/comments/{commenter.comment.pk}/unapprove/" in html
        assert response.headers.get("X-Page-Cache") is None
    for browser in (anonymous, Client()):
        html = seen(browser, post.get_absolute_url())
        assert "My first words here" in html
        assert "/unapprove/" not in html and "csrfmiddlewaretoken" not in html


# --- The one scheme (core.cache): what starts a new generation, and what does not --------------
def test_a_comment_approved_from_the_queue_is_on_the_post_page_at_the_next_request(
    cached, anonymous, commenter, moderator_client, post
):
    warm(anonymous, post.get_absolute_url())
    moderator_client.post(f"/comments/{commenter.comment.pk}/approve/")
    response = anonymous.get(post.get_absolute_url())
    assert "My first words here" in response.content.decode()
    if cached:
        assert response.headers["X-Page-Cache"] == "miss"


def test_a_held_comment_changes_no_kept_page(
    cached, anonymous, comment_data, create_url, post, django_assert_num_queries
):
    from core import cache as kept

    pages = [post.get_absolute_url(), "/", "/comments/feed/"]
    warm(anonymous, *pages)
    generation = kept.generation()
    response = Client().post(create_url, comment_data(comment="Waiting for a moderator"))
    assert response.status_code == 302
    assert Comment.objects.get(body="Waiting for a moderator").status == Comment.Status.PENDING
    assert kept.generation() == generation
    for url in pages:
        response = anonymous.get(url)
        assert "Waiting for a moderator" not in response.content.decode()
        if cached:
            assert response.headers["X-Page-Cache"] == "hit", url
    if not cached:
        with django_assert_num_queries(0):  # still the kept article and thread
            seen(anonymous, post.get_absolute_url())


def test_a_post_edit_is_on_home_archives_the_post_and_the_feeds_at_the_next_request(
    cached, anonymous, post
):
    local = timezone.localtime(post.published_at)
    pages = [
        post.get_absolute_url(),
        "/",
        f"/{local:%Y}/",
        f"/{local:%Y}/{local:%m}/",
        f"/author/{post.author.username}/",
        "/feed/",
        "/feed/atom/",
    ]
    warm(anonymous, *pages)
    assert all("Rewritten headline" not in seen(anonymous, url) for url in pages)
    post.title = "Rewritten headline"
    post.save()
    for url in pages:
        assert "Rewritten headline" in seen(anonymous, url), url


def test_a_signed_in_reader_with_nothing_of_their_own_shares_the_kept_thread(
    cached, anonymous, post, reader, django_assert_num_queries
):
    from tests.factories import CommentFactory

    CommentFactory(post=post, body="Somebody else's words")
    browser = Client()
    browser.force_login(reader)
    warm(browser, post.get_absolute_url())
    # The reader, and "has this reader a comment here?" (the session is read from the cache):
    # no thread query.
    with django_assert_num_queries(2) as captured:
        html = seen(browser, post.get_absolute_url())
    assert not any("body_html" in query["sql"] for query in captured.captured_queries)
    assert "Somebody else&#x27;s words" in html or "Somebody else's words" in html
    assert 'name="author"' not in html  # their own form all the same


def test_a_signed_in_reader_sees_their_held_comment_even_from_another_browser(
    cached, anonymous, post, reader
):
    from tests.factories import CommentFactory

    browser = Client()
    browser.force_login(reader)
    warm(browser, post.get_absolute_url())
    CommentFactory(post=post, user=reader, body="Written on my phone", status="pending")
    html = seen(browser, post.get_absolute_url())  # this browser's session knows nothing of it
    assert "Written on my phone" in html and "awaiting moderation" in html.lower()
    assert "Written on my phone" not in seen(anonymous, post.get_absolute_url())
