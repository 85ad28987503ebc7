"""Importing password-protected posts, post formats and split posts as WordPress exports them
(wxr_samples/posts_as_they_were.xml), then reading them as a visitor would."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from blog.models import Post
from comments.models import Comment
from wordpress.models import WordPressItem

SAMPLE = Path(__file__).parent / "wxr_samples" / "posts_as_they_were.xml"


@pytest.fixture
def imported(db):
    call_command("import_wordpress", str(SAMPLE), stdout=StringIO(), stderr=StringIO())


def post(wp_id: int) -> Post:
    mapping = WordPressItem.objects.get(kind="post", key=str(wp_id))
    return Post.objects.get(pk=mapping.object_id)


def test_a_password_post_stays_protected_with_its_comments(client, imported):
    family = post(101)
    assert family.password == "open sesame"
    assert Comment.objects.filter(post=family).count() == 1
    page = client.get(family.get_absolute_url()).content.decode()
    assert "post-password-form" in page
    assert "baby" not in page  # neither the text nor Grandma's comment
    client.post(
        family.get_absolute_url(), {"password": "open sesame"}, HTTP_ORIGIN="http://testserver"
    )
    page = client.get(family.get_absolute_url()).content.decode()
    assert "the baby was born on Sunday" in page
    assert "What wonderful news about the baby!" in page


def test_post_formats_come_from_the_post_format_taxonomy(imported):
    assert post(103).format == Post.Format.ASIDE
    assert post(104).format == Post.Format.QUOTE
    assert post(102).format == Post.Format.STANDARD


def test_a_split_post_keeps_its_pages_and_its_teaser(client, imported):
    long_read = post(102)
    assert long_read.summary == "The river was high that spring."
    url = long_read.get_absolute_url()
    assert "We walked along it for a day." in client.get(url).content.decode()
    second = client.get(f"{url}2/")
    assert second.status_code == 200
    assert "On the second day it rained." in second.content.decode()
    assert "On the third day we came home." in client.get(f"{url}3/").content.decode()
    assert client.get(f"{url}4/").status_code == 404
