"""The reader's order of the thread (Oldest / Newest / Best) and folded long and deep branches
(issue 19 item 4), through the post page as readers get it."""

import re

import pytest
from django.test import Client

from comments import likes
from comments.models import Comment, DiscussionSettings
from comments.session import OWN_KEY
from tests.comments.test_section import at
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def html_of(client, post, query="") -> str:
    response = client.get(post.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def liked_by(comment, readers: int) -> None:
    """``readers`` browsers like the comment, through the service the button calls."""
    for number in range(readers):
        liker = likes.Liker(browser=likes.browser_hash(f"browser-{comment.pk}-{number:020d}"))
        likes.comment_like(comment=comment, liker=liker)


def top_level_bodies(html: str) -> list[str]:
    return re.findall(
        r'class="comment depth-1[^"]*">.*?<div class="comment-content"[^>]*><p>(.*?)</p>',
        html,
        re.S,
    )


@pytest.fixture
def three(post):
    first = CommentFactory(post=post, body="First said", created_at=at(1))
    second = CommentFactory(post=post, body="Second said", created_at=at(2))
    third = CommentFactory(post=post, body="Third said", created_at=at(3))
    liked_by(second, 2)
    liked_by(third, 2)
    liked_by(first, 1)
    return first, second, third


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["First said", "Second said", "Third said"]),
        ("?corder=oldest", ["First said", "Second said", "Third said"]),
        ("?corder=newest", ["Third said", "Second said", "First said"]),
        # Most liked first; of the two with two likes, the older.
        ("?corder=best", ["Second said", "Third said", "First said"]),
        # An order nobody offers falls back to the author's, never a 500.
        ("?corder=%3Cscript%3E", ["First said", "Second said", "Third said"]),
        ("?corder=", ["First said", "Second said", "Third said"]),
        ("?corder=best&corder=worst", ["First said", "Second said", "Third said"]),
    ],
)
def test_the_reader_s_order_is_in_the_address(client, post, three, query, expected):
    assert top_level_bodies(html_of(client, post, query)) == expected


def test_the_order_links_say_which_is_current_and_the_default_is_the_plain_address(
    client, post, three
):
    html = html_of(client, post, "?corder=best")
    nav = re.search(r'<nav class="comment-order".*?</nav>', html, re.S).group(0)
    url = post.get_absolute_url()
    assert f'href="{url}#comments" data-order="oldest">Oldest' in nav
    assert f'href="{url}?corder=newest#comments" data-order="newest">Newest' in nav
    assert f'href="{url}?corder=best#comments" data-order="best" aria-current="true">Best' in nav
    assert 'data-default-order="oldest"' in nav


@pytest.mark.parametrize("query", ["?corder=best", "?corder=newest&cpage=1", "?cexpand=1"])
def test_the_canonical_address_stays_clean_in_every_order(client, post, three, settings, query):
    settings.SITE_URL = "https://blog.example.com"
    html = html_of(client, post, query)
    canonical = f"https://blog.example.com{post.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html


def test_links_inside_the_thread_keep_the_order(client, post, three):
    first = three[0]
    html = html_of(client, post, "?corder=best")
    url = post.get_absolute_url()
    assert f'href="{url}?corder=best#comment-{first.pk}"' in html  # the comment's own link
    assert f'href="?corder=best&amp;replyto={first.pk}#respond"' in html
    assert f'name="next" value="{url}?corder=best#comment-{first.pk}"' in html  # its like form
    assert f'id="cancel-comment-reply-link" href="{url}?corder=best#respond"' in html


def test_pages_of_a_long_thread_keep_the_order(client, post, three, settings):
    DiscussionSettings.objects.create(per_page=2)
    html = html_of(client, post, "?corder=best")
    assert top_level_bodies(html) == ["Second said", "Third said"]
    url = post.get_absolute_url()
    assert f'href="{url}?corder=best&amp;cpage=2#comments">Later comments' in html
    second_page = html_of(client, post, "?corder=best&cpage=2")
    assert top_level_bodies(second_page) == ["First said"]
    assert f'href="{url}?corder=best#comments">← Earlier comments' in second_page


def test_the_author_s_default_order_is_in_the_discussion_settings(client, post, three):
    DiscussionSettings.objects.create(order=DiscussionSettings.Order.BEST)
    html = html_of(client, post)
    assert top_level_bodies(html) == ["Second said", "Third said", "First said"]
    assert f'href="{post.get_absolute_url()}?corder=oldest#comments" data-order="oldest"' in html
    assert top_level_bodies(html_of(client, post, "?corder=oldest"))[0] == "First said"


def test_the_shared_thread_is_kept_once_per_order(client, post, three):
    """The thread cache keeps each order apart: one order's copy never answers another."""
    assert top_level_bodies(html_of(client, post, "?corder=best"))[0] == "Second said"
    assert top_level_bodies(html_of(client, post))[0] == "First said"
    assert top_level_bodies(html_of(client, post, "?corder=newest"))[0] == "Third said"
    assert top_level_bodies(html_of(client, post, "?corder=best"))[0] == "Second said"


def test_the_page_cache_keeps_the_plain_address_and_other_orders_pass_it_by(
    page_cache, post, three
):
    reader = Client()
    url = post.get_absolute_url()
    assert reader.get(url)["X-Page-Cache"] == "miss"
    assert reader.get(url)["X-Page-Cache"] == "hit"
    best = reader.get(f"{url}?corder=best")
    assert "X-Page-Cache" not in best  # rendered (from the kept thread), never a new page entry
    assert top_level_bodies(best.content.decode())[0] == "Second said"


def test_a_new_comment_goes_to_its_page_in_the_author_s_best_order(client, post, three):
    DiscussionSettings.objects.create(order=DiscussionSettings.Order.BEST, per_page=2)
    from comments.views import comment_page_url

    first = Comment.objects.get(pk=three[0].pk)  # one like: last of the three
    assert comment_page_url(first, DiscussionSettings.load()).endswith(
        f"?cpage=2#comment-{first.pk}"
    )


# --- Folding ------------------------------------------------------------------------------------
def replies(parent, count: int, *, start: int = 10, word: str = "Reply") -> list[Comment]:
    return [
        CommentFactory(
            post=parent.post, parent=parent, body=f"{word} {n}", created_at=at(start + n)
        )
        for n in range(count)
    ]


def folded_part(html: str, comment) -> str:
    found = re.search(
        rf'<ol class="children comment-folded" id="replies-{comment.pk}" hidden>(.*?)</ol>\s*</li>',
        html,
        re.S,
    )
    return found.group(1) if found else ""


def test_a_comment_with_many_replies_shows_three_and_folds_the_rest(client, post):
    root = CommentFactory(post=post, body="Root", created_at=at(1))
    shown_and_folded = replies(root, 5)
    html = html_of(client, post)
    url = post.get_absolute_url()
    fourth = shown_and_folded[3]
    assert (
        f'<a class="comment-fold-link" href="{url}?cexpand={root.pk}#comment-{fourth.pk}" '
        f'data-fold="replies-{root.pk}">Show 2 more replies</a>'
    ) in html
    folded = folded_part(html, root)
    assert "Reply 3" in folded and "Reply 4" in folded and "Reply 2" not in folded


def test_replies_deeper_than_two_levels_fold_with_their_own_replies_counted(client, post):
    root = CommentFactory(post=post, body="Root", created_at=at(1))
    (child,) = replies(root, 1, word="Child")
    (grandchild,) = replies(child, 1, start=20, word="Grandchild")
    replies(grandchild, 11, start=30, word="Deep")  # 12 comments below the child
    html = html_of(client, post)
    assert "Show 12 more replies" in html
    assert "Grandchild 0" in folded_part(html, child)
    assert "Child 0" not in folded_part(html, root)


def test_the_unfold_link_shows_the_branch_without_javascript(client, post):
    root = CommentFactory(post=post, body="Root", created_at=at(1))
    (child,) = replies(root, 1, word="Child")
    (grandchild,) = replies(child, 1, start=20, word="Grandchild")
    replies(grandchild, 4, start=30, word="Deep")
    html = html_of(client, post, f"?cexpand={child.pk}")
    assert "comment-folded" not in html  # everything under the child is open
    assert "Deep 3" in html
    assert f'href="{post.get_absolute_url()}?cexpand={child.pk}#comment-' in html  # links keep it


@pytest.mark.parametrize("asked", ["abc", "999999", "-1", ""])
def test_a_bad_unfold_request_shows_the_folded_thread(client, post, asked):
    root = CommentFactory(post=post, body="Root", created_at=at(1))
    replies(root, 5)
    assert "Show 2 more replies" in html_of(client, post, f"?cexpand={asked}")


def test_the_reader_s_own_held_reply_is_never_folded_away(client, post):
    root = CommentFactory(post=post, body="Root", created_at=at(1))
    replies(root, 5)
    mine = CommentFactory(
        post=post,
        parent=root,
        body="My held reply",
        status=Comment.Status.PENDING,
        created_at=at(90),
    )
    session = client.session
    session[OWN_KEY] = [mine.pk]
    session.save()
    html = html_of(client, post)
    assert "My held reply" in html and "comment-folded" not in html
