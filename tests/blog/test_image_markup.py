"""Images inside posts: `![alt](image:42)` becomes a responsive <figure>."""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.images import figure_html
from blog.markup import image_references, sanitize_html
from blog.models import Image, Page
from blog.services import image_delete, image_save
from tests.factories import PageFactory, PostFactory, UploadedImageFactory

pytestmark = pytest.mark.django_db


class Tags(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs) -> None:
        self.found.append((tag, dict(attrs)))

    def first(self, tag: str) -> dict:
        return next(attrs for name, attrs in self.found if name == tag)

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.found if name == tag]


@pytest.fixture
def photo():
    return UploadedImageFactory(caption="Smoke over the city", credit="photo: Reuters")


def test_a_reference_on_its_own_line_becomes_a_figure_with_srcset_sizes_and_caption(photo):
    post = PostFactory(body=f"Intro paragraph.\n\n![Smoke rising](image:{photo.pk})\n\nAfter.")

    html = post.body_html
    tags = Tags(html)
    assert [name for name, _ in tags.found][:5] == ["p", "figure", "picture", "source", "img"]
    source, img = tags.first("source"), tags.first("img")
    assert source["type"] == "image/webp"
    assert re.fullmatch(
        r"(/media/\S+-\d+w\.webp \d+w, ){2}/media/\S+-1000w\.webp 1000w", source["srcset"]
    )
    assert re.fullmatch(
        r"(/media/\S+-\d+w\.jpg \d+w, ){2}/media/\S+-1000w\.jpg 1000w", img["srcset"]
    )
    assert img["src"].endswith("-960w.jpg")
    assert (
        img["sizes"]
        == source["sizes"]
        == ("(min-width: 992px) 600px, (min-width: 768px) 700px, calc(100vw - 24px)")
    )
    assert (img["width"], img["height"]) == ("1000", "600")
    assert img["alt"] == "Smoke rising"
    assert img["loading"] == "lazy" and img["decoding"] == "async"
    assert (
        '<figcaption dir="auto"><span class="caption">Smoke over the city</span> '
        '<span class="credit">photo: Reuters</span></figcaption>'
    ) in html
    assert "<p><figure" not in html and "image:" not in html
    assert html.rstrip().endswith("<p>After.</p>")


def test_an_empty_alt_in_markdown_falls_back_to_the_images_alt_text(photo):
    post = PostFactory(body=f"![](image:{photo.pk})")
    assert Tags(post.body_html).first("img")["alt"] == photo.alt_text


def test_a_missing_image_renders_nothing_broken(photo):
    post = PostFactory(
        body="Before.\n\n![Gone](image:987654)\n\nA sentence ![gone too](image:987655) goes on."
        "\n\n![huge](image:99999999999999999999999)\n\n![odd](image:abc)"
    )

    assert post.body_html.split("\n") == ["<p>Before.</p>", "<p>A sentence  goes on.</p>"]
    assert "<img" not in post.body_html and "<figure" not in post.body_html


def test_a_reference_inside_a_sentence_becomes_an_inline_picture(photo):
    post = PostFactory(body=f"See ![the smoke](image:{photo.pk}) here.")

    html = post.body_html
    assert html.startswith("<p>See <picture>") and html.rstrip().endswith("</picture> here.</p>")
    assert Tags(html).first("img")["alt"] == "the smoke"
    assert "<figure" not in html


def test_references_in_code_are_left_as_text(photo):
    post = PostFactory(body=f"`![x](image:{photo.pk})`\n\n    ![y](image:{photo.pk})")
    assert "<img" not in post.body_html
    assert f"![x](image:{photo.pk})" in post.body_html


def test_alt_caption_and_credit_are_escaped():
    image = UploadedImageFactory(caption='<script>alert("c")</script>', credit="<b>me</b>")
    post = PostFactory(body=f'![x" onerror="alert(1)](image:{image.pk})')

    html = post.body_html.lower()
    assert "<script" not in html and "onerror=" not in html.replace('alt="x&quot; onerror', "")
    assert "&lt;script&gt;" in html and "&lt;b&gt;me&lt;/b&gt;" in html


def test_an_image_opening_a_post_without_a_featured_image_loads_eagerly(photo):
    other = UploadedImageFactory()
    post = PostFactory(body=f"![a](image:{photo.pk})\n\nText.\n\n![b](image:{other.pk})")
    assert [img.get("loading") for img in Tags(post.body_html).all("img")] == [None, "lazy"]

    post.featured_image = other
    post.save()
    assert [img.get("loading") for img in Tags(post.body_html).all("img")] == ["lazy", "lazy"]


def test_all_references_are_fetched_in_one_query_when_the_post_is_saved():
    photos = UploadedImageFactory.create_batch(4)
    body = "\n\n".join(f"![p{index}](image:{image.pk})" for index, image in enumerate(photos))
    post = PostFactory(body="No pictures yet.")

    post.body = body + "\n\n![missing](image:424242)"
    with CaptureQueriesContext(connection) as queries:
        post.save()

    image_queries = [q["sql"] for q in queries if 'FROM "blog_image"' in q["sql"]]
    assert len(image_queries) == 1
    assert post.body_html.count("<figure") == 4
    assert image_references(post.body) == {*(image.pk for image in photos), 424242}


def test_a_page_can_show_images_too(photo):
    page = PageFactory(body=f"![About us](image:{photo.pk})")
    assert "<figure" in Page.objects.get(pk=page.pk).body_html


def test_editing_an_image_updates_the_posts_that_show_it(photo):
    post = PostFactory(body=f"![a](image:{photo.pk})")
    photo.caption = "A better caption"
    image_save(image=photo)

    post.refresh_from_db()
    assert "A better caption" in post.body_html and "Smoke over the city" not in post.body_html


def test_deleting_an_image_removes_its_figure_from_posts(photo):
    post = PostFactory(body=f"Words.\n\n![a](image:{photo.pk})")
    image_delete(image=photo)

    post.refresh_from_db()
    assert "<figure" not in post.body_html and "Words." in post.body_html


def test_the_sanitizer_keeps_every_tag_and_attribute_a_figure_is_made_of(photo):
    raw = figure_html(photo, alt="Alt", lazy=True)
    assert Tags(sanitize_html(raw)).found == Tags(raw).found
    attributes = {(tag, name) for tag, attrs in Tags(raw).found for name in attrs}
    assert {
        ("figure", "class"),
        ("source", "type"),
        ("source", "srcset"),
        ("source", "sizes"),
        ("img", "srcset"),
        ("img", "sizes"),
        ("img", "width"),
        ("img", "height"),
        ("img", "loading"),
        ("img", "decoding"),
    } <= attributes


def test_an_image_without_renditions_still_shows_its_file():
    from tests.factories import ImageFactory

    plain = ImageFactory()
    post = PostFactory(body=f"![p](image:{plain.pk})")
    img = Tags(post.body_html).first("img")
    assert img["src"] == plain.file.url and "srcset" not in img
    assert Image.objects.count() == 1


def test_captions_of_figures_stay_out_of_the_excerpt(photo):
    post = PostFactory(body=f"First words.\n\n![a](image:{photo.pk})\n\nLast words.")
    assert post.summary == "First words. Last words."


def test_editing_a_featured_image_touches_the_posts_it_leads(photo):
    post = PostFactory(featured_image=photo)
    before = post.updated_at

    photo.credit = "photo: someone else"
    image_save(image=photo)

    post.refresh_from_db()
    assert post.updated_at > before


def test_deleting_a_featured_image_leaves_its_post_without_one(client, photo):
    post = PostFactory(featured_image=photo)
    before = post.updated_at

    image_delete(image=photo)

    post.refresh_from_db()
    assert post.featured_image is None and post.updated_at > before
    assert client.get(post.get_absolute_url()).status_code == 200
