"""Pingbacks and trackbacks are listed under a post, apart from the conversation."""

from comments.models import Comment


def make_ping(post, **fields) -> Comment:
    values = {
        "kind": Comment.Kind.PINGBACK,
        "status": Comment.Status.APPROVED,
        "author_name": "Other <b>site</b>",
        "author_url": "https://other.example.net/post/",
        "body": "[…] they linked here […]",
    }
    return Comment.objects.create(post=post, **{**values, **fields})


def test_approved_pings_are_listed_apart_with_their_links(client, post):
    make_ping(post)
    make_ping(post, kind=Comment.Kind.TRACKBACK, author_name="Tracker", author_url="")
    Comment.objects.create(post=post, status=Comment.Status.APPROVED, body="A real comment")
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    section = response.text.split('<section class="pings"')[1]
    assert "Mentions elsewhere" in section
    assert 'href="https://other.example.net/post/" rel="nofollow ugc external"' in section
    assert "Other &lt;b&gt;site&lt;/b&gt;" in section
    assert "Pingback" in section and "Trackback" in section
    assert "A real comment" not in section


def test_pings_waiting_or_spam_are_not_shown(client, post):
    make_ping(post, status=Comment.Status.PENDING, author_name="Waiting")
    make_ping(post, status=Comment.Status.SPAM, author_name="Spammy")
    response = client.get(post.get_absolute_url())
    assert "Waiting" not in response.text and "Spammy" not in response.text
    assert 'class="pings"' not in response.text


def test_the_post_page_keeps_its_query_budget_with_pings(
    client, post, django_assert_max_num_queries
):
    for number in range(5):
        make_ping(post, author_name=f"Site {number}")
    client.get(post.get_absolute_url())
    with django_assert_max_num_queries(8):
        assert client.get(post.get_absolute_url()).status_code == 200
