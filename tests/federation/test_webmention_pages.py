"""Pages take webmentions too (issue 20, item 1: "every post and page"): a page at its nested
address advertises the endpoint, and a stand-in blog's reply to it becomes a moderated comment on
that page. A like or a repost of a page is accepted and not counted: a Reaction belongs to a post,
and a page shows no "Mentions elsewhere"."""

import pytest
from django.conf import settings

from blog.models import Blog
from comments.models import Comment, DiscussionSettings, Reaction
from comments.services import comment_approve
from tests.factories import PageFactory, PostFactory
from tests.federation.test_webmention_receiving import reply_page, send

pytestmark = pytest.mark.django_db

ENDPOINT = settings.SITE_URL + "/webmention/"


@pytest.fixture
def team_page(db):
    """/about/team/: a page under another, open to comments."""
    about = PageFactory(title="About", slug="about")
    return PageFactory(title="The team", slug="team", parent=about, allow_comments=True)


@pytest.fixture
def stand_in(web_server):
    return web_server


def address(page) -> str:
    return settings.SITE_URL + page.get_absolute_url()


def test_a_nested_page_advertises_the_endpoint_in_a_link_header_and_element(
    client, federation_on, team_page
):
    assert team_page.get_absolute_url() == "/about/team/"
    response = client.get("/about/team/")
    assert response.status_code == 200
    assert response["Link"] == f'<{ENDPOINT}>; rel="webmention"'
    assert f'<link rel="webmention" href="{ENDPOINT}">' in response.content.decode()


def test_a_page_advertises_nothing_while_federation_is_off(client, federation_off, team_page):
    response = client.get("/about/team/")
    assert response.status_code == 200
    assert "webmention" not in response.get("Link", "")
    assert 'rel="webmention"' not in response.content.decode()


def test_a_reply_to_a_nested_page_becomes_a_held_comment_on_that_page(
    client, federation_on, team_page, stand_in
):
    target = address(team_page)
    stand_in.route("/reply", body=reply_page(target, text="Who joined this year?"))
    assert send(client, stand_in.url("/reply"), target).status_code == 202
    comment = Comment.objects.get()
    assert comment.page == team_page and comment.post is None
    assert comment.kind == Comment.Kind.WEBMENTION
    assert comment.status == Comment.Status.PENDING
    assert "Who joined this year?" not in client.get("/about/team/").content.decode()

    comment_approve(comment=comment)
    html = client.get("/about/team/").content.decode()
    assert "Who joined this year?" in html and "Alice Example" in html
    assert f'via <a href="{stand_in.url("/reply")}"' in html


def test_an_edit_and_a_410_at_the_source_follow_the_page_comment(
    client, federation_on, team_page, stand_in
):
    DiscussionSettings.objects.create(trust_remote_replies=True)
    target = address(team_page)
    stand_in.route("/reply", body=reply_page(target, text="First thoughts."))
    send(client, stand_in.url("/reply"), target)
    stand_in.route("/reply", body=reply_page(target, text="Second thoughts."))
    send(client, stand_in.url("/reply"), target)
    assert "Second thoughts." in client.get("/about/team/").content.decode()
    stand_in.route("/reply", status=410, body=b"Gone")
    send(client, stand_in.url("/reply"), target)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.REMOVED and comment.page == team_page
    assert "Second thoughts." not in client.get("/about/team/").content.decode()


def test_a_reply_to_a_page_closed_for_comments_is_not_stored(
    client, federation_on, team_page, stand_in
):
    team_page.allow_comments = False
    team_page.save()
    target = address(team_page)
    stand_in.route("/reply", body=reply_page(target))
    assert send(client, stand_in.url("/reply"), target).status_code == 202
    assert not Comment.objects.exists()


@pytest.mark.parametrize("css_class", ["u-like-of", "u-repost-of"])
def test_a_like_or_repost_of_a_page_is_accepted_and_not_counted(
    client, federation_on, team_page, stand_in, css_class
):
    target = address(team_page)
    stand_in.route("/like", body=reply_page(target, kind=css_class))
    assert send(client, stand_in.url("/like"), target).status_code == 202
    assert stand_in.requests  # it was read ...
    assert not Reaction.objects.exists() and not Comment.objects.exists()  # ... and not counted


def test_a_page_reply_turned_into_a_like_leaves_the_thread(
    client, federation_on, team_page, stand_in
):
    target = address(team_page)
    stand_in.route("/reply", body=reply_page(target))
    send(client, stand_in.url("/reply"), target)
    stand_in.route("/reply", body=reply_page(target, kind="u-like-of"))
    send(client, stand_in.url("/reply"), target)
    assert Comment.objects.get().status == Comment.Status.REMOVED


def test_an_unpublished_page_is_not_a_target(client, federation_on, team_page):
    team_page.is_published = False
    team_page.save()
    response = send(client, "https://alice.example/r", address(team_page))
    assert response.status_code == 400
    assert "not a post or page of this blog" in response.content.decode()


def test_under_postname_addresses_a_post_and_a_page_are_each_their_own_target(
    client, federation_on, author, stand_in
):
    """/%postname%/ puts posts at /slug/, where pages live too (blog.views.at_path)."""
    blog = Blog.load()
    blog.permalink_structure = Blog.Permalinks.NAME
    blog.save()
    post = PostFactory(author=author, slug="gardens")
    page = PageFactory(slug="colophon", allow_comments=True)
    assert post.get_absolute_url() == "/gardens/"
    for row in (post, page):
        target = settings.SITE_URL + row.get_absolute_url()
        stand_in.route(f"/re-{row.slug}", body=reply_page(target))
        assert send(client, stand_in.url(f"/re-{row.slug}"), target).status_code == 202
    on_post, on_page = Comment.objects.order_by("pk")
    assert (on_post.post, on_post.page) == (post, None)
    assert (on_page.post, on_page.page) == (None, page)
