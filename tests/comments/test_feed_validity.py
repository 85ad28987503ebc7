"""Every feed parses cleanly (feedparser: no bozo) and each entry has an id, link, date, author;
the per-post comment feed answers at WordPress's address and is advertised in the post's head."""

import feedparser
import pytest

from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

FEEDS = ["/feed/", "/feed/atom/", "/comments/feed/", "/comments/feed/atom/"]


def parsed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


@pytest.fixture
def conversation(post):
    top = CommentFactory(post=post, author_name="Ada", body="First & <foremost>.")
    CommentFactory(post=post, parent=top, author_name="Grace", body="A reply.")
    PostFactory(author=post.author, title="Another post")
    return post


@pytest.mark.parametrize("url", FEEDS)
def test_each_site_feed_is_valid_and_every_entry_is_complete(client, conversation, url):
    feed = parsed(client, url)
    assert feed.entries
    for entry in feed.entries:
        assert entry.get("id") and entry.get("link", "").startswith("http")
        assert entry.get("published_parsed") or entry.get("updated_parsed")
        assert entry.get("author")


def test_the_comments_atom_feed_is_atom(client, conversation):
    response = client.get("/comments/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parsed(client, "/comments/feed/atom/")
    assert feed.version == "atom10"
    assert {entry.author for entry in feed.entries} == {"Ada", "Grace"}


def test_the_post_comment_feed_answers_at_the_permalink_plus_feed(client, conversation):
    url = f"{conversation.get_absolute_url()}feed/"
    feed = parsed(client, url)
    assert feed.feed.title == "Comments on: A Published Post"
    assert [entry.author for entry in feed.entries] == ["Grace", "Ada"]
    for entry in feed.entries:
        assert f"{conversation.get_absolute_url()}#comment-" in entry.link and entry.id
        assert entry.published_parsed and entry.author


def test_the_post_page_advertises_its_comment_feed(client, conversation):
    html = client.get(conversation.get_absolute_url()).content.decode()
    head = html.split("</head>")[0]
    assert (
        f'A Published Post Comments Feed" href="{conversation.get_absolute_url()}feed/">'
    ) in head


def test_a_post_comment_feed_with_a_wrong_date_or_slug_is_404(client, conversation):
    assert client.get("/2001/01/01/a-published-post/feed/").status_code == 404
    url = conversation.get_absolute_url().replace("a-published-post", "no-such-post")
    assert client.get(f"{url}feed/").status_code == 404
