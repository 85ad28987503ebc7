"""A post's own address speaks ActivityPub too (issue 20): its page links to the Article with
``<link rel="alternate" type="application/activity+json">`` while federation is on (only then),
and the address answers the Article JSON to ``Accept: application/activity+json`` or
``application/ld+json`` with the ActivityStreams profile, as Mastodon asks when someone pastes
the address into its search. Browsers get the page as before."""

import pytest

from tests.factories import PageFactory, PostFactory

HOST = {"HTTP_HOST": "blog.example"}
#: What Mastodon sends when it fetches a pasted address (FetchResourceService's ACCEPT_HEADER,
#: app/services/fetch_resource_service.rb), which on an HTML answer then follows the page's
#: <link rel="alternate" type="application/activity+json">; and the Recommendation's ld+json.
MASTODON_ACCEPT = (
    'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
    ", text/html;q=0.1"
)
LD_JSON = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
#: What Chromium sends for a page.
BROWSER_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,"
    "*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
)


@pytest.fixture
def post(federation, author):
    return PostFactory(author=author, title="Gardens in winter", slug="gardens-in-winter")


def alternate(post) -> str:
    return (
        '<link rel="alternate" type="application/activity+json" '
        f'href="https://blog.example/fediverse/posts/{post.pk}">'
    )


def test_the_post_page_links_to_its_article_while_federation_is_on(client, post):
    response = client.get(post.get_absolute_url(), HTTP_ACCEPT=BROWSER_ACCEPT, **HOST)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert alternate(post) in response.content.decode()
    article = client.get(f"/fediverse/posts/{post.pk}", HTTP_ACCEPT=MASTODON_ACCEPT, **HOST)
    assert article.json()["url"] == "https://blog.example" + post.get_absolute_url()


def test_with_federation_off_the_page_has_no_link_and_the_address_answers_html(
    client, post, federation
):
    federation.federation_enabled = False
    federation.save()
    page = client.get(post.get_absolute_url(), **HOST).content.decode()
    assert "application/activity+json" not in page
    response = client.get(post.get_absolute_url(), HTTP_ACCEPT=MASTODON_ACCEPT, **HOST)
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("accept", [MASTODON_ACCEPT, "application/activity+json", LD_JSON])
def test_the_post_address_answers_the_article_to_an_activitypub_request(client, post, accept):
    response = client.get(post.get_absolute_url(), HTTP_ACCEPT=accept, **HOST)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/activity+json; charset=utf-8"
    assert "Accept" in response["Vary"]
    document = response.json()
    assert document["type"] == "Article"
    assert document["id"] == f"https://blog.example/fediverse/posts/{post.pk}"
    assert document["name"] == "Gardens in winter"
    assert "https://www.w3.org/ns/activitystreams" in document["@context"]


@pytest.mark.parametrize(
    "accept",
    [BROWSER_ACCEPT, "application/ld+json", "application/json", "application/activity+json;q=0"],
)
def test_anything_else_gets_the_page(client, post, accept):
    response = client.get(post.get_absolute_url(), HTTP_ACCEPT=accept, **HOST)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_a_kept_page_does_not_hide_the_article(client, post, page_cache):
    client.get(post.get_absolute_url(), **HOST)
    assert client.get(post.get_absolute_url(), **HOST)["X-Page-Cache"] == "hit"
    response = client.get(post.get_absolute_url(), HTTP_ACCEPT=MASTODON_ACCEPT, **HOST)
    assert response.json()["type"] == "Article"
    assert "X-Page-Cache" not in response


def test_a_protected_post_and_a_page_answer_html_with_no_link(client, federation, author):
    protected = PostFactory(author=author, password="secret")
    page = PageFactory(slug="about")
    for row in (protected, page):
        response = client.get(row.get_absolute_url(), HTTP_ACCEPT=MASTODON_ACCEPT, **HOST)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert "application/activity+json" not in response.content.decode()


def test_the_page_and_the_article_at_one_address_each_say_they_vary_on_accept(client, post):
    page = client.get(post.get_absolute_url(), HTTP_ACCEPT=BROWSER_ACCEPT, **HOST)
    article = client.get(post.get_absolute_url(), HTTP_ACCEPT=MASTODON_ACCEPT, **HOST)
    assert page["Content-Type"].startswith("text/html")
    assert article["Content-Type"].startswith("application/activity+json")
    for response in (page, article):
        assert "accept" in [name.strip().lower() for name in response["Vary"].split(",")]


def test_with_federation_off_pages_do_not_vary_on_accept(client, post, federation):
    federation.federation_enabled = False
    federation.save()
    page = client.get(post.get_absolute_url(), HTTP_ACCEPT=BROWSER_ACCEPT, **HOST)
    assert "accept" not in page.get("Vary", "").lower().replace("accept-language", "")
