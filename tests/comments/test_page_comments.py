"""Comments on a page: the same form, moderation, thread and queue as on a post."""

import pytest
from django.db import IntegrityError, transaction

from comments.models import Comment, DiscussionSettings
from tests.comments.conftest import form_timestamp
from tests.factories import PageFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    about = PageFactory(title="About", slug="about")
    return PageFactory(title="Guestbook", slug="guestbook", parent=about, allow_comments=True)


def page_comment(client, page, **overrides):
    data = {
        "comment": "Lovely guestbook.",
        "author": "Ada Reader",
        "email": "ada@example.org",
        "ts": form_timestamp(page),
        "contact_phone": "",
    }
    data.update(overrides)
    return client.post(f"/comments/page/{page.pk}/", data)


def test_a_page_that_takes_comments_shows_the_form_posting_to_the_page(client, page):
    html = client.get("/about/guestbook/").content.decode()
    assert f'action="/comments/page/{page.pk}/"' in html
    assert f'data-token-url="/comments/page/{page.pk}/token/"' in html
    # Follow-up e-mails and the comment feed are kept per post: not offered on a page.
    assert 'name="notify"' not in html
    assert "Comments feed for this post" not in html


def test_a_page_closed_to_comments_shows_no_section(client):
    PageFactory(title="Plain", slug="plain")
    assert 'id="comments"' not in client.get("/plain/").content.decode()


def test_a_comment_on_a_page_is_held_moderated_and_shown(client, page, moderator):
    DiscussionSettings.objects.create(hold_all=True)
    response = page_comment(client, page)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.page, comment.post) == (page, None)
    assert comment.status == Comment.Status.PENDING
    assert response["Location"] == f"/about/guestbook/#comment-{comment.pk}"
    other_reader = client.__class__()
    assert "Lovely guestbook." not in other_reader.get("/about/guestbook/").content.decode()

    client.force_login(moderator)
    queue = client.get("/moderation/").content.decode()
    assert f'<a href="/about/guestbook/#comment-{comment.pk}">Guestbook</a>' in queue
    assert client.post(f"/comments/{comment.pk}/approve/").status_code == 302
    html = other_reader.get("/about/guestbook/").content.decode()
    assert "Lovely guestbook." in html
    assert "One thought on “Guestbook”" in html


def test_a_reply_on_a_page_nests_under_its_parent(client, page):
    first = Comment.objects.create(page=page, body="First.", status=Comment.Status.APPROVED,
                                   author_name="Ada", author_email="ada@example.org")  # fmt: skip
    assert page_comment(client, page, comment="A reply.", parent=first.pk).status_code == 302
    reply = Comment.objects.get(body="A reply.")
    assert reply.parent == first and reply.page == page


def test_a_reply_cannot_hang_on_a_comment_of_another_post(client, page):
    elsewhere = Comment.objects.create(post=PostFactory(), body="On a post.",
                                       status=Comment.Status.APPROVED)  # fmt: skip
    response = page_comment(client, page, parent=elsewhere.pk)
    # Sent back to the page's form with the error (what was typed is kept there: issue 19).
    assert (response.status_code, response["Location"]) == (303, "/about/guestbook/#comment-errors")
    assert not Comment.objects.filter(page=page).exists()


def test_a_page_and_a_post_with_the_same_id_keep_their_own_threads(client):
    # Same number, different things: each thread shows its own comments, cold and cached.
    post = PostFactory(pk=77)
    page = PageFactory(pk=77, slug="guestbook", allow_comments=True)
    Comment.objects.create(post=post, body="On the post.", status=Comment.Status.APPROVED)
    Comment.objects.create(page=page, body="On the page.", status=Comment.Status.APPROVED)
    for _ in range(2):  # cold, then from the thread cache
        page_html = client.get(page.get_absolute_url()).content.decode()
        post_html = client.get(post.get_absolute_url()).content.decode()
        assert "On the page." in page_html and "On the post." not in page_html
        assert "On the post." in post_html and "On the page." not in post_html


def test_a_comment_is_on_a_post_or_a_page_never_both_never_neither(page):
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(body="Nowhere.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(body="Both.", page=page, post=PostFactory())


def test_a_page_with_comments_costs_a_fixed_number_of_queries(
    client, page, django_assert_max_num_queries
):
    for number in range(20):
        Comment.objects.create(page=page, body=f"Comment {number}.",
                               status=Comment.Status.APPROVED)  # fmt: skip
    client.get("/about/guestbook/")
    with django_assert_max_num_queries(6):
        assert client.get("/about/guestbook/").status_code == 200


def test_a_comment_on_a_page_is_liked_and_the_page_itself_offers_no_like(client, page):
    comment = Comment.objects.create(
        page=page, author_name="Ada Reader", body="Worth liking.", status=Comment.Status.APPROVED
    )
    # A post with the page's id: its likes must not be shown or changed from the page.
    twin = PostFactory(pk=page.pk)
    html = client.get("/about/guestbook/").content.decode()
    assert f'data-likes-url="/comments/page/{page.pk}/likes/"' in html
    assert f'action="/comments/{comment.pk}/like/"' in html
    assert f"/comments/post/{twin.pk}/like/" not in html  # a page takes no likes of its own

    response = client.post(f"/comments/{comment.pk}/like/", {"next": "/about/guestbook/"})
    assert response.status_code == 303
    comment.refresh_from_db()
    assert comment.like_count == 1
    state = client.get(f"/comments/page/{page.pk}/likes/").json()
    assert state["comments"] == {str(comment.pk): 1}
    assert state["liked"] == [comment.pk]
    assert client.get(f"/comments/post/{twin.pk}/likes/").json()["liked"] == []


def test_a_comment_on_an_unpublished_page_cannot_be_liked(client):
    hidden = PageFactory(slug="hidden", is_published=False, allow_comments=True)
    comment = Comment.objects.create(
        page=hidden, author_name="Ada", body="Hidden.", status=Comment.Status.APPROVED
    )
    assert client.post(f"/comments/{comment.pk}/like/").status_code == 404
    assert client.get(f"/comments/page/{hidden.pk}/likes/").status_code == 404
