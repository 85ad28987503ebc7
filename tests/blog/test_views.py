import datetime

import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import (
    CategoryFactory,
    PageFactory,
    PostFactory,
    ReaderFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_home_lists_published_posts_with_sticky_first(client):
    old_sticky = PostFactory(
        title="Pinned", sticky=True, published_at=timezone.now() - datetime.timedelta(days=30)
    )
    newest = PostFactory(title="Newest")
    PostFactory(title="Secret draft", status=Post.Status.DRAFT)

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(old_sticky.title) < html.index(newest.title)
    assert "Secret draft" not in html


def test_home_is_paginated(client, settings):
    PostFactory.create_batch(12)
    assert client.get("/").context["page_obj"].paginator.num_pages == 2
    assert client.get("/?page=2").status_code == 200
    assert client.get("/?page=99").status_code == 404
    assert client.get("/?page=abc").status_code == 404


def test_post_page_shows_body_image_credit_and_neighbours(client, post):
    earlier = PostFactory(published_at=post.published_at - datetime.timedelta(days=3))
    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="post-title" dir="auto">A Published Post</h1>' in html
    assert "A second paragraph." in html
    assert f'href="{earlier.get_absolute_url()}"' in html
    assert "Leave a Reply" in html


def test_previous_and_next_links_skip_drafts_scheduled_posts_and_farther_posts(client, post):
    day = datetime.timedelta(days=1)
    PostFactory(title="Much earlier", published_at=post.published_at - 9 * day)
    earlier = PostFactory(title="Just before", published_at=post.published_at - 2 * day)
    PostFactory(title="Draft between", status=Post.Status.DRAFT, published_at=post.published_at)
    later = PostFactory(title="Just after", published_at=post.published_at + day / 2)
    PostFactory(title="Scheduled", published_at=timezone.now() + day)

    def post_navigation(url: str) -> str:
        html = client.get(url).content.decode()
        start = html.index('<nav class="post-navigation"')
        return html[start : html.index("</nav>", start)]

    links = post_navigation(post.get_absolute_url())
    assert (
        f'rel="prev" href="{earlier.get_absolute_url()}"><span>Previous post</span> Just before'
        in links
    )
    assert (
        f'rel="next" href="{later.get_absolute_url()}"><span>Next post</span> Just after' in links
    )
    for hidden in ("Much earlier", "Draft between", "Scheduled"):
        assert hidden not in links
    newest = post_navigation(later.get_absolute_url())
    assert 'rel="next"' not in newest and f'href="{post.get_absolute_url()}"' in newest


def test_post_with_wrong_date_in_address_redirects_to_its_permalink(client, post):
    response = client.get(f"/1999/01/01/{post.slug}/")
    assert response.status_code == 301
    assert response["Location"] == post.get_absolute_url()


@pytest.mark.parametrize("path", ["/2015/13/01/x/", "/2015/10/27/nothing-here/", "/nope/"])
def test_unknown_addresses_get_the_styled_404(client, post, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "That page can\u2019t be found" in response.content.decode()


def test_draft_is_hidden_from_readers_but_shown_to_staff_with_a_banner(client, author):
    draft = PostFactory(status=Post.Status.DRAFT, author=author)
    assert client.get(draft.get_absolute_url()).status_code == 404

    reader = UserFactory()
    client.force_login(reader)
    assert client.get(draft.get_absolute_url()).status_code == 404

    client.force_login(author)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft: only staff can see this post." in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_draft_preview_without_date_is_for_staff_only(client, author):
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None, author=author)
    url = f"/preview/{draft.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(author)
    assert client.get(url).status_code == 200


def test_scheduled_post_shows_a_scheduled_banner_to_staff(staff_client):
    scheduled = PostFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    response = staff_client.get(scheduled.get_absolute_url())
    assert "Scheduled: this post goes live" in response.content.decode()


def test_category_tag_author_and_archives_list_their_posts(client, author):
    category, tag = CategoryFactory(name="Syria", slug="syria"), TagFactory(slug="russia")
    when = datetime.datetime(2015, 10, 27, 12, tzinfo=datetime.UTC)
    inside = PostFactory(title="Inside", author=author, published_at=when)
    inside.categories.add(category)
    inside.tags.add(tag)
    PostFactory(title="Outside", published_at=when - datetime.timedelta(days=400))

    for url in ["/category/syria/", "/tag/russia/", "/author/writer/", "/2015/", "/2015/10/"]:
        # The list itself, not the sidebar (which shows every recent post).
        html = client.get(url).content.decode().split("</main>")[0]
        assert "Inside" in html, url
        assert "Outside" not in html, url
    assert "Month: October 2015" in client.get("/2015/10/").content.decode()
    assert client.get("/category/missing/").status_code == 404


def test_static_page_and_navigation(client):
    PageFactory(title="About", slug="about", body="Who writes this.")
    response = client.get("/about/")
    assert response.status_code == 200
    assert "Who writes this." in response.content.decode()
    assert 'href="/about/"' in client.get("/").content.decode()


def test_navigation_cache_follows_edits(client):
    page = PageFactory(title="Colophon", slug="colophon")
    assert "Colophon" in client.get("/").content.decode()
    page.title = "Imprint"
    page.save()
    assert "Imprint" in client.get("/").content.decode()


def _many_posts(count: int) -> None:
    categories = CategoryFactory.create_batch(5)
    tags = TagFactory.create_batch(5)
    for _ in range(count):
        PostFactory(categories=categories, tags=tags)


@pytest.mark.parametrize("count", [1, 30])
def test_home_stays_within_its_query_budget(client, django_assert_max_num_queries, count):
    _many_posts(count)
    client.get("/")  # warm the navigation cache
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_post_page_stays_within_its_query_budget(client, django_assert_max_num_queries, count):
    _many_posts(count)
    post = Post.objects.published().first()
    client.get(post.get_absolute_url())
    with django_assert_max_num_queries(8):
        assert client.get(post.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("url", ["/category/category-0/", "/2015/", "/author/writer/"])
def test_archives_stay_within_a_fixed_query_budget(client, django_assert_max_num_queries, url):
    author = UserFactory(username="writer", is_staff=True)
    categories = [CategoryFactory(slug="category-0")]
    when = datetime.datetime(2015, 5, 5, tzinfo=datetime.UTC)
    for _ in range(25):
        PostFactory(author=author, categories=categories, published_at=when)
    client.get(url)
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200


def test_category_page_includes_posts_of_its_subcategories_once(client):
    syria = CategoryFactory(slug="syria")
    aleppo = CategoryFactory(slug="aleppo", parent=syria)
    post = PostFactory(title="Both", categories=[syria, aleppo])
    PostFactory(title="Only the child", categories=[aleppo])

    html = client.get("/category/syria/").content.decode()
    main = html.split("<main")[1].split("</main>")[0]

    assert "Only the child" in main
    assert main.count(post.get_absolute_url() + '">Both<') == 1


def test_an_author_page_is_shown_only_for_an_account_with_a_published_post(client, post):
    assert client.get(f"/author/{post.author.username}/").status_code == 200
    moderator = UserFactory(username="quiet-mod", display_name="Secret Moderator", is_staff=True)
    ReaderFactory(username="a-reader", display_name="A Reader")
    drafter = UserFactory(username="drafter")
    PostFactory(author=drafter, status="draft")
    for username in [moderator.username, "a-reader", "drafter", "nobody-at-all"]:
        response = client.get(f"/author/{username}/")
        assert response.status_code == 404, username
        assert "Secret Moderator" not in response.content.decode()


def test_a_page_of_a_list_the_cache_holds_asks_the_database_nothing(
    client, settings, django_assert_num_queries
):
    settings.BLOG_POSTS_PER_PAGE = 2
    _many_posts(2)
    client.get("/")
    with django_assert_num_queries(0):  # the posts and their number are kept
        response = client.get("/")
    assert response.status_code == 200
    assert "?page=2" not in response.text

    PostFactory(title="Newly Published")  # a new generation: the number is counted again
    response = client.get("/")
    assert "Newly Published" in response.text
    assert "?page=2" in response.text
