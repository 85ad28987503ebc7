"""Addresses every WordPress site answers, which bookmarks, other sites and feed readers keep
after the move (WordPress's query variables ``s``, ``feed``, ``m``, ``year``/``monthnum``/``day``,
``tag``, ``category_name``, and its feed types rss2, rss, rdf, atom): one 301 each to ours."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import CategoryFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(author):
    when = timezone.make_aware(datetime.datetime(2015, 10, 27, 9, 0))
    return PostFactory(author=author, title="Aleppo offensive", published_at=when)


def moved(client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 301, (address, response.status_code)
    return response["Location"]


def test_a_wordpress_search_link_opens_our_search_with_its_terms(client, post):
    assert moved(client, "/?s=aleppo+offensive") == "/search/?q=aleppo+offensive"
    assert "Aleppo offensive" in client.get("/search/?q=aleppo+offensive").content.decode()


def test_a_search_link_in_another_script_keeps_its_terms(client, post):
    assert moved(client, "/?s=%D8%AD%D9%84%D8%A8") == "/search/?q=%D8%AD%D9%84%D8%A8"


@pytest.mark.parametrize(
    ("query", "feed"),
    [
        ("feed=rss2", "/feed/"),
        ("feed=rss", "/feed/"),
        ("feed=rdf", "/feed/"),
        ("feed=atom", "/feed/atom/"),
        ("feed=comments-rss2", "/comments/feed/"),
        ("feed=comments-atom", "/comments/feed/atom/"),
    ],
)
def test_a_query_string_feed_is_the_feed(client, post, query, feed):
    assert moved(client, f"/?{query}") == feed
    assert client.get(feed).status_code == 200


@pytest.mark.parametrize("kind", ["rss2", "rss", "rdf"])
def test_every_feed_type_of_every_feed_answers(client, post, kind):
    category = CategoryFactory(slug="syria")
    tag = TagFactory(slug="aleppo")
    post.categories.add(category)
    post.tags.add(tag)
    for base in ("/", "/comments/", "/category/syria/", "/tag/aleppo/", post.get_absolute_url()):
        target = moved(client, f"{base}feed/{kind}/")
        assert target == f"{base}feed/"
        assert client.get(target).status_code == 200, target


def test_an_atom_feed_we_serve_answers_itself_and_one_of_nothing_is_a_404(client, post):
    assert client.get("/feed/atom/").status_code == 200
    assert client.get("/tag/nope/feed/atom/").status_code == 404


@pytest.mark.parametrize(
    ("query", "archive"),
    [
        ("m=2015", "/2015/"),
        ("m=201510", "/2015/10/"),
        ("m=20151027", "/2015/10/27/"),
        ("year=2015", "/2015/"),
        ("year=2015&monthnum=10", "/2015/10/"),
        ("year=2015&monthnum=9&day=3", "/2015/09/03/"),
        ("year=2015&monthnum=99", "/2015/"),  # no such month: the year
    ],
)
def test_a_date_query_is_the_archive(client, post, query, archive):
    assert moved(client, f"/?{query}") == archive


def test_a_tag_or_category_query_is_its_archive(client, post):
    parent = CategoryFactory(slug="middle-east")
    CategoryFactory(slug="syria", parent=parent)
    TagFactory(slug="aleppo")
    assert moved(client, "/?tag=aleppo") == "/tag/aleppo/"
    assert moved(client, "/?category_name=middle-east/syria") == "/category/middle-east/syria/"


@pytest.mark.parametrize("query", ["m=abc", "s=", "s=+", "feed=unknown", "category_name=nowhere"])
def test_a_query_wordpress_would_not_read_leaves_the_home_page_as_it_is(client, post, query):
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert "Aleppo offensive" in response.content.decode()


def test_a_feed_type_under_an_address_that_is_no_feed_stays_a_404(client, post):
    assert client.get("/no-such-page/feed/rdf/").status_code in (301, 404)
    response = client.get("/no-such-page/feed/rdf/", follow=True)
    assert response.status_code == 404
