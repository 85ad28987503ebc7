"""The author writes a post with an image in the admin, publishes it, and a reader sees it."""

import pytest
from django.conf import settings
from django.urls import path
from django.views.static import serve
from playwright.sync_api import expect

import config.urls
from blog.models import Post
from tests.e2e.conftest import staff_sign_in
from tests.factories import jpeg_bytes


def media(request, name):
    # Uploads go to a per-test folder (tests/conftest.py), so the root is read per request.
    return serve(request, name, document_root=settings.MEDIA_ROOT)


# The live server has DEBUG off, where Django serves no uploads: this test's URLs do.
urlpatterns = [path("media/<path:name>", media), *config.urls.urlpatterns]
handler400, handler500 = config.urls.handler400, config.urls.handler500


@pytest.mark.urls(__name__)
def test_the_author_writes_a_post_with_an_image_publishes_it_and_a_reader_sees_it(
    demo_site, new_page, tmp_path
):
    picture = tmp_path / "harbour.jpg"
    picture.write_bytes(jpeg_bytes(1200, 800, (30, 90, 140)))

    author = new_page()
    staff_sign_in(author, demo_site, "author")
    author.goto(f"{demo_site.url}/admin/blog/post/add/")
    author.fill("#id_title", "A Harbour at Dawn")
    author.fill("#id_body", "The boats come in before the city wakes.")
    inline = author.locator(".inline-related").filter(has=author.locator("input[type=file]")).first
    inline.locator("input[type=file]").set_input_files(str(picture))
    inline.get_by_label("Alt text").fill("Fishing boats in a blue harbour")
    author.get_by_role("button", name="Save draft").click()
    author.wait_for_url("**/change/")
    expect(author.locator(".messagelist")).to_contain_text("was added successfully")

    snippet = author.locator(".field-markdown_snippet").first.inner_text()
    markdown = snippet[snippet.index("![") : snippet.index(")") + 1]
    author.fill(
        "#id_body",
        f"The boats come in before the city wakes.\n\n{markdown}\n\nBy noon the quay is empty.",
    )
    author.get_by_role("button", name="Publish").click()
    expect(author.get_by_role("button", name="Update")).to_be_visible()

    post = Post.objects.get(title="A Harbour at Dawn")
    assert post.status == Post.Status.PUBLISHED

    reader = new_page()
    reader.goto(demo_site.url + "/")
    reader.locator("main").get_by_role("link", name="A Harbour at Dawn", exact=True).click()
    assert reader.url == demo_site.url + post.get_absolute_url()
    image = reader.locator(".post-body").get_by_role("img", name="Fishing boats in a blue harbour")
    expect(image).to_be_visible()
    image.scroll_into_view_if_needed()
    reader.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    expect(reader.locator(".post-body")).to_contain_text("By noon the quay is empty.")
