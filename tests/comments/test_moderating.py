"""Moderators on the post, in /moderation/ and in the admin; everyone else gets 403."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from comments.models import Comment, DiscussionSettings
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTIONS = [
    ("approve", Comment.Status.APPROVED),
    ("spam", Comment.Status.SPAM),
    ("remove", Comment.Status.REMOVED),
]


def test_the_moderators_group_may_view_and_change_comments_and_see_likes_only():
    group = Group.objects.get(name="Moderators")
    assert sorted(group.permissions.values_list("codename", flat=True)) == [
        "change_comment",
        "view_comment",
        "view_commentlike",
        "view_postlike",
    ]


@pytest.mark.parametrize(("action", "status"), ACTIONS)
def test_a_moderator_acts_on_a_pending_comment_from_the_post(
    client, post, moderator, action, status
):
    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    client.force_login(moderator)
    response = client.post(
        f"/comments/{comment.pk}/{action}/", {"next": f"{post.get_absolute_url()}#comments"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comments"
    comment.refresh_from_db()
    assert comment.status == status


@pytest.mark.parametrize(("action", "status"), ACTIONS)
def test_readers_anonymous_and_plain_staff_get_403(client, post, reader, action, status):
    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    staff_without_permission = UserFactory(is_staff=True)
    for who in (None, reader, staff_without_permission):
        if who:
            client.force_login(who)
        assert client.post(f"/comments/{comment.pk}/{action}/").status_code == 403
        assert client.get("/moderation/").status_code == 403
        assert client.post(f"/comments/{comment.pk}/ban/").status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_moderation_actions_only_accept_post_with_csrf(post, moderator):
    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(moderator)
    assert csrf_client.get(f"/comments/{comment.pk}/approve/").status_code == 405
    assert csrf_client.post(f"/comments/{comment.pk}/approve/").status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_an_offsite_next_is_ignored(client, post, moderator):
    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    client.force_login(moderator)
    response = client.post(f"/comments/{comment.pk}/approve/", {"next": "https://evil.example/"})
    assert response["Location"] == comment.get_absolute_url()


def test_the_queue_lists_pending_comments_newest_first(client, post, moderator):
    older = CommentFactory(post=post, status=Comment.Status.PENDING, body="Older pending")
    newer = CommentFactory(post=post, status=Comment.Status.PENDING, body="Newer pending")
    CommentFactory(post=post, body="Approved already")
    client.force_login(moderator)
    html = client.get("/moderation/").content.decode()
    assert html.index("Newer pending") < html.index("Older pending")
    assert "Approved already" not in html
    assert f'action="/comments/{older.pk}/approve/"' in html
    assert f'href="/comments/{newer.pk}/ban/"' in html
    assert "2 pending" in html


def test_the_queue_costs_a_fixed_number_of_queries(client, post, moderator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(moderator)
    client.get("/moderation/")  # warm the navigation cache
    counts = []
    for _ in range(2):
        CommentFactory.create_batch(5, post=post, status=Comment.Status.PENDING)
        with CaptureQueriesContext(connection) as captured:
            client.get("/moderation/")
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_bulk_actions_in_the_queue(client, post, moderator):
    chosen = CommentFactory.create_batch(3, post=post, status=Comment.Status.PENDING)
    left = CommentFactory(post=post, status=Comment.Status.PENDING)
    client.force_login(moderator)
    response = client.post(
        "/moderation/", {"action": "approve", "comments": [c.pk for c in chosen]}
    )
    assert response.status_code == 302
    assert set(Comment.objects.approved().values_list("pk", flat=True)) == {c.pk for c in chosen}
    left.refresh_from_db()
    assert left.status == Comment.Status.PENDING
    response = client.post(
        "/moderation/", {"action": "explode", "comments": [left.pk]}, follow=True
    )
    assert "Choose an action and at least one comment." in response.content.decode()


# --- Admin --------------------------------------------------------------------------------------


def test_the_admin_lists_comments_with_filters_and_search(client, post, moderator):
    CommentFactory(post=post, body="Findable words", ip_address="192.0.2.44")
    client.force_login(moderator)
    response = client.get("/admin/comments/comment/?status__exact=approved&q=Findable")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Findable words" in html and "192.0.2.44" in html
    assert "View on site" in html
    assert client.get(f"/admin/comments/comment/?post__id__exact={post.pk}").status_code == 200


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", Comment.Status.APPROVED),
        ("unapprove", Comment.Status.PENDING),
        ("mark_spam", Comment.Status.SPAM),
        ("remove", Comment.Status.REMOVED),
    ],
)
def test_admin_bulk_actions_go_through_the_services(
    client, post, moderator, action, status, django_capture_on_commit_callbacks, monkeypatch
):
    from subscriptions import receivers

    approved = []
    monkeypatch.setattr(receivers, "comment_approved", lambda c: approved.append(c.pk))
    start = Comment.Status.APPROVED if action == "unapprove" else Comment.Status.PENDING
    comments = CommentFactory.create_batch(2, post=post, status=start)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/comments/comment/",
            {"action": action, "_selected_action": [c.pk for c in comments]},
        )
    assert response.status_code == 302
    assert {c.status for c in Comment.objects.all()} == {status}
    assert approved == ([c.pk for c in comments] if action == "approve" else [])


def test_the_admin_index_shows_the_number_of_pending_comments(client, post, moderator):
    CommentFactory.create_batch(3, post=post, status=Comment.Status.PENDING)
    client.force_login(moderator)
    html = client.get("/admin/").content.decode()
    assert "3 comments are waiting for moderation" in html


def test_moderators_see_only_comments_in_the_admin(client, moderator):
    client.force_login(moderator)
    html = client.get("/admin/").content.decode()
    assert "/admin/comments/comment/" in html
    assert "/admin/blog/post/" not in html and "/admin/accounts/user/" not in html
    assert client.get("/admin/blog/post/").status_code == 403
    assert client.get("/admin/comments/discussionsettings/").status_code == 403


def test_the_discussion_settings_are_one_row_edited_in_the_admin(staff_client):
    response = staff_client.get("/admin/comments/discussionsettings/")
    assert response.status_code == 302 and response["Location"].endswith("/add/")
    form = staff_client.get("/admin/comments/discussionsettings/add/").content.decode()
    assert 'name="max_depth" value="5"' in form and 'name="per_page" value="50"' in form
    DiscussionSettings.objects.create()
    response = staff_client.get("/admin/comments/discussionsettings/")
    assert response["Location"].endswith("/change/")
    assert staff_client.get("/admin/comments/discussionsettings/add/").status_code == 403


def test_a_moderator_corrects_a_comment_in_the_admin(client, post, moderator):
    comment = CommentFactory(post=post, body="Teh typo")
    client.force_login(moderator)
    url = f"/admin/comments/comment/{comment.pk}/change/"
    page = client.get(url).content.decode()
    assert "View on site" in page
    data = {
        "post": post.pk,
        "parent": "",
        "user": "",
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "author_url": "",
        "body": "The *fixed* text",
    }
    assert client.post(url, data).status_code == 302
    comment.refresh_from_db()
    assert comment.body_html == "<p>The <em>fixed</em> text</p>"
    assert comment.status == Comment.Status.APPROVED


def test_the_approve_button_on_the_post_carries_a_working_csrf_token(post, moderator):
    comment = CommentFactory(post=post, status=Comment.Status.PENDING)
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(moderator)
    html = csrf_client.get(post.get_absolute_url()).content.decode()
    button = html.split(f'action="/comments/{comment.pk}/approve/"')[1]
    token = button.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = csrf_client.post(f"/comments/{comment.pk}/approve/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
