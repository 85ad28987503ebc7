"""Comment.objects.any_by: has this account a comment here? The signed-in post page asks it on
every view (a reader with a comment of their own is not given the shared thread)."""

import pytest

from comments.models import Comment
from tests.factories import CommentFactory, PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_comment_in_any_status_counts_on_its_own_post_only():
    reader, post, other_post = UserFactory(), PostFactory(), PostFactory()
    assert not Comment.objects.any_by(reader.pk, on=post)
    CommentFactory(post=post, user=reader, status=Comment.Status.PENDING)
    assert Comment.objects.any_by(reader.pk, on=post)
    assert not Comment.objects.any_by(reader.pk, on=other_post)
    assert not Comment.objects.any_by(UserFactory().pk, on=post)


def test_a_page_is_asked_about_its_own_comments():
    reader, page, post = UserFactory(), PageFactory(), PostFactory()
    CommentFactory(post=None, page=page, user=reader, status=Comment.Status.SPAM)
    assert Comment.objects.any_by(reader.pk, on=page)
    CommentFactory(post=post, user=UserFactory())
    assert not Comment.objects.any_by(reader.pk, on=post)


def test_it_is_one_query(django_assert_num_queries):
    reader, post = UserFactory(), PostFactory()
    with django_assert_num_queries(1):
        Comment.objects.any_by(reader.pk, on=post)
