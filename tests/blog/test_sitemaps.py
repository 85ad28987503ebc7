import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import CategoryFactory, PageFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client) -> dict[str, str | None]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314  (our own output)
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in root.findall("s:url", NS)
    }


def test_sitemap_lists_home_posts_pages_categories_and_tags_at_the_public_address(client, settings):
    settings.SITE_URL = "https://blog.example.com"
    used_category, used_tag = CategoryFactory(slug="syria"), TagFactory(slug="russia")
    CategoryFactory(slug="empty-category")
    TagFactory(slug="empty-tag")
    post = PostFactory(
        published_at=datetime.datetime(2015, 10, 27, 12, tzinfo=datetime.UTC),
        categories=[used_category],
        tags=[used_tag],
    )
    Post.objects.filter(pk=post.pk).update(
        updated_at=datetime.datetime(2016, 1, 2, 3, tzinfo=datetime.UTC)
    )
    PageFactory(slug="about")
    PageFactory(slug="hidden", is_published=False)

    entries = sitemap_entries(client)

    base = "https://blog.example.com"
    assert set(entries) == {
        f"{base}/",
        f"{base}{post.get_absolute_url()}",
        f"{base}/about/",
        f"{base}/category/syria/",
        f"{base}/tag/russia/",
    }
    assert entries[f"{base}{post.get_absolute_url()}"] == "2016-01-02"
    assert entries[f"{base}/category/syria/"] == "2016-01-02"


def test_sitemap_never_lists_drafts_or_scheduled_posts(client):
    secret = CategoryFactory(slug="secret")
    draft = PostFactory(status=Post.Status.DRAFT, categories=[secret])
    scheduled = PostFactory(
        published_at=timezone.now() + datetime.timedelta(hours=1), categories=[secret]
    )
    visible = PostFactory()

    locations = " ".join(sitemap_entries(client))

    assert visible.get_absolute_url() in locations
    assert draft.slug not in locations
    assert scheduled.slug not in locations
    assert "/category/secret/" not in locations


@pytest.mark.parametrize("count", [1, 30])
def test_sitemap_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    for _ in range(count):
        PostFactory(categories=[CategoryFactory()], tags=[TagFactory()])
    PageFactory.create_batch(count)
    client.get("/sitemap.xml")  # warm the navigation cache
    # Five sections, each a count and a page of rows, and the home page's date.
    with django_assert_max_num_queries(9):
        assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_names_the_sitemap(client, settings):
    settings.SITE_URL = "https://blog.example.com"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Sitemap: https://blog.example.com/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_robots_txt_answers_head_requests_and_refuses_posts(client, db):
    assert client.head("/robots.txt").status_code == 200
    assert client.post("/robots.txt").status_code == 405
