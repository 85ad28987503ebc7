"""Readers' likes (issue 19 item 3), through the real views: once per browser or account,
origin-checked, rate-limited, idempotent, with and without JavaScript, and never a reason for the
page cache to forget a page or to show one reader's likes to another."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from comments import likes
from comments.models import Comment, CommentLike, PostLike
from core import cache as kept
from tests.factories import CommentFactory, PostFactory, UserFactory, at_the_start_of_a_minute

pytestmark = pytest.mark.django_db

ORIGIN = {"origin": "http://testserver"}
AS_JSON = {**ORIGIN, "accept": "application/json"}


@pytest.fixture
def comment(post):
    return CommentFactory(post=post, author_name="Ada Reader", body="Worth liking.")


def like(browser, comment, *, undo=False, headers=ORIGIN, **data):
    action = "unlike" if undo else "like"
    return browser.post(f"/comments/{comment.pk}/{action}/", data, headers=headers)


def like_count(comment) -> int:
    comment.refresh_from_db()
    return comment.like_count


def test_a_reader_without_an_account_likes_a_comment_and_comes_back_to_it(client, comment):
    response = like(client, comment, next=f"{comment.post.get_absolute_url()}#comment-{comment.pk}")
    assert response.status_code == 303
    assert (
        response["Location"]
        == f"/{comment.post.get_absolute_url().strip('/')}/?liked=1#comment-{comment.pk}"
    )
    cookie = response.cookies[likes.LIKER_COOKIE]
    assert cookie["httponly"] and cookie["max-age"] >= 365 * 24 * 3600
    assert like_count(comment) == 1
    row = CommentLike.objects.get()
    assert row.user is None and row.browser and row.browser != cookie.value  # stored hashed


def test_the_page_a_like_comes_back_to_shows_it_counted_and_pressed(client, comment):
    back = like(client, comment, next=comment.get_absolute_url())["Location"]
    html = client.get(back).content.decode()
    form = re.search(
        rf'<form class="like-form"[^>]*action="/comments/{comment.pk}/unlike/".*?</form>',
        html,
        re.S,
    )
    assert form, "the button now takes the like back"
    assert 'aria-pressed="true"' in form.group(0)
    assert "1 like<" in form.group(0)


def test_liking_twice_from_one_browser_counts_once_and_unlike_takes_it_back(client, comment):
    like(client, comment)
    assert like(client, comment).status_code == 303
    assert like_count(comment) == 1 and CommentLike.objects.count() == 1
    like(client, comment, undo=True)
    assert like_count(comment) == 0 and CommentLike.objects.count() == 0
    assert like(client, comment, undo=True).status_code == 303  # nothing to take back: no change
    assert like_count(comment) == 0


def test_two_browsers_count_two(comment):
    like(Client(), comment)
    like(Client(), comment)
    assert like_count(comment) == 2


def test_a_signed_in_reader_likes_once_per_account_whatever_the_browser(comment):
    reader = UserFactory(username="ada", email="ada@example.org")
    for _ in range(2):
        browser = Client()
        browser.force_login(reader)
        like(browser, comment)
    assert like_count(comment) == 1
    assert CommentLike.objects.get().user == reader


def test_with_javascript_the_answer_is_the_count_and_the_state(client, comment):
    response = like(client, comment, headers=AS_JSON)
    assert response.status_code == 200
    assert response.json() == {"count": 1, "liked": True}
    assert like(client, comment, undo=True, headers=AS_JSON).json() == {"count": 0, "liked": False}


def test_a_like_sent_from_another_site_is_refused(comment):
    browser = Client(enforce_csrf_checks=True)
    response = like(browser, comment, headers={"origin": "https://evil.example"})
    assert response.status_code == 403
    assert like_count(comment) == 0


def test_a_like_is_a_post(client, comment):
    assert client.get(f"/comments/{comment.pk}/like/").status_code == 405
    assert like_count(comment) == 0


@pytest.mark.parametrize(
    "status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.REMOVED]
)
def test_a_comment_readers_cannot_see_cannot_be_liked(client, post, status):
    hidden = CommentFactory(post=post, status=status)
    assert like(client, hidden).status_code == 404
    assert CommentLike.objects.count() == 0


def test_a_comment_on_a_draft_cannot_be_liked(client, author):
    draft = PostFactory(author=author, status="draft")
    assert like(client, CommentFactory(post=draft)).status_code == 404


def test_liking_too_fast_is_refused_with_retry_after(client, comment, settings):
    settings.COMMENTS_LIKE_RATE = "3/m"
    with at_the_start_of_a_minute():
        for _ in range(3):
            assert like(client, comment).status_code == 303
        refused = like(client, comment)
        assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
        assert "liking very quickly" in refused.content.decode()
        as_json = like(client, comment, headers=AS_JSON)
        assert as_json.status_code == 429 and "error" in as_json.json()


def test_next_can_only_send_the_reader_back_to_this_site(client, comment):
    response = like(client, comment, next="https://evil.example/")
    assert response["Location"].startswith(comment.post.get_absolute_url())


def test_a_reader_likes_the_post(client, post):
    response = client.post(f"/comments/post/{post.pk}/like/", headers=ORIGIN)
    assert response.status_code == 303 and response["Location"].endswith("?liked=1#post-likes")
    client.post(f"/comments/post/{post.pk}/like/", headers=ORIGIN)
    assert PostLike.objects.filter(post=post).count() == 1
    html = client.get(response["Location"]).content.decode()
    form = re.search(
        r'<form class="like-form"[^>]*action="/comments/post/\d+/unlike/".*?</form>', html, re.S
    )
    assert form and "1 like<" in form.group(0) and 'aria-pressed="true"' in form.group(0)
    client.post(f"/comments/post/{post.pk}/unlike/", headers=ORIGIN)
    assert PostLike.objects.filter(post=post).count() == 0


def test_the_like_state_gives_counts_and_this_browser_s_own_likes(client, post, comment):
    other = CommentFactory(post=post)
    held = CommentFactory(post=post, status=Comment.Status.PENDING, like_count=7)
    like(Client(), other)
    like(client, comment)
    client.post(f"/comments/post/{post.pk}/like/", headers=ORIGIN)
    response = client.get(f"/comments/post/{post.pk}/likes/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert response.json() == {
        "post": {"count": 1, "liked": True},
        "comments": {str(comment.pk): 1, str(other.pk): 1},
        "liked": [comment.pk],
    }
    assert str(held.pk) not in response.json()["comments"]
    stranger = Client().get(f"/comments/post/{post.pk}/likes/").json()
    assert stranger["liked"] == [] and stranger["post"]["liked"] is False


def test_liking_keeps_the_page_cache_and_shares_no_reader_s_likes(page_cache, post, comment):
    reader, liker = Client(), Client()
    url = post.get_absolute_url()
    assert reader.get(url)["X-Page-Cache"] == "miss"
    generation = kept.generation()
    like(liker, comment, headers=AS_JSON)
    assert kept.generation() == generation  # nothing kept is forgotten
    page = liker.get(url)  # the liker's cookie does not make the page personal
    assert page["X-Page-Cache"] == "hit"
    assert reader.get(url).content == page.content
    assert 'aria-pressed="true"' not in page.content.decode()
    # The fresh count comes in the one small request.
    assert liker.get(f"/comments/post/{post.pk}/likes/").json()["liked"] == [comment.pk]


def test_a_like_is_counted_in_the_next_freshly_drawn_thread(client, post, comment):
    like(Client(), comment)
    comment.body = "Edited"
    # Any change readers see starts a new generation; the thread then shows the count.
    Comment.objects.get(pk=comment.pk).save(update_fields=["body"])
    assert "1 like<" in client.get(post.get_absolute_url()).content.decode()


def test_moderators_see_who_liked_by_username_never_by_email(client, comment, moderator):
    reader = UserFactory(username="ada_l", email="ada.secret@example.org")
    browser = Client()
    browser.force_login(reader)
    like(browser, comment)
    like(Client(), comment)
    client.force_login(moderator)
    page = client.get("/admin/comments/commentlike/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "ada_l" in html and "a reader without an account" in html
    assert "ada.secret@example.org" not in html
    assert CommentLike.objects.get(user=None).browser not in html


def test_readers_cannot_see_the_likes_list(client, reader, comment):
    client.force_login(reader)
    assert client.get("/admin/comments/commentlike/").status_code == 302


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database locks whole tables across threads.",
)
@pytest.mark.django_db(transaction=True)
def test_likes_sent_at_the_same_moment_each_count(settings):
    """Eight browsers like at once, and one browser twice at once (on PostgreSQL)."""
    settings.RATELIMIT_ENABLED = False
    comment = CommentFactory(post=PostFactory(slug="raced-likes"))
    twice = Client()
    twice.cookies[likes.LIKER_COOKIE] = "a-browser-that-sends-two-likes-at-once"
    browsers = [Client() for _ in range(8)] + [twice, twice]
    barrier, statuses = threading.Barrier(len(browsers)), []

    def send(browser):
        try:
            barrier.wait()
            statuses.append(like(browser, comment).status_code)
        except Exception as error:  # reported by the assertion below
            statuses.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(browser,)) for browser in browsers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303] * 10
    assert like_count(comment) == 9 == CommentLike.objects.filter(comment=comment).count()
