"""The post page's shared article: the post and its rendered article, kept per address in the
cache's generation (core.cache), so a reader of a kept article costs no query for the post.
"""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from blog.models import Post
from comments import services
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_kept_article_costs_an_anonymous_reader_no_query(client, post, settings,
                                                           django_assert_num_queries):  # fmt: skip
    settings.PAGE_CACHE = False  # the rendered page, not the whole-page cache
    CommentFactory(post=post, body="A first thought")
    first = page(client, post.get_absolute_url())
    with django_assert_num_queries(0):
        again = page(client, post.get_absolute_url())
    # The same page, but for the comment form's own fresh timestamp (comments.forms).
    fresh_timestamp = re.compile(r'name="ts" value="[^"]+"')
    assert fresh_timestamp.sub("", again) == fresh_timestamp.sub("", first)
    assert "A Published Post" in again and "A first thought" in again


def test_a_kept_article_follows_every_edit_of_the_post(client, post, settings):
    settings.PAGE_CACHE = False
    assert "A Published Post" in page(client, post.get_absolute_url())
    post.title = "A Retitled Post"
    post.body = "Words written **later**."
    post.save()
    html = page(client, post.get_absolute_url())
    assert "A Retitled Post" in html and "<strong>later</strong>" in html
    assert "A Published Post" not in html


def test_an_unpublished_post_is_gone_although_its_article_was_kept(client, post, settings):
    settings.PAGE_CACHE = False
    page(client, post.get_absolute_url())
    post.status = Post.Status.DRAFT
    post.save()
    assert client.get(post.get_absolute_url()).status_code == 404


def test_a_wrong_date_still_redirects_once_the_article_is_kept(client, post, settings):
    settings.PAGE_CACHE = False
    page(client, post.get_absolute_url())
    response = client.get(f"/1999/01/01/{post.slug}/")
    assert response.status_code == 301 and response["Location"] == post.get_absolute_url()


def test_what_staff_see_of_a_scheduled_post_is_never_kept_for_readers(staff_client, settings):
    settings.PAGE_CACHE = False
    scheduled = PostFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    assert "Scheduled: this post goes live" in page(staff_client, scheduled.get_absolute_url())
    assert Client().get(scheduled.get_absolute_url()).status_code == 404


def test_the_kept_post_leaves_its_texts_out_and_loads_them_if_asked(client, post, settings):
    from core import cache

    settings.PAGE_CACHE = False
    page(client, post.get_absolute_url())
    kept = cache.get(cache.key("article", post.get_absolute_url()))
    assert "body" not in kept["post"].__dict__ and "body_html" not in kept["post"].__dict__
    assert kept["post"].body == post.body  # a deferred field: loaded on demand


def test_a_kept_article_never_hides_a_newly_approved_comment(client, post, settings):
    settings.PAGE_CACHE = False
    held = CommentFactory(post=post, body="Waiting for a moderator", status="pending")
    assert "Waiting for a moderator" not in page(client, post.get_absolute_url())
    services.comment_approve(comment=held)
    assert "Waiting for a moderator" in page(client, post.get_absolute_url())


def test_migrate_and_flush_forget_every_kept_article(client, post, settings):
    """A restore changes the database without the saves the cache follows (SECURITY.md): the
    recipe's migrate (or flush) forgets what was kept, so nothing from before is served."""
    from django.core.management import call_command

    settings.PAGE_CACHE = False
    page(client, post.get_absolute_url())
    Post.objects.filter(pk=post.pk).update(title="Restored Title")  # no save, no signal
    assert "Restored Title" not in page(client, post.get_absolute_url())
    call_command("migrate", verbosity=0)
    assert "Restored Title" in page(client, post.get_absolute_url())
