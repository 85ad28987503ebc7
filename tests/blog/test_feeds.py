import datetime

import feedparser
import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import CategoryFactory, ImageFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db

FEEDS = [
    ("/feed/", "rss20"),
    ("/feed/atom/", "atom10"),
    ("/category/syria/feed/", "rss20"),
    ("/category/syria/feed/atom/", "atom10"),
    ("/tag/russia/feed/", "rss20"),
    ("/tag/russia/feed/atom/", "atom10"),
]


@pytest.fixture
def filed_posts(settings):
    settings.SITE_URL = "https://blog.example.com"
    syria = CategoryFactory(name="Syria", slug="syria")
    russia = TagFactory(name="Russia", slug="russia")
    inside = PostFactory(
        title="Inside & filed",
        body="Body with a [link](/about/) and **bold** words.",
        categories=[syria],
        tags=[russia],
    )
    outside = PostFactory(title="Unfiled", published_at=inside.published_at - datetime.timedelta(1))
    PostFactory(title="A draft", status=Post.Status.DRAFT, categories=[syria], tags=[russia])
    PostFactory(
        title="Scheduled",
        published_at=timezone.now() + datetime.timedelta(days=2),
        categories=[syria],
        tags=[russia],
    )
    return inside, outside


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return response, parsed


@pytest.mark.parametrize(("url", "version"), FEEDS)
def test_every_feed_is_valid_and_lists_only_published_posts(client, filed_posts, url, version):
    inside, _ = filed_posts
    response, parsed = parse(client, url)

    assert parsed.version == version
    titles = [entry.title for entry in parsed.entries]
    assert "Inside & filed" in titles
    assert "A draft" not in titles
    assert "Scheduled" not in titles
    entry = parsed.entries[titles.index("Inside & filed")]
    assert entry.link == f"https://blog.example.com{inside.get_absolute_url()}"
    assert {tag.term for tag in entry.tags} == {"Syria", "Russia"}
    assert entry.author == inside.author.get_display_name()
    assert response.has_header("Last-Modified")


def test_site_feed_lists_every_published_post_newest_first(client, filed_posts):
    _, parsed = parse(client, "/feed/")
    assert [entry.title for entry in parsed.entries] == ["Inside & filed", "Unfiled"]
    assert parsed.feed.title
    assert parsed.feed.link == "https://blog.example.com/"


@pytest.mark.parametrize("url", ["/category/syria/feed/", "/tag/russia/feed/atom/"])
def test_category_and_tag_feeds_leave_out_other_posts(client, filed_posts, url):
    _, parsed = parse(client, url)
    assert [entry.title for entry in parsed.entries] == ["Inside & filed"]


def test_feeds_carry_full_content_with_absolute_links_by_default(client, filed_posts):
    _, parsed = parse(client, "/feed/")
    content = parsed.entries[0].summary
    assert "<strong>bold</strong>" in content
    assert 'href="https://blog.example.com/about/"' in content


def test_feeds_carry_only_the_excerpt_when_the_setting_says_so(client, filed_posts, settings):
    settings.BLOG_FEED_FULL_CONTENT = False
    _, parsed = parse(client, "/feed/atom/")
    content = parsed.entries[0].summary
    assert "<strong>" not in content
    assert "Body with a link and bold words." in content


def test_feed_length_follows_the_setting(client, settings):
    settings.BLOG_FEED_ITEMS = 3
    PostFactory.create_batch(5)
    _, parsed = parse(client, "/feed/")
    assert len(parsed.entries) == 3


def test_control_characters_in_a_post_do_not_break_the_feed(client):
    PostFactory(title="Bell\x07 title", body="A form feed \x0c inside.")
    _, parsed = parse(client, "/feed/")
    assert parsed.entries[0].title == "Bell title"


def test_feeds_of_unknown_category_or_tag_are_404(client, db):
    assert client.get("/category/nope/feed/").status_code == 404
    assert client.get("/tag/nope/feed/atom/").status_code == 404


@pytest.mark.parametrize("url", ["/feed/", "/category/syria/feed/atom/", "/tag/russia/feed/"])
def test_feeds_stay_within_a_fixed_query_budget(client, django_assert_max_num_queries, url):
    syria, russia = CategoryFactory(slug="syria"), TagFactory(slug="russia")
    for _ in range(25):
        PostFactory(
            categories=[syria, *CategoryFactory.create_batch(2)],
            tags=[russia, TagFactory()],
            featured_image=ImageFactory(),
        )
    client.get(url)
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200


def test_every_page_advertises_the_site_feeds(client, post):
    for url in ["/", post.get_absolute_url(), "/search/?q=post"]:
        html = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/rss+xml"' in html, url
        assert 'href="/feed/"' in html, url
        assert 'href="/feed/atom/"' in html, url


def test_category_and_tag_pages_also_advertise_their_own_feeds(client):
    CategoryFactory(name="Syria", slug="syria")
    TagFactory(name="Russia", slug="russia")
    assert 'href="/category/syria/feed/"' in client.get("/category/syria/").content.decode()
    assert 'href="/tag/russia/feed/atom/"' in client.get("/tag/russia/").content.decode()
