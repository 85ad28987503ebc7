"""Images in the admin: on their own and inline on a post, always through blog.services."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from blog.models import Image, Post
from tests.factories import PostFactory, UploadedImageFactory, image_file_bytes

pytestmark = pytest.mark.django_db


def post_form_data(post: Post, **images) -> dict:
    data = {
        "title": post.title,
        "slug": post.slug,
        "body": post.body,
        "excerpt": "",
        "status": post.status,
        "published_at_0": post.published_at.strftime("%Y-%m-%d"),
        "published_at_1": post.published_at.strftime("%H:%M:%S"),
        "author": post.author_id,
        "allow_comments": "on",
        "attached_images-TOTAL_FORMS": "1",
        "attached_images-INITIAL_FORMS": "0",
        "attached_images-MIN_NUM_FORMS": "0",
        "attached_images-MAX_NUM_FORMS": "1000",
    }
    data.update(images)
    return data


def test_an_image_uploaded_inline_on_a_post_is_attached_with_its_renditions(staff_client, post):
    data = post_form_data(
        post,
        **{
            "attached_images-0-file": SimpleUploadedFile(
                "Map.png", image_file_bytes("PNG", 1200, 800)
            ),
            "attached_images-0-alt_text": "A map",
            "attached_images-0-caption": "The front line",
            "attached_images-0-credit": "map: ISW",
        },
    )

    response = staff_client.post(f"/admin/blog/post/{post.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    image = Image.objects.get()
    assert image.post == post and image.alt_text == "A map"
    assert {s["format"] for s in image.renditions["sources"]} == {"WEBP", "PNG"}
    page = staff_client.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert f"![A map](image:{image.pk})" in page  # the Markdown to paste into the body
    assert image.picture.thumbnail in page  # a preview


def test_a_refused_inline_upload_shows_its_message_and_saves_nothing(staff_client, post):
    data = post_form_data(
        post,
        **{
            "attached_images-0-file": SimpleUploadedFile("x.svg", b"<svg></svg>"),
            "attached_images-0-alt_text": "A drawing",
        },
    )
    data["title"] = "A retitled post"

    response = staff_client.post(f"/admin/blog/post/{post.pk}/change/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "SVG images are not accepted" in html and 'value="A retitled post"' in html
    assert not Image.objects.exists()
    post.refresh_from_db()
    assert post.title == "A Published Post"


def test_the_image_list_and_page_show_previews_renditions_and_markdown(staff_client):
    image = UploadedImageFactory()

    listing = staff_client.get("/admin/blog/image/").content.decode()
    assert image.picture.thumbnail in listing

    page = staff_client.get(f"/admin/blog/image/{image.pk}/change/").content.decode()
    assert f"![{image.alt_text}](image:{image.pk})" in page
    assert "WEBP 480x288" in page and "Open Graph JPEG 1000x600" in page


def test_replacing_the_file_in_the_admin_removes_the_old_files(
    staff_client, django_capture_on_commit_callbacks
):
    image = UploadedImageFactory()
    old = [image.file.name, *(s["name"] for s in image.renditions["sources"])]

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/admin/blog/image/{image.pk}/change/",
            {
                "file": SimpleUploadedFile("new.webp", image_file_bytes("WEBP", 700, 700)),
                "alt_text": "New alt",
                "caption": "",
                "credit": "",
            },
        )

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.file.name.endswith(".webp") and (image.width, image.height) == (700, 700)
    assert not any(default_storage.exists(name) for name in old)
    assert all(default_storage.exists(s["name"]) for s in image.renditions["sources"])


def test_editing_words_only_keeps_the_files(staff_client):
    image = UploadedImageFactory()
    post = PostFactory(body=f"![x](image:{image.pk})")

    response = staff_client.post(
        f"/admin/blog/image/{image.pk}/change/",
        {"alt_text": image.alt_text, "caption": "Changed caption", "credit": "someone"},
    )

    assert response.status_code == 302
    refreshed = Image.objects.get()
    assert refreshed.file.name == image.file.name and refreshed.renditions == image.renditions
    post.refresh_from_db()
    assert "Changed caption" in post.body_html


def test_deleting_in_the_admin_removes_files(staff_client, django_capture_on_commit_callbacks):
    image = UploadedImageFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/blog/image/{image.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Image.objects.exists() and not default_storage.exists(image.file.name)


def test_the_rebuild_action_makes_renditions_again(staff_client):
    from tests.factories import ImageFactory

    plain = ImageFactory()  # an image from before renditions existed
    response = staff_client.post(
        "/admin/blog/image/",
        {"action": "make_renditions", "_selected_action": [plain.pk]},
        follow=True,
    )

    assert "Renditions made again for 1 image." in response.content.decode()
    plain.refresh_from_db()
    assert len(plain.renditions["sources"]) == 2  # 64 px wide: one width, two formats


@pytest.mark.parametrize("field", ["alt_text", "caption", "credit"])
def test_an_image_text_with_a_line_break_is_refused_with_a_message(staff_client, field):
    """Alt text, caption and credit end up in attributes, captions and feeds: one line each."""
    image = UploadedImageFactory(alt_text="A map", caption="", credit="")
    data = {"alt_text": "A map", "caption": "", "credit": "", field: "First\r\nBcc: forged"}

    response = staff_client.post(f"/admin/blog/image/{image.pk}/change/", data)

    assert response.status_code == 200
    assert "Please keep this on one line" in response.content.decode()
    assert getattr(Image.objects.get(), field) == getattr(image, field)
