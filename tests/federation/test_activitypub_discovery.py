"""Finding the blog from Mastodon: WebFinger, NodeInfo, the actor and its collections; all of it
absent while federation is off."""

from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Blog
from federation.models import FediverseProfile, Follower, RemoteActor
from tests.factories import PostFactory, TagFactory, UserFactory

AP = "application/activity+json"
ADDRESSES = [
    "/.well-known/webfinger?resource=acct:the-broadsheet@blog.example",
    "/.well-known/nodeinfo",
    "/nodeinfo/2.1",
    "/fediverse/actor",
    "/fediverse/outbox",
    "/fediverse/followers",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_every_address_is_missing_while_federation_is_off(client, db, settings, address):
    settings.ALLOWED_HOSTS = ["blog.example", "testserver"]
    Blog.objects.create(name="The Broadsheet", federation_enabled=False)
    assert client.get(address, HTTP_ACCEPT=AP).status_code == 404
    assert client.post("/fediverse/inbox", data=b"{}", content_type=AP).status_code == 404


def test_webfinger_finds_the_blog_by_its_handle(client, federation):
    response = client.get(
        "/.well-known/webfinger", {"resource": "acct:the-broadsheet@blog.example"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jrd+json"
    document = response.json()
    assert document["subject"] == "acct:the-broadsheet@blog.example"
    assert {"rel": "self", "type": AP, "href": "https://blog.example/fediverse/actor"} in document[
        "links"
    ]


def test_webfinger_answers_404_for_someone_else_and_400_without_a_resource(client, federation):
    assert (
        client.get("/.well-known/webfinger", {"resource": "acct:bob@blog.example"}).status_code
        == 404
    )
    assert client.get("/.well-known/webfinger").status_code == 400


def test_the_handle_can_be_chosen_in_the_profile(client, federation):
    client.get("/fediverse/actor", HTTP_ACCEPT=AP)  # makes the profile and its keys
    FediverseProfile.objects.update(handle="news")
    assert (
        client.get("/.well-known/webfinger", {"resource": "acct:news@blog.example"}).status_code
        == 200
    )
    assert client.get("/fediverse/actor", HTTP_ACCEPT=AP).json()["preferredUsername"] == "news"


def test_nodeinfo_says_broadsheet_speaks_activitypub(client, federation):
    PostFactory()
    links = client.get("/.well-known/nodeinfo").json()["links"]
    assert links == [
        {
            "rel": "http://nodeinfo.diaspora.software/ns/schema/2.1",
            "href": "https://blog.example/nodeinfo/2.1",
        }
    ]
    info = client.get("/nodeinfo/2.1").json()
    assert info["version"] == "2.1"
    assert info["software"]["name"] == "broadsheet"
    assert info["protocols"] == ["activitypub"]
    assert info["usage"]["localPosts"] == 1


def test_the_actor_has_a_profile_and_a_public_key_made_once(client, federation):
    federation.tagline = "News & <views>"
    federation.save()
    first = client.get("/fediverse/actor", HTTP_ACCEPT=AP)
    assert first["Content-Type"].startswith(AP)
    document = first.json()
    assert document["type"] == "Person"
    assert document["name"] == "The Broadsheet"
    assert document["summary"] == "<p>News &amp; &lt;views&gt;</p>"
    assert document["inbox"] == "https://blog.example/fediverse/inbox"
    assert document["endpoints"]["sharedInbox"] == "https://blog.example/fediverse/inbox"
    assert document["icon"]["url"].endswith("/static/img/fediverse-icon.png")
    key = document["publicKey"]
    assert key["id"] == "https://blog.example/fediverse/actor#main-key"
    assert key["publicKeyPem"].startswith("-----BEGIN PUBLIC KEY-----")
    assert "PRIVATE" not in first.content.decode()
    again = client.get("/fediverse/actor", HTTP_ACCEPT=AP).json()
    assert again["publicKey"]["publicKeyPem"] == key["publicKeyPem"]
    assert FediverseProfile.objects.count() == 1


def test_a_browser_asking_for_the_actor_is_sent_to_the_home_page(client, federation):
    response = client.get("/fediverse/actor", HTTP_ACCEPT="text/html")
    assert response.status_code == 302
    assert response["Location"] == "https://blog.example/"


def test_the_outbox_pages_the_public_posts_as_articles(client, federation, settings):
    settings.FEDERATION_COLLECTION_PAGE_SIZE = 2
    tag = TagFactory(name="Gardens", slug="gardens")
    for _ in range(2):
        PostFactory()
    newest = PostFactory(
        title="Newest", tags=[tag], published_at=timezone.now() - timedelta(hours=1)
    )
    PostFactory(password="secret")  # protected: never federated
    PostFactory(status="draft", published_at=None)
    outbox = client.get("/fediverse/outbox", HTTP_ACCEPT=AP).json()
    assert outbox["type"] == "OrderedCollection"
    assert outbox["totalItems"] == 3
    first = client.get(outbox["first"].replace("https://blog.example", ""), HTTP_ACCEPT=AP).json()
    assert first["type"] == "OrderedCollectionPage"
    assert len(first["orderedItems"]) == 2
    create = first["orderedItems"][0]
    assert create["type"] == "Create"
    article = create["object"]
    assert article["type"] == "Article"
    assert article["name"] == "Newest"
    assert article["url"] == "https://blog.example" + newest.get_absolute_url()
    assert article["tag"] == [
        {"type": "Hashtag", "name": "#Gardens", "href": "https://blog.example/tag/gardens/"}
    ]
    assert "<p>A first paragraph" in article["content"]
    second = client.get(first["next"].replace("https://blog.example", ""), HTTP_ACCEPT=AP).json()
    assert len(second["orderedItems"]) == 1
    assert "next" not in second
    assert client.get("/fediverse/outbox?page=0", HTTP_ACCEPT=AP).status_code == 404


def test_an_article_is_served_at_its_id_and_a_protected_one_is_not(client, federation):
    post = PostFactory(title="Readable")
    protected = PostFactory(password="secret")
    article = client.get(f"/fediverse/posts/{post.pk}", HTTP_ACCEPT=AP).json()
    assert article["id"] == f"https://blog.example/fediverse/posts/{post.pk}"
    assert article["attributedTo"] == "https://blog.example/fediverse/actor"
    assert client.get(f"/fediverse/posts/{protected.pk}", HTTP_ACCEPT=AP).status_code == 404
    redirect = client.get(f"/fediverse/posts/{post.pk}", HTTP_ACCEPT="text/html")
    assert redirect["Location"] == post.get_absolute_url()


def test_the_followers_collection_lists_followers_by_page(client, federation):
    for number in range(3):
        remote = RemoteActor.objects.create(
            uri=f"https://social.example/users/u{number}",
            key_id=f"https://social.example/users/u{number}#main-key",
            public_key_pem="x",
            inbox=f"https://social.example/users/u{number}/inbox",
        )
        Follower.objects.create(actor=remote)
    collection = client.get("/fediverse/followers", HTTP_ACCEPT=AP).json()
    assert collection["totalItems"] == 3
    page = client.get("/fediverse/followers?page=1", HTTP_ACCEPT=AP).json()
    assert set(page["orderedItems"]) == {f"https://social.example/users/u{n}" for n in range(3)}


def test_the_admin_shows_the_public_key_and_never_the_private_one(client, federation):
    client.get("/fediverse/actor", HTTP_ACCEPT=AP)
    row = FediverseProfile.objects.get()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(
        f"/admin/federation/fediverseprofile/{row.pk}/change/", HTTP_HOST="testserver"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "BEGIN PUBLIC KEY" in html
    assert "PRIVATE KEY" not in html
    assert "@the-broadsheet@blog.example" in html


def test_turning_federation_on_needs_a_public_https_site_url(settings, db):
    from django.core.exceptions import ValidationError

    blog = Blog(name="The Broadsheet", federation_enabled=True)
    for site_url in [
        "http://blog.example",
        "https://localhost:8000",
        "https://10.0.0.5",
        "https://blog.local",
    ]:
        settings.SITE_URL = site_url
        with pytest.raises(ValidationError) as refused:
            blog.clean()
        assert "SITE_URL" in refused.value.message_dict["federation_enabled"][0]
    settings.SITE_URL = "https://blog.example"
    blog.clean()
