"""Password-protected posts as WordPress keeps them: a form at the post's address; the text, the
excerpt and the comments hidden until the right password; out of every list that shows text."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from blog import pagecache, protection
from blog.models import PROTECTED_SUMMARY, Post
from subscriptions.services import posts_announce
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    PostFactory,
    PostSubscriptionFactory,
    at_the_start_of_a_minute,
)

pytestmark = pytest.mark.django_db

SECRET = "The body only friends may read."
PASSWORD = "open sesame"


@pytest.fixture
def protected():
    return PostFactory(
        title="Family news",
        slug="family-news",
        body=f"{SECRET}\n\nMore of it, for friends.",
        excerpt="A hand-written excerpt, private too.",
        password=PASSWORD,
    )


def unlock(client, post, password=PASSWORD, **extra):
    return client.post(
        post.get_absolute_url(),
        {"password": password},
        HTTP_ORIGIN="http://testserver",
        **extra,
    )


def test_a_protected_post_shows_the_password_form_and_none_of_its_text(client, protected):
    CommentFactory(post=protected, body="A comment friends wrote")
    response = client.get(protected.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="post-password-form"' in page
    assert 'type="password"' in page
    assert "Protected: </span>Family news" in page
    assert SECRET not in page
    assert "hand-written excerpt" not in page  # not even in the description meta tags
    assert "A comment friends wrote" not in page
    assert PROTECTED_SUMMARY in page  # what the description says instead


def test_the_right_password_unlocks_the_post_with_a_signed_cookie_for_ten_days(client, protected):
    response = unlock(client, protected)
    assert response.status_code == 302
    assert response["Location"] == protected.get_absolute_url()
    cookie = response.cookies[f"postpass_{protected.pk}"]
    assert cookie["max-age"] == 10 * 24 * 3600
    assert cookie["path"] == "/"  # the comment form's address sees it too (comments.views)
    assert cookie["httponly"]
    assert cookie.value != PASSWORD and PASSWORD not in cookie.value

    page = client.get(protected.get_absolute_url()).content.decode()
    assert SECRET in page
    assert 'class="post-password-form"' not in page

    with time_machine.travel(timezone.now() + datetime.timedelta(days=10, minutes=1)):
        assert SECRET not in client.get(protected.get_absolute_url()).content.decode()


def test_a_wrong_password_says_so_with_a_403_and_sets_no_cookie(client, protected):
    response = unlock(client, protected, password="guess")
    assert response.status_code == 403
    assert "not the password of this post" in response.content.decode()
    assert SECRET not in response.content.decode()
    assert not response.cookies


def test_a_forged_or_another_posts_cookie_does_not_unlock(client, protected):
    other = PostFactory(password="other")
    unlock(client, other, password="other")
    client.cookies[f"postpass_{protected.pk}"] = client.cookies[f"postpass_{other.pk}"].value
    assert SECRET not in client.get(protected.get_absolute_url()).content.decode()
    client.cookies[f"postpass_{protected.pk}"] = "forged"
    assert SECRET not in client.get(protected.get_absolute_url()).content.decode()


def test_changing_the_password_locks_readers_out_again(client, protected):
    unlock(client, protected)
    protected.password = "new one"
    protected.save()
    assert SECRET not in client.get(protected.get_absolute_url()).content.decode()


def test_password_guesses_are_rate_limited(client, protected, settings):
    settings.RATELIMIT_POST_PASSWORD = "3/m"
    with at_the_start_of_a_minute():
        statuses = [unlock(client, protected, password=f"guess {n}").status_code for n in range(4)]
    assert statuses == [403, 403, 403, 429]


def test_a_cross_site_password_post_is_refused(protected):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        protected.get_absolute_url(), {"password": PASSWORD}, HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    assert not response.cookies


def test_lists_show_the_title_marked_protected_but_no_excerpt(client, protected):
    page = client.get("/").content.decode()
    assert "Protected: Family news" in page
    assert PROTECTED_SUMMARY in page
    assert SECRET not in page and "hand-written excerpt" not in page


def test_protected_posts_stay_out_of_feeds_search_sitemap_and_comment_feeds(client, protected):
    PostFactory(title="Open post", body="Secret words are not here.")
    CommentFactory(post=protected, body="A comment friends wrote")
    for url in ("/feed/", "/feed/atom/", "/sitemap.xml", "/comments/feed/"):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert "family-news" not in body and "Family news" not in body, url
        assert "friends wrote" not in body, url
    for words in ("friends", "Family news"):
        search = client.get("/search/", {"q": words}).content.decode()
        assert "No posts matched" in search, words
    assert client.get(f"/comments/feed/{protected.pk}/").status_code == 404


def test_protected_posts_are_not_related_posts(client, protected):
    category = CategoryFactory()
    protected.categories.add(category)
    open_post = PostFactory(categories=[category])
    page = client.get(open_post.get_absolute_url()).content.decode()
    related = (
        page.split('class="related-posts"')[1].split("</section>")[0]
        if 'class="related-posts"' in page
        else ""
    )
    assert "family-news" not in related
    other = PostFactory(categories=[category])
    page = client.get(open_post.get_absolute_url()).content.decode()
    assert other.get_absolute_url() in page.split('class="related-posts"')[1].split("</section>")[0]


def test_protected_posts_are_not_announced(protected):
    PostSubscriptionFactory()
    open_post = PostFactory(title="For everyone")
    made = posts_announce()
    assert [announcement.post for announcement in made] == [open_post]


def test_the_unlocked_page_is_never_kept_nor_served_from_the_page_cache(client, page_cache):
    post = PostFactory(body=SECRET, password=PASSWORD)
    url = post.get_absolute_url()
    first = client.get(url)
    assert first.headers.get(pagecache.HIT_HEADER) is None  # the form page: private too
    unlock(client, post)
    unlocked = client.get(url)
    assert SECRET in unlocked.content.decode()
    assert "no-store" in unlocked["Cache-Control"]
    assert not list(page_cache.rglob("index.html"))
    client.cookies.clear()
    assert SECRET not in client.get(url).content.decode()


def test_a_reader_with_an_unlock_cookie_never_gets_a_shared_page(rf):
    request = rf.get("/2024/01/01/x/", HTTP_COOKIE="postpass_7=abc")
    assert not pagecache.request_is_anonymous(request)
    assert protection.has_unlock_cookie(request.COOKIES)


def test_a_post_without_password_is_readable_and_posting_to_it_just_redirects(client):
    post = PostFactory(body=SECRET)
    assert SECRET in client.get(post.get_absolute_url()).content.decode()
    response = unlock(client, post, password="anything")
    assert response.status_code == 302 and not response.cookies


def test_the_author_sets_and_removes_the_password_in_the_admin(staff_client, protected):
    change = f"/admin/blog/post/{protected.pk}/change/"
    form = staff_client.get(change).content.decode()
    assert 'name="password"' in form and f'value="{PASSWORD}"' in form
    data = {
        "title": protected.title,
        "slug": protected.slug,
        "body": protected.body,
        "excerpt": "",
        "format": "",
        "status": "published",
        "published_at_0": timezone.localtime(protected.published_at).strftime("%Y-%m-%d"),
        "published_at_1": timezone.localtime(protected.published_at).strftime("%H:%M:%S"),
        "author": protected.author.pk,
        "allow_comments": "on",
        "password": "",
        "attached_images-TOTAL_FORMS": "0",
        "attached_images-INITIAL_FORMS": "0",
    }
    response = staff_client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Post.objects.get(pk=protected.pk).password == ""
    staff_client.logout()
    assert SECRET in staff_client.get(protected.get_absolute_url()).content.decode()


def test_announcement_email_of_a_protected_post_is_not_built(protected):
    from subscriptions.emails import build_announcement

    row = PostSubscriptionFactory()
    assert build_announcement(to=row.email, post=protected.pk, subscription=row.pk) is None
    assert not mail.outbox


def test_a_locked_post_s_likes_and_its_comments_likes_wait_for_the_password(client, protected):
    comment = CommentFactory(post=protected, body="A comment friends wrote")
    origin = {"origin": "http://testserver"}
    as_json = {**origin, "accept": "application/json"}
    like_comment = f"/comments/{comment.pk}/like/"
    like_post = f"/comments/post/{protected.pk}/like/"
    state = f"/comments/post/{protected.pk}/likes/"
    refused = client.post(like_comment, headers=origin)
    assert refused.status_code == 403 and "password" in refused.content.decode()
    assert client.post(like_post, headers=as_json).status_code == 403
    assert "error" in client.post(like_post, headers=as_json).json()
    assert client.get(state).status_code == 403
    comment.refresh_from_db()
    assert comment.like_count == 0 and not protected.reader_likes.exists()

    unlock(client, protected)
    assert client.post(like_comment, headers=origin).status_code == 303
    assert client.post(like_post, headers=as_json).json()["liked"] is True
    assert client.get(state).status_code == 200
