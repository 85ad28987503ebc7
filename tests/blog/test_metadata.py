import json
import re

import pytest

from tests.factories import CategoryFactory, ImageFactory, PageFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db


def meta(html: str, attribute: str, name: str) -> list[str]:
    return re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://blog.example.com"
    return settings.SITE_URL


@pytest.fixture
def shared_post(author):
    return PostFactory(
        author=author,
        title="Syria: Aleppo Offensive",
        excerpt="Pro-government forces move on Aleppo.",
        featured_image=ImageFactory(alt_text="A map of Aleppo"),
        categories=[CategoryFactory(name="Syria")],
        tags=[TagFactory(name="Russia")],
    )


def test_post_page_has_title_description_and_canonical_address(client, site_url, shared_post):
    html = client.get(shared_post.get_absolute_url()).content.decode()

    assert "<title>Syria: Aleppo Offensive \u2013 Broadsheet</title>" in html
    assert meta(html, "name", "description") == ["Pro-government forces move on Aleppo."]
    canonical = f"{site_url}{shared_post.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html


def test_post_page_has_open_graph_and_twitter_card(client, site_url, shared_post):
    html = client.get(shared_post.get_absolute_url()).content.decode()
    image = f"{site_url}{shared_post.featured_image.file.url}"

    assert meta(html, "property", "og:type") == ["article"]
    assert meta(html, "property", "og:title") == ["Syria: Aleppo Offensive"]
    assert meta(html, "property", "og:url") == [f"{site_url}{shared_post.get_absolute_url()}"]
    assert meta(html, "property", "og:image") == [image]
    assert meta(html, "property", "og:image:alt") == ["A map of Aleppo"]
    assert meta(html, "property", "article:published_time") == [
        shared_post.published_at.isoformat()
    ]
    assert meta(html, "property", "article:section") == ["Syria"]
    assert meta(html, "property", "article:tag") == ["Russia"]
    assert meta(html, "name", "twitter:card") == ["summary_large_image"]
    assert meta(html, "name", "twitter:image") == [image]


def test_post_without_a_picture_gets_a_small_card_and_no_image(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    assert meta(html, "name", "twitter:card") == ["summary"]
    assert meta(html, "property", "og:image") == []
    assert "image" not in json_ld(html)


def test_post_page_describes_itself_as_a_blog_posting_in_json_ld(client, site_url, shared_post):
    data = json_ld(client.get(shared_post.get_absolute_url()).content.decode())

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "Syria: Aleppo Offensive"
    assert data["description"] == "Pro-government forces move on Aleppo."
    assert data["url"] == f"{site_url}{shared_post.get_absolute_url()}"
    assert data["datePublished"].startswith(shared_post.published_at.strftime("%Y-%m-%dT%H:%M"))
    assert data["author"]["name"] == shared_post.author.get_display_name()
    assert data["image"] == f"{site_url}{shared_post.featured_image.file.url}"
    assert data["keywords"] == ["Russia"]


def test_markup_in_a_title_cannot_escape_the_head(client):
    hostile = PostFactory(
        title='</script><script>alert(1)</script> "quoted" & <b>',
        excerpt='Say "hi" <img src=x onerror=alert(1)>',
    )
    html = client.get(hostile.get_absolute_url()).content.decode()
    head = html.split("</head>")[0]

    assert "<script>alert(1)" not in head
    assert "<img src=x" not in head
    assert json_ld(html)["headline"].startswith("</script><script>")
    assert meta(html, "property", "og:title") == [
        "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &lt;b&gt;"
    ]


@pytest.mark.parametrize("path", ["/", "/category/syria/", "/about/", "/search/?q=x", "/nope/"])
def test_every_page_has_a_description_canonical_address_and_open_graph(client, site_url, path):
    CategoryFactory(name="Syria", slug="syria", description="All about Syria.")
    PageFactory(title="About", slug="about", body="Who writes this blog, and why.")
    response = client.get(path)
    html = response.content.decode()

    assert re.search(r"<title>[^<]+</title>", html)
    assert len(meta(html, "name", "description")) == 1
    assert f'<link rel="canonical" href="{site_url}{path.split("?")[0]}">' in html
    assert meta(html, "property", "og:type") == ["website"]
    assert meta(html, "name", "twitter:card") == ["summary"]


def test_list_and_page_descriptions_come_from_their_content(client):
    CategoryFactory(name="Syria", slug="syria", description="All about Syria.")
    PageFactory(title="About", slug="about", body="Who writes this blog, and why.")

    category = client.get("/category/syria/").content.decode()
    assert meta(category, "name", "description") == ["All about Syria."]
    assert meta(category, "property", "og:title") == ["Category: Syria"]
    about = client.get("/about/").content.decode()
    assert meta(about, "name", "description") == ["Who writes this blog, and why."]


def test_canonical_address_of_a_later_page_keeps_its_number(client, site_url):
    PostFactory.create_batch(12)
    html = client.get("/?page=2&utm_source=x").content.decode()
    assert f'<link rel="canonical" href="{site_url}/?page=2">' in html
