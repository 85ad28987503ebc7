import datetime

import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_published_hides_drafts_and_scheduled_posts():
    visible = PostFactory()
    PostFactory(status=Post.Status.DRAFT, published_at=None)
    PostFactory(status=Post.Status.DRAFT)
    PostFactory(published_at=timezone.now() + datetime.timedelta(hours=1))

    assert list(Post.objects.published()) == [visible]


def test_scheduled_post_becomes_visible_when_its_time_comes(time_machine):
    moment = timezone.now() + datetime.timedelta(days=2)
    scheduled = PostFactory(published_at=moment)
    assert scheduled not in Post.objects.published()

    time_machine.move_to(moment + datetime.timedelta(seconds=1))
    assert scheduled in Post.objects.published()


def test_publishing_without_a_date_stamps_the_current_time():
    post = PostFactory(published_at=None, status=Post.Status.PUBLISHED)
    assert post.published_at is not None
    assert post.is_public


def test_permalink_is_wordpress_style():
    post = PostFactory(
        slug="syria-aleppo-offensive",
        published_at=datetime.datetime(2015, 10, 27, 12, tzinfo=datetime.UTC),
    )
    assert post.get_absolute_url() == "/2015/10/27/syria-aleppo-offensive/"


def test_draft_without_date_links_to_its_preview():
    post = PostFactory(status=Post.Status.DRAFT, published_at=None)
    assert post.get_absolute_url() == f"/preview/{post.pk}/"


def test_body_is_rendered_and_excerpt_is_derived_when_blank():
    post = PostFactory(body="Hello *world*. " + "word " * 100, excerpt="")
    assert "<em>world</em>" in post.body_html
    assert post.summary.startswith("Hello world.")
    assert post.summary.endswith("…")
    assert len(post.summary.split()) == 55


def test_written_excerpt_wins_over_the_derived_one():
    post = PostFactory(excerpt="In short: yes.")
    assert post.summary == "In short: yes."


def test_slug_is_made_from_the_title_when_blank():
    post = PostFactory(title="Light the Dark!", slug="")
    assert post.slug == "light-the-dark"


def test_a_page_cannot_take_an_address_another_part_of_the_site_uses():
    from django.core.exceptions import ValidationError

    from tests.factories import PageFactory

    page = PageFactory.build(slug="search")
    with pytest.raises(ValidationError, match="used by another part of the site"):
        page.full_clean()
