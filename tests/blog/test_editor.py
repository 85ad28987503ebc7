"""The writing desk in the admin: preview, image upload, autosave, the buttons, the desk, the
post list's status and the staff bar."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog.models import Image, Post, PostRevision
from comments.models import Comment
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    PostFactory,
    TagFactory,
    UserFactory,
    jpeg_bytes,
)

pytestmark = pytest.mark.django_db

PREVIEW = "/admin/blog/post/preview/"
UPLOAD = "/admin/blog/post/upload-image/"


@pytest.fixture
def moderator():
    user = UserFactory(username="mod", is_staff=True)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def form_data(post: Post | None = None, **changes) -> dict:
    data = {
        "title": post.title if post else "A new post",
        "slug": post.slug if post else "a-new-post",
        "body": post.body if post else "Words.",
        "excerpt": "",
        "status": post.status if post else "draft",
        "author": (post.author_id if post else ""),
        "allow_comments": "on",
        "published_at_0": "",
        "published_at_1": "",
        "attached_images-TOTAL_FORMS": "0",
        "attached_images-INITIAL_FORMS": "0",
        "attached_images-MIN_NUM_FORMS": "0",
        "attached_images-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


# --- Live preview --------------------------------------------------------------------------------
def test_the_preview_renders_the_body_as_the_published_page_does(staff_client, author):
    body = "## A heading\n\nSome **bold** words and a [link](https://example.org/)."
    result = staff_client.post(PREVIEW, {"body": body}).json()
    post = PostFactory(author=author, body=body)
    assert result["html"] == post.body_html
    assert "<h2" in result["html"] and "<strong>bold</strong>" in result["html"]
    assert result["words"] == 9 and result["minutes"] == 1


def test_the_preview_sanitizes_hostile_input(staff_client):
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:x">y</a>'
    html = staff_client.post(PREVIEW, {"body": hostile}).json()["html"]
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


def test_the_preview_is_for_staff_who_write_only(client, moderator):
    assert client.post(PREVIEW, {"body": "x"}).status_code == 302  # to the sign-in page
    reader = UserFactory(username="reader")
    client.force_login(reader)
    assert client.post(PREVIEW, {"body": "x"}).status_code == 302
    client.force_login(moderator)
    assert client.post(PREVIEW, {"body": "x"}).status_code == 403


def test_the_preview_takes_only_a_post_with_a_csrf_token(author):
    client = Client(enforce_csrf_checks=True)
    client.force_login(author)
    assert client.get(PREVIEW).status_code == 405
    assert client.post(PREVIEW, {"body": "x"}).status_code == 403


def test_the_unsaved_form_can_be_previewed_before_the_first_save(staff_client):
    response = staff_client.post(
        "/admin/blog/post/preview-page/", {"title": "Not yet saved", "body": "First **words**."}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not yet saved" in html and "<strong>words</strong>" in html
    assert "Preview of unsaved changes" in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert not Post.objects.exists()


# --- Images from the editor ---------------------------------------------------------------------
def upload(client, content: bytes, name="harbour.jpg", **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"file": SimpleUploadedFile(name, content, content_type="image/jpeg"), **fields}
    return client.post(UPLOAD, data)


def test_an_image_from_the_editor_goes_through_the_images_pipeline(staff_client):
    response = upload(staff_client, jpeg_bytes(800, 600), alt_text="Boats", caption="Dawn")
    assert response.status_code == 201
    result = response.json()
    image = Image.objects.get(pk=result["id"])
    assert image.alt_text == "Boats" and image.caption == "Dawn" and image.renditions
    assert result["markdown"] == image.markdown and f"image:{image.pk}" in result["markdown"]


def test_an_image_without_alt_text_or_not_an_image_gets_a_clear_message(staff_client):
    no_alt = upload(staff_client, jpeg_bytes(), alt_text="  ")
    assert no_alt.status_code == 400 and "alt text" in no_alt.json()["error"]
    fake = upload(staff_client, b"<svg onload=alert(1)></svg>", name="x.jpg", alt_text="x")
    assert fake.status_code == 400 and fake.json()["error"]
    assert not Image.objects.exists()


# --- Autosave ------------------------------------------------------------------------------------
def test_autosave_keeps_what_is_typed_apart_from_the_published_post(staff_client, post, author):
    url = reverse("admin:blog_post_autosave", args=[post.pk])
    before = (post.title, post.body, post.body_html)
    for typed in ("First draft of a", "First draft of a new paragraph"):
        assert staff_client.post(url, {"title": "New title", "body": typed}).status_code == 200
    post.refresh_from_db()
    assert (post.title, post.body, post.body_html) == before
    autosave = PostRevision.objects.get(post=post, is_autosave=True)
    assert autosave.body == "First draft of a new paragraph" and autosave.author == author
    assert PostRevision.objects.filter(post=post, is_autosave=True).count() == 1


def test_reopening_the_editor_offers_a_newer_autosave(staff_client, post):
    url = reverse("admin:blog_post_autosave", args=[post.pk])
    staff_client.post(url, {"title": post.title, "body": "Typed before the tab closed."})
    html = staff_client.get(reverse("admin:blog_post_change", args=[post.pk])).content.decode()
    assert 'id="editor-server-autosave"' in html and "Typed before the tab closed." in html


def test_saving_the_post_spends_the_autosave(staff_client, post):
    staff_client.post(
        reverse("admin:blog_post_autosave", args=[post.pk]), {"title": "t", "body": "typed"}
    )
    change = reverse("admin:blog_post_change", args=[post.pk])
    staff_client.post(change, form_data(post, body="typed", _action="update"))
    assert not PostRevision.objects.filter(post=post, is_autosave=True).exists()
    html = staff_client.get(change).content.decode()
    assert 'id="editor-server-autosave"' not in html


# --- The buttons --------------------------------------------------------------------------------
def test_save_draft_publish_and_update_set_the_status_and_stay_in_the_editor(staff_client, author):
    response = staff_client.post(
        "/admin/blog/post/add/", form_data(author=author.pk, _action="draft")
    )
    post = Post.objects.get(slug="a-new-post")
    assert post.status == Post.Status.DRAFT
    assert response.url == reverse("admin:blog_post_change", args=[post.pk])

    change = reverse("admin:blog_post_change", args=[post.pk])
    html = staff_client.get(change).content.decode()
    assert ">Save draft</button>" in html and ">Publish</button>" in html
    assert ">Preview</button>" in html

    staff_client.post(change, form_data(post, _action="publish"))
    post.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and post.is_public
    html = staff_client.get(change).content.decode()
    assert ">Update</button>" in html and ">Switch to draft</button>" in html

    staff_client.post(change, form_data(post, _action="draft"))
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


def test_a_post_with_a_future_date_is_scheduled_by_its_button(staff_client, author):
    post = PostFactory(author=author, status=Post.Status.DRAFT)
    when = timezone.localtime() + datetime.timedelta(days=2)
    change = reverse("admin:blog_post_change", args=[post.pk])
    staff_client.post(
        change,
        form_data(
            post,
            _action="publish",
            published_at_0=f"{when:%Y-%m-%d}",
            published_at_1=f"{when:%H:%M:%S}",
        ),
    )
    post.refresh_from_db()
    assert post.is_scheduled and not post.is_public
    assert ">Update</button>" in staff_client.get(change).content.decode()
    later = PostFactory(author=author, status=Post.Status.DRAFT, published_at=when)
    html = staff_client.get(reverse("admin:blog_post_change", args=[later.pk])).content
    assert b">Schedule</button>" in html


def test_the_post_list_says_draft_scheduled_or_published(staff_client, author):
    PostFactory(author=author, title="Still a draft", status=Post.Status.DRAFT)
    PostFactory(
        author=author, title="Comes later", published_at=timezone.now() + datetime.timedelta(3)
    )
    PostFactory(author=author, title="Out already")
    html = staff_client.get("/admin/blog/post/").content.decode()
    assert "Draft" in html and "Scheduled: <time" in html and "Published" in html


def test_the_filing_and_featured_image_widgets_are_labelled(staff_client, post):
    CategoryFactory(name="Syria"), TagFactory(name="Refugees")
    html = staff_client.get(reverse("admin:blog_post_change", args=[post.pk])).content.decode()
    assert 'type="checkbox" name="categories"' in html and 'type="checkbox" name="tags"' in html
    assert '<option value="" selected>No featured image</option>' in html
    assert "select2" not in html.split('id="id_categories"')[1][:500]


# --- The desk -----------------------------------------------------------------------------------
def test_the_admin_carries_the_blog_s_name_and_the_desk_lists_drafts_and_scheduled(
    staff_client, author
):
    from blog.models import Blog

    Blog.objects.create(name="Middle East Notes")
    PostFactory(author=author, title="Half written", status=Post.Status.DRAFT)
    PostFactory(
        author=author,
        title="Monday's piece",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    html = staff_client.get("/admin/").content.decode()
    assert "<title>Desk | Middle East Notes</title>" in html
    assert "Django administration" not in html
    assert "Half written" in html and "Continue writing" in html
    assert "Monday&#x27;s piece" in html and "goes live" in html
    assert 'href="/admin/blog/post/add/"' in html


def test_a_moderator_s_desk_shows_comments_and_no_posts(client, moderator, author):
    post = PostFactory(author=author, title="Public piece")
    PostFactory(author=author, title="Secret draft", status=Post.Status.DRAFT)
    CommentFactory.create_batch(2, post=post, status=Comment.Status.PENDING)
    client.force_login(moderator)
    html = client.get("/admin/").content.decode()
    assert "2 comments are waiting for moderation" in html
    assert "Secret draft" not in html and "New post" not in html


# --- The staff bar -------------------------------------------------------------------------------
def test_staff_reading_a_post_get_a_bar_back_to_the_editor(staff_client, post):
    html = staff_client.get(post.get_absolute_url()).content.decode()
    assert 'aria-label="Staff"' in html
    assert reverse("admin:blog_post_change", args=[post.pk]) in html
    assert "Moderation (0)" in html and "New post" in html


def test_readers_never_see_the_staff_bar(client, post):
    assert 'aria-label="Staff"' not in client.get(post.get_absolute_url()).content.decode()
    client.force_login(UserFactory(username="reader"))
    assert 'aria-label="Staff"' not in client.get(post.get_absolute_url()).content.decode()


def test_a_cached_page_never_carries_the_staff_bar(page_cache, client, post, author):
    url = post.get_absolute_url()
    staff = Client()
    staff.force_login(author)
    assert 'aria-label="Staff"' in staff.get(url).content.decode()
    first, second = client.get(url), client.get(url)
    assert 'aria-label="Staff"' not in first.content.decode()
    assert 'aria-label="Staff"' not in second.content.decode()
