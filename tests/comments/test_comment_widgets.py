import datetime

import pytest
from django.core.cache import cache

from blog.models import Post
from comments.models import Comment
from core import cache as kept
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_comment(post, *, status=Comment.Status.APPROVED, **fields) -> Comment:
    values = {"author_name": "Reader", "author_email": "reader@example.com", "body": "Hello."}
    return Comment.objects.create(post=post, status=status, **{**values, **fields})


def recent_comments_of(client) -> str:
    html = client.get("/").content.decode()
    if "widget-recent-comments" not in html:
        return ""
    return html.split('class="widget widget-recent-comments"')[1].split("</section>")[0]


def test_sidebar_lists_recent_approved_comments_with_name_and_post(client, post):
    make_comment(post, author_name="Amira", author_email="amira-secret@example.com")
    make_comment(post, author_name="Pending Pete", status=Comment.Status.PENDING)
    make_comment(post, author_name="Spammy", status=Comment.Status.SPAM)
    make_comment(post, author_name="Removed Rita", status=Comment.Status.REMOVED)

    widget = recent_comments_of(client)

    assert "Amira" in widget
    assert f'href="{post.get_absolute_url()}#comment-' in widget
    assert "A Published Post" in widget
    for hidden in ["Pending Pete", "Spammy", "Removed Rita"]:
        assert hidden not in widget
    assert "amira-secret@example.com" not in client.get("/").content.decode()


def test_signed_in_commenters_show_their_display_name(client, post):
    make_comment(post, user=UserFactory(display_name="Dana Writer"), author_name="")
    assert "Dana Writer" in recent_comments_of(client)


def test_recent_comments_are_newest_first_and_limited(client, post, settings):
    settings.BLOG_SIDEBAR_RECENT = 3
    for n in range(5):
        comment = make_comment(post, author_name=f"Commenter {n}")
        Comment.objects.filter(pk=comment.pk).update(
            created_at=comment.created_at + datetime.timedelta(minutes=n)
        )
    cache.clear()
    widget = recent_comments_of(client)
    assert widget.index("Commenter 4") < widget.index("Commenter 3") < widget.index("Commenter 2")
    assert "Commenter 1" not in widget


def test_comments_on_unpublished_posts_are_not_listed(client, post):
    draft = PostFactory(title="Now a draft")
    make_comment(draft, author_name="On the draft")
    assert "On the draft" in recent_comments_of(client)

    draft.status = Post.Status.DRAFT
    draft.save()
    assert "On the draft" not in recent_comments_of(client)


def test_names_and_titles_are_escaped(client):
    hostile = PostFactory(title="<i>Post</i>")
    make_comment(hostile, author_name="<script>alert(1)</script>")
    widget = recent_comments_of(client)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in widget
    assert "&lt;i&gt;Post&lt;/i&gt;" in widget


def test_the_cached_sidebar_follows_approval_edits_and_deletion(client, post):
    comment = make_comment(post, author_name="Waiting", status=Comment.Status.PENDING)
    assert "Waiting" not in recent_comments_of(client)
    assert kept.get(kept.key("sidebar")) is not None

    comment.status = Comment.Status.APPROVED
    comment.save()
    assert "Waiting" in recent_comments_of(client)

    comment.delete()
    assert "Waiting" not in recent_comments_of(client)
