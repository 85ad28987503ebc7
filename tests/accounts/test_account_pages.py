"""/account/: profile, picture, sign-in accounts, own comments, data download, deletion."""

import json

import pytest
from django.core.files.base import ContentFile
from social_django.models import UserSocialAuth

from accounts.models import User
from comments.models import Comment
from tests.factories import PostFactory, ReaderFactory, SocialAuthFactory, UserFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def make_comment(post, user=None, parent=None, **fields) -> Comment:
    defaults = {"body": "A thought.", "status": Comment.Status.APPROVED}
    if user is not None:
        defaults |= {"author_name": user.get_display_name(), "author_email": user.email}
    return Comment.objects.create(post=post, user=user, parent=parent, **(defaults | fields))


@pytest.fixture
def reader(db):
    reader = ReaderFactory(display_name="Ada Lovelace", email="ada@example.com")
    SocialAuthFactory(user=reader, provider="google-oauth2")
    return reader


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


# --- signed out ----------------------------------------------------------------------------------
def test_anonymous_visitors_get_the_sign_in_page(client, providers):
    response = client.get("/account/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="post-title">Sign in</h1>' in html
    assert 'action="/login/google-oauth2/"' in html
    assert 'name="next" value="/account/"' in html


def test_the_sign_in_page_says_so_when_no_provider_is_set_up(client, no_providers):
    html = client.get("/account/").content.decode()

    assert "Signing in with another account is not set up on this site." in html


@pytest.mark.parametrize("path", ["/account/comments/", "/account/data/", "/account/delete/"])
def test_account_pages_send_anonymous_visitors_to_sign_in_and_back(client, providers, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/account/?next={path}"
    page = client.get(response["Location"]).content.decode()
    assert f'name="next" value="{path}"' in page


def test_anonymous_posts_change_nothing(client):
    assert client.post("/account/", {"display_name": "x"})["Location"] == "/account/"
    assert client.post("/account/delete/", {"comments": "remove"}).status_code == 302
    assert client.post("/account/avatar/remove/").status_code == 302


# --- profile -------------------------------------------------------------------------------------
def test_profile_shows_name_provider_and_comment_count(
    reader_client, reader, providers, post, django_assert_max_num_queries
):
    make_comment(post, reader)
    make_comment(post, reader, status=Comment.Status.PENDING)

    # session, user, sign-in accounts, comment count; the shared parts of the page are cached
    reader_client.get("/account/")  # warm the sidebar and navigation caches
    with django_assert_max_num_queries(7):
        response = reader_client.get("/account/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Ada Lovelace"' in html
    assert "You are commenting using your Google account." in html
    assert '<a href="/account/comments/">2 comments</a>' in html


def test_editing_the_display_name(reader_client, reader):
    response = reader_client.post("/account/", {"display_name": "  Countess Lovelace "})

    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.display_name == "Countess Lovelace"
    assert "Your display name is saved." in reader_client.get("/account/").content.decode()


@pytest.mark.parametrize("bad", ["", "   ", "x" * 151])
def test_a_bad_display_name_is_refused_and_what_was_typed_is_kept(reader_client, reader, bad):
    response = reader_client.post("/account/", {"display_name": bad})

    assert response.status_code == 400
    html = response.content.decode()
    assert "invalid-feedback" in html
    if bad.strip():
        assert f'value="{bad}"' in html
    reader.refresh_from_db()
    assert reader.display_name == "Ada Lovelace"


def test_a_hostile_display_name_is_saved_as_text_and_escaped(reader_client, reader):
    reader_client.post("/account/", {"display_name": "<script>alert(1)</script>"})

    html = reader_client.get("/account/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_avatar_is_shown_and_can_be_removed(reader_client, reader):
    reader.avatar.save("ada.jpg", ContentFile(jpeg_bytes()), save=True)
    path = reader.avatar.path

    assert f'src="{reader.avatar.url}"' in reader_client.get("/account/").content.decode()
    response = reader_client.post("/account/avatar/remove/")

    assert response["Location"] == "/account/"
    reader.refresh_from_db()
    assert not reader.avatar
    import os

    assert not os.path.exists(path)


# --- sign-in accounts ----------------------------------------------------------------------------
def test_connected_and_connectable_providers_are_listed(reader_client, providers):
    html = reader_client.get("/account/").content.decode()

    assert "Connected" in html
    assert 'action="/login/twitter-oauth2/"' in html  # Connect
    assert 'action="/login/facebook/"' in html


def test_the_only_way_to_sign_in_cannot_be_disconnected(reader_client, reader, providers):
    social = reader.social_auth.get()

    html = reader_client.get("/account/").content.decode()
    assert "/disconnect/" not in html
    assert "Your only way to sign in" in html

    response = reader_client.post(f"/disconnect/google-oauth2/{social.pk}/", {"next": "/account/"})

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert UserSocialAuth.objects.filter(pk=social.pk).exists()
    assert "Google is your only way to sign in, so it stays connected." in (
        reader_client.get("/account/").content.decode()
    )


def test_one_of_two_providers_can_be_disconnected(reader_client, reader, providers):
    reader.auth_provider = "google-oauth2"
    reader.save()
    facebook = SocialAuthFactory(user=reader, provider="facebook")
    google = reader.social_auth.get(provider="google-oauth2")

    assert (
        f"/disconnect/google-oauth2/{google.pk}/" in reader_client.get("/account/").content.decode()
    )
    response = reader_client.post(f"/disconnect/google-oauth2/{google.pk}/", {"next": "/account/"})

    assert response["Location"] == "https://testserver/account/"
    assert list(reader.social_auth.all()) == [facebook]
    reader.refresh_from_db()
    assert reader.auth_provider == "facebook"  # the badge names one still connected


def test_disconnect_needs_post_and_csrf(reader, providers):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(reader)
    social = reader.social_auth.get()
    SocialAuthFactory(user=reader, provider="facebook")

    assert csrf_client.get(f"/disconnect/google-oauth2/{social.pk}/").status_code == 405
    assert csrf_client.post(f"/disconnect/google-oauth2/{social.pk}/").status_code == 403
    assert UserSocialAuth.objects.filter(pk=social.pk).exists()


def test_nobody_can_disconnect_someone_elses_account(client, reader, providers):
    intruder = ReaderFactory()
    SocialAuthFactory(user=intruder, provider="google-oauth2")
    SocialAuthFactory(user=intruder, provider="facebook")
    client.force_login(intruder)
    social = reader.social_auth.get()

    client.post(f"/disconnect/google-oauth2/{social.pk}/", {"next": "/account/"})

    assert UserSocialAuth.objects.filter(pk=social.pk).exists()


def test_staff_see_that_they_sign_in_with_a_password(client, providers, author):
    client.force_login(author)

    html = client.get("/account/").content.decode()

    assert "Staff accounts sign in with a password" in html
    assert "/login/google-oauth2/" not in html
    assert "Delete my account" not in html


# --- own comments --------------------------------------------------------------------------------
def test_the_reader_sees_their_own_comments_with_their_status(
    reader_client, reader, django_assert_max_num_queries
):
    first = PostFactory(title="First post")
    second = PostFactory(title="Second post")
    make_comment(first, reader, body="Published words")
    make_comment(second, reader, body="Waiting words", status=Comment.Status.PENDING)
    make_comment(second, UserFactory(), body="Someone else's words")
    make_comment(second, None, body="An anonymous reader's words", author_name="Anon")

    # session, user, count, the page of comments with their posts (shared parts cached)
    reader_client.get("/account/comments/")  # warm the sidebar and navigation caches
    with django_assert_max_num_queries(7):
        response = reader_client.get("/account/comments/")

    html = response.content.decode()
    assert "Published words" in html and "Waiting words" in html
    assert "Someone else" not in html and "anonymous reader" not in html
    assert "Awaiting moderation" in html and "Published" in html
    assert html.index("Waiting words") < html.index("Published words")  # newest first


def test_many_comments_are_paginated_at_a_fixed_cost(
    reader_client, reader, post, django_assert_max_num_queries
):
    for number in range(45):
        make_comment(post, reader, body=f"Comment {number}")

    reader_client.get("/account/comments/?page=3")  # warm the sidebar and navigation caches
    with django_assert_max_num_queries(7):
        response = reader_client.get("/account/comments/?page=3")

    assert response.status_code == 200
    assert "Page 3 of 3" in response.content.decode()
    assert reader_client.get("/account/comments/?page=9").status_code == 404


# --- download my data ----------------------------------------------------------------------------
def test_download_my_data_has_the_profile_and_every_comment(reader_client, reader, post):
    parent = make_comment(post, reader, body="First!")
    make_comment(post, reader, parent=parent, body="Second", status=Comment.Status.PENDING)
    make_comment(post, UserFactory(), body="Not mine")

    response = reader_client.get("/account/data/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="broadsheet-{reader.username}.json"'
    )
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["profile"]["display_name"] == "Ada Lovelace"
    assert data["profile"]["email"] == "ada@example.com"
    assert [account["provider"] for account in data["profile"]["connected_accounts"]] == [
        "google-oauth2"
    ]
    assert [comment["body"] for comment in data["comments"]] == ["First!", "Second"]
    assert data["comments"][1]["status"] == "pending"
    assert data["comments"][1]["in_reply_to"] == parent.pk
    assert data["comments"][0]["url"] == f"{post.get_absolute_url()}#comment-{parent.pk}"


def test_the_data_download_holds_no_access_tokens(reader_client, reader):
    reader.social_auth.update(extra_data={"access_token": "secret-token", "sub": "1"})

    assert b"secret-token" not in reader_client.get("/account/data/").content


# --- delete my account ---------------------------------------------------------------------------
def test_the_confirmation_page_offers_the_choice(reader_client, reader, post):
    make_comment(post, reader)

    html = reader_client.get("/account/delete/").content.decode()

    assert "You have 1 comment." in html
    assert 'value="remove"' in html and 'value="keep"' in html
    assert "Deleted user" in html


def test_deleting_without_choosing_asks_again(reader_client, reader):
    response = reader_client.post("/account/delete/", {})

    assert response.status_code == 400
    assert "Choose what happens to your comments." in response.content.decode()
    assert User.objects.filter(pk=reader.pk).exists()


def test_delete_and_remove_my_comments_keeps_other_readers_replies(reader_client, reader, post):
    reader.avatar.save("ada.jpg", ContentFile(jpeg_bytes()), save=True)
    avatar_path = reader.avatar.path
    other = UserFactory()
    top = make_comment(post, other, body="Someone else starts")
    mine = make_comment(post, reader, parent=top, body="My reply")
    mine_again = make_comment(post, reader, parent=mine, body="My second reply")
    answer = make_comment(post, other, parent=mine_again, body="An answer to me")

    response = reader_client.post("/account/delete/", {"comments": "remove"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=reader.pk).exists()
    assert not UserSocialAuth.objects.filter(user_id=reader.pk).exists()
    assert not Comment.objects.filter(body__startswith="My").exists()
    answer.refresh_from_db()
    assert answer.parent_id == top.pk  # moved up to the nearest comment that stays
    assert Comment.objects.filter(pk=top.pk).exists()
    assert "_auth_user_id" not in reader_client.session
    import os

    assert not os.path.exists(avatar_path)
    assert "Your account is deleted." in reader_client.get("/").content.decode()


def test_delete_and_keep_my_comments_under_deleted_user(reader_client, reader, post):
    mine = make_comment(
        post,
        reader,
        body="Still worth reading",
        author_url="https://ada.example/",
        ip_address="192.0.2.1",
        user_agent="Firefox",
    )

    reader_client.post("/account/delete/", {"comments": "keep"})

    mine.refresh_from_db()
    assert mine.body == "Still worth reading"
    assert mine.user is None
    assert mine.display_name == "Deleted user"
    assert (mine.author_email, mine.author_url, mine.ip_address, mine.user_agent) == (
        "",
        "",
        None,
        "",
    )
    assert not User.objects.filter(pk=reader.pk).exists()


def test_staff_cannot_delete_their_account_here(client, author, post):
    client.force_login(author)

    assert "Staff accounts are deleted by an administrator" in (
        client.get("/account/delete/").content.decode()
    )
    assert client.post("/account/delete/", {"comments": "remove"}).status_code == 403
    assert User.objects.filter(pk=author.pk).exists()


def test_delete_needs_the_csrf_token(reader):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(reader)

    assert csrf_client.post("/account/delete/", {"comments": "remove"}).status_code == 403
    assert User.objects.filter(pk=reader.pk).exists()


@pytest.mark.parametrize(
    "name", ["Ada\r\nBcc: victim@example.org", "Ada\tLovelace", "Ada\u2028IP address: 1.2.3.4"]
)
def test_a_display_name_with_control_characters_is_refused(client, name):
    reader = ReaderFactory(display_name="Ada")
    client.force_login(reader)
    response = client.post("/account/", {"display_name": name})
    assert response.status_code == 400
    assert "Please keep this on one line" in response.content.decode()
    reader.refresh_from_db()
    assert reader.display_name == "Ada"
