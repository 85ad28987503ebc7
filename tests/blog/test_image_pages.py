"""What readers see: the featured image and body images as renditions, within the query budget."""

import pytest
from django.core.management import call_command

from blog.models import Image
from tests.blog.test_image_markup import Tags
from tests.factories import PostFactory, UploadedImageFactory

pytestmark = pytest.mark.django_db


def test_the_featured_image_is_served_as_responsive_renditions_with_its_credit(client):
    image = UploadedImageFactory(caption="The caption", credit="photo courtesy: BBC")
    post = PostFactory(featured_image=image)

    html = client.get(post.get_absolute_url()).content.decode()

    figure = html.split('<figure class="featured-image">')[1].split("</figure>")[0]
    tags = Tags(figure)
    assert tags.first("source")["type"] == "image/webp"
    assert tags.first("source")["srcset"].count("w, ") == 2
    img = tags.first("img")
    assert img["srcset"].endswith("1000w") and img["src"].endswith("-960w.jpg")
    assert (img["width"], img["height"], img["alt"]) == ("1000", "600", image.alt_text)
    assert "loading" not in img  # above the fold: not lazy
    assert '<span class="credit">photo courtesy: BBC</span>' in figure


@pytest.mark.parametrize("count", [1, 6])
def test_images_do_not_add_queries_to_the_post_page(client, django_assert_max_num_queries, count):
    photos = UploadedImageFactory.create_batch(count)
    body = "\n\n".join(f"Paragraph.\n\n![p](image:{photo.pk})" for photo in photos)
    post = PostFactory(body=body, featured_image=photos[0])
    client.get(post.get_absolute_url())

    with django_assert_max_num_queries(8):
        response = client.get(post.get_absolute_url())

    assert response.content.decode().count("<figure") == count + 1


def test_home_shows_featured_thumbnails_from_renditions(client, django_assert_max_num_queries):
    for _ in range(3):
        PostFactory(featured_image=UploadedImageFactory())
    client.get("/")

    with django_assert_max_num_queries(6):
        html = client.get("/").content.decode()

    thumbs = [img for img in Tags(html).all("img") if "srcset" in img]
    assert len(thumbs) == 3
    assert all(img["loading"] == "lazy" and img["alt"] == "" for img in thumbs)
    assert all("-480w.jpg 480w" in img["srcset"] for img in thumbs)


def stored_files(settings) -> list[str]:
    return sorted(str(path) for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())


def test_the_demo_post_leads_with_renditions_of_its_map_and_its_credit(client, settings):
    call_command("load_demo", password="demo-password-1")
    image = Image.objects.get()
    files = stored_files(settings)
    assert len(files) == 1 + 6 + 1  # the map, its renditions, the Open Graph image

    html = client.get("/2015/10/27/syria-aleppo-offensive/").content.decode()
    figure = html.split('<figure class="featured-image">')[1].split("</figure>")[0]
    assert "photo courtesy: BBC (after Institute for the Study of War)" in figure
    assert Tags(figure).first("img")["srcset"].count("w, ") == 2  # 480, 960, 1600
    assert Tags(figure).first("source")["type"] == "image/webp"
    assert image.og_image()["width"] == 1200

    call_command("load_demo", password="demo-password-1")
    assert Image.objects.count() == 1
    assert stored_files(settings) == files


def test_load_demo_makes_renditions_for_a_map_loaded_before_they_existed():
    call_command("load_demo", password="demo-password-1")
    Image.objects.update(renditions={})

    call_command("load_demo", password="demo-password-1")

    assert len(Image.objects.get().renditions["sources"]) == 6
