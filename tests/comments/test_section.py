"""What readers see under a post: the count, the thread, the form."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from comments.models import Comment, DiscussionSettings
from comments.session import OWN_KEY
from tests.factories import CommentFactory, PostFactory, UserFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def html_of(client, post, query="") -> str:
    response = client.get(post.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def at(minutes: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=1) + datetime.timedelta(minutes=minutes)


def test_no_heading_when_there_are_no_comments(client, post):
    html = html_of(client, post)
    assert "thought" not in html
    assert "Leave a Reply" in html
    assert "Fill in your details below" in html


def test_one_thought_on_in_wordpress_wording(client, post):
    CommentFactory(post=post)
    assert "One thought on \u201cA Published Post\u201d" in html_of(client, post)


def test_n_thoughts_count_only_approved_comments(client, post):
    CommentFactory.create_batch(3, post=post)
    CommentFactory(post=post, status=Comment.Status.PENDING)
    CommentFactory(post=post, status=Comment.Status.SPAM)
    CommentFactory(post=post, status=Comment.Status.REMOVED)
    assert "3 thoughts on \u201cA Published Post\u201d" in html_of(client, post)


def test_the_form_has_comment_name_email_and_website_fields(client, post):
    html = html_of(client, post)
    for label in ("Comment", "Name", "Email", "Website"):
        assert f">\n                {label}" in html or f"{label}<span" in html
    assert "Your email address will not be published." in html
    assert "Save my name, email, and website in this browser for the next time I comment." in html
    assert "Notify me of follow-up comments by email" in html
    assert "all new comments on this post" in html and "only replies to my comment" in html


def test_the_sign_in_block_comes_before_and_outside_the_comment_form(client, post, providers):
    html = html_of(client, post)
    notes = html.index("Fill in your details below or click an icon to log in:")
    form = html.index('id="commentform"')
    assert notes < form
    assert html.count("<form") == html.count("</form>")


def test_a_signed_in_reader_gets_no_name_email_or_website_fields(client, post, reader):
    client.force_login(reader)
    form = html_of(client, post).split('id="commentform"')[1].split("</form>")[0]
    assert 'name="comment"' in form
    assert 'name="author"' not in form and 'name="email"' not in form
    assert 'name="url"' not in form


def test_comments_show_oldest_first_threaded_with_anchors_and_reply_links(client, post):
    first = CommentFactory(
        post=post, body="First!", created_at=at(1), author_url="https://a.example/"
    )
    second = CommentFactory(post=post, body="Second.", created_at=at(2))
    reply = CommentFactory(post=post, parent=first, body="A reply to the first.", created_at=at(3))
    html = html_of(client, post)

    assert html.index("First!") < html.index("A reply to the first.") < html.index("Second.")
    first_item = html[
        html.index(f'id="comment-{first.pk}"') : html.index(f'id="comment-{second.pk}"')
    ]
    assert f'id="comment-{reply.pk}" class="comment depth-2' in first_item
    assert f'href="{post.get_absolute_url()}#comment-{first.pk}"' in html
    assert f'href="?replyto={first.pk}#respond"' in html
    assert '<a href="https://a.example/" rel="external nofollow ugc noopener" class="url">' in html


def test_newest_first_order_from_the_discussion_settings(client, post):
    CommentFactory(post=post, body="Older one", created_at=at(1))
    CommentFactory(post=post, body="Newer one", created_at=at(2))
    DiscussionSettings.objects.create(order="newest")
    html = html_of(client, post)
    assert html.index("Newer one") < html.index("Older one")


def test_a_reply_beyond_max_depth_attaches_to_the_deepest_level(client, post, settings):
    settings.COMMENTS_MAX_DEPTH = 3
    parent = None
    chain = []
    for depth in range(5):
        parent = CommentFactory(post=post, parent=parent, created_at=at(depth))
        chain.append(parent)
    html = html_of(client, post)
    depths = [
        int(html.split(f'id="comment-{comment.pk}" class="comment depth-')[1].split('"')[0][0])
        for comment in chain
    ]
    assert depths == [1, 2, 3, 3, 3]


def test_reply_without_javascript_puts_the_form_under_the_comment(client, post):
    first = CommentFactory(post=post, body="Answer me")
    other = CommentFactory(post=post, body="Another")
    html = html_of(client, post, f"?replyto={first.pk}")
    form_at = html.index('id="respond"')
    assert html.index(f'id="comment-{first.pk}"') < form_at < html.index(f'id="comment-{other.pk}"')
    assert "Cancel reply" in html and 'id="cancel-comment-reply-link" href=' in html
    assert f'name="parent" value="{first.pk}"' in html
    assert f">Leave a Reply to {first.author_name}</span>" in html


def test_a_bad_replyto_leaves_the_form_at_the_bottom(client, post):
    CommentFactory(post=post)
    for query in ("?replyto=abc", "?replyto=999999", "?replyto="):
        html = html_of(client, post, query)
        assert html.index('id="respond-home"') < html.index('id="respond"')


def test_long_threads_are_paginated_by_top_level_comments(client, post, settings):
    settings.COMMENTS_PER_PAGE = 2
    roots = [CommentFactory(post=post, body=f"Root {n}", created_at=at(n)) for n in range(5)]
    CommentFactory(post=post, parent=roots[0], body="Reply on page one", created_at=at(10))
    page_one = html_of(client, post)
    assert "Root 0" in page_one and "Root 1" in page_one and "Reply on page one" in page_one
    assert "Root 2" not in page_one
    assert "6 thoughts on" in page_one
    assert "?cpage=2#comments" in page_one
    page_three = html_of(client, post, "?cpage=3")
    assert "Root 4" in page_three and "Root 0" not in page_three
    assert "Comments page 3 of 3" in page_three
    assert client.get(post.get_absolute_url() + "?cpage=abc").status_code == 200


def test_avatars_are_drawn_locally_and_uploaded_ones_are_used(client, post):
    user = UserFactory(auth_provider="google-oauth2")
    user.avatar.save("face.jpg", ContentFile(jpeg_bytes()))
    CommentFactory(post=post, author_email="someone@example.org")
    CommentFactory(post=post, user=user, author_name="", author_email="")
    html = html_of(client, post)
    assert 'src="/comments/avatar/' in html
    assert f'src="{user.avatar.url}"' in html
    assert "someone@example.org" not in html
    assert (
        '<span class="comment-provider" title="Signed in with Google"><img '
        'src="/static/img/social/google.svg" alt="" width="12" height="12">Google</span>'
    ) in html
    assert "gravatar" not in html.lower()


def test_the_avatar_picture_is_an_svg_that_caches_forever(client):
    response = client.get("/comments/avatar/" + "a1" * 16 + ".svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "immutable" in response["Cache-Control"]
    assert client.get("/comments/avatar/nothex.svg").status_code == 404


def test_a_pending_comment_is_seen_only_by_its_author_and_moderators(client, post, moderator):
    pending = CommentFactory(post=post, body="Held back", status=Comment.Status.PENDING)
    assert "Held back" not in html_of(client, post)

    session = client.session
    session[OWN_KEY] = [pending.pk]
    session.save()
    html = html_of(client, post)
    assert "Held back" in html
    assert "Your comment is awaiting moderation." in html
    assert "thought" not in html  # still not counted

    other = type(client)()
    other.force_login(UserFactory())
    assert "Held back" not in other.get(post.get_absolute_url()).content.decode()

    other.force_login(moderator)
    html = other.get(post.get_absolute_url()).content.decode()
    assert "Held back" in html
    assert f'action="/comments/{pending.pk}/approve/"' in html
    assert f'action="/comments/{pending.pk}/spam/"' in html
    assert f'action="/comments/{pending.pk}/remove/"' in html


def test_a_signed_in_reader_sees_their_own_pending_comment_from_any_browser(client, post, reader):
    CommentFactory(post=post, user=reader, body="Mine, held", status=Comment.Status.PENDING)
    client.force_login(reader)
    html = html_of(client, post)
    assert "Mine, held" in html and "Your comment is awaiting moderation." in html


def test_spam_looks_pending_to_its_author_and_is_hidden_from_moderators(client, post, moderator):
    spam = CommentFactory(post=post, body="Buy things", status=Comment.Status.SPAM)
    session = client.session
    session[OWN_KEY] = [spam.pk]
    session.save()
    assert "Your comment is awaiting moderation." in html_of(client, post)
    client.force_login(moderator)
    assert "Buy things" not in html_of(client, post)


def test_closed_comments_replace_the_form(client, author):
    post = PostFactory(author=author, allow_comments=False)
    CommentFactory(post=post, body="Said before closing")
    html = html_of(client, post)
    assert "Comments are closed." in html
    assert 'id="commentform"' not in html
    assert "Said before closing" in html
    assert "replyto=" not in html


def test_comments_close_after_n_days(client, author, settings):
    old = PostFactory(author=author, published_at=timezone.now() - datetime.timedelta(days=40))
    assert 'id="commentform"' in html_of(client, old)
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    assert "Comments are closed." in html_of(client, old)


def test_hostile_names_websites_and_bodies_come_back_escaped(client, post):
    CommentFactory(
        post=post,
        author_name='<script>alert("name")</script>',
        author_url='https://x.example/"onmouseover="alert(1)',
        body='<script>alert("body")</script>',
    )
    html = html_of(client, post)
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;" in html
    assert '"onmouseover="' not in html


def query_count(client, post, django_assert_max_num_queries) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(post.get_absolute_url())  # warm the caches (navigation, discussion settings)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(post.get_absolute_url()).status_code == 200
    return len(captured)


def add_comments(post, count: int) -> None:
    roots = Comment.objects.bulk_create(
        Comment(post=post, author_name="R", author_email=f"r{n}@example.org", body=f"c {n}",
                body_html=f"<p>c {n}</p>", status=Comment.Status.APPROVED)
        for n in range(count // 2)
    )  # fmt: skip
    Comment.objects.bulk_create(
        Comment(post=post, parent=roots[n % len(roots)], author_name="S", body=f"r {n}",
                body_html=f"<p>r {n}</p>", status=Comment.Status.APPROVED)
        for n in range(count - len(roots))
    )  # fmt: skip


def test_the_post_page_costs_the_same_queries_for_0_2_200_and_2000_comments(
    client, author, django_assert_max_num_queries
):
    counts = []
    for number in (0, 2, 200, 2000):
        post = PostFactory(author=author)
        if number:
            add_comments(post, number)
        counts.append(query_count(client, post, django_assert_max_num_queries))
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 8


def test_a_signed_in_reader_s_post_page_stays_within_8_queries(client, author, reader):
    post = PostFactory(author=author)
    add_comments(post, 200)
    client.force_login(reader)
    assert query_count(client, post, None) <= 8
    small = PostFactory(author=author)
    add_comments(small, 2)
    assert query_count(client, small, None) == query_count(client, post, None)


@pytest.mark.parametrize("who", ["moderator", "author"])  # the Moderators group; a superuser
def test_a_moderator_s_post_page_stays_within_8_queries_for_0_2_and_200_comments(
    client, author, moderator, who
):
    client.force_login(moderator if who == "moderator" else author)
    counts = []
    for number in (0, 2, 200):
        post = PostFactory(author=author)
        add_comments(post, number)
        if number:
            first = Comment.objects.filter(post=post).first()
            Comment.objects.filter(pk=first.pk).update(status=Comment.Status.PENDING)
        counts.append(query_count(client, post, None))
        assert "comment-awaiting-moderation" in html_of(client, post) or not number
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 8, counts


def test_staff_without_the_permission_see_no_pending_comments_and_a_revoked_moderator_at_once(
    client, post, moderator
):
    CommentFactory(post=post, body="Held back", status=Comment.Status.PENDING)
    client.force_login(UserFactory(is_staff=True))
    assert "Held back" not in html_of(client, post)
    client.force_login(moderator)
    assert "Held back" in html_of(client, post)
    moderator.groups.clear()
    assert "Held back" not in html_of(client, post)


def test_the_discussion_settings_cost_no_query_when_warm(django_assert_num_queries):
    DiscussionSettings.load()
    with django_assert_num_queries(0):
        DiscussionSettings.load()


def test_changed_discussion_settings_apply_without_a_restart(client, post):
    CommentFactory(post=post, body="Root", created_at=at(1))
    first = CommentFactory(post=post, body="Root 2", created_at=at(2))
    assert "Root 2" in html_of(client, post)  # the settings are cached now
    row = DiscussionSettings.load()
    row.per_page = 1
    row.save()
    html = html_of(client, post)
    assert "Root 2" not in html and "Comments page 1 of 2" in html
    assert first.pk


# --- The shared thread cache never shows a stale thread -----------------------------------------


def test_the_shared_thread_follows_every_change(client, post, reader):
    from comments import services

    held = CommentFactory(post=post, body="Held for now", status=Comment.Status.PENDING)
    shown = CommentFactory(post=post, body="Shown from the start", user=reader)
    assert "Held for now" not in html_of(client, post)  # the thread is cached now
    assert "One thought on" in html_of(client, post)

    services.comment_approve(comment=held)
    assert "Held for now" in html_of(client, post) and "2 thoughts on" in html_of(client, post)

    services.comment_edit(comment=held, body="Held, then edited")
    assert "Held, then edited" in html_of(client, post)

    reader.display_name = "Renamed Reader"
    reader.save()
    assert "Renamed Reader" in html_of(client, post)

    post.title = "A Retitled Post"
    post.save()
    assert "2 thoughts on \u201cA Retitled Post\u201d" in html_of(client, post)

    services.comment_remove(comment=shown)
    assert "Shown from the start" not in html_of(client, post)
    assert "One thought on" in html_of(client, post)


def test_the_shared_thread_is_not_used_for_readers_with_their_own_comments(client, post):
    CommentFactory(post=post, body="Public")
    html_of(client, post)  # cache the shared thread
    mine = CommentFactory(post=post, body="Mine, held", status=Comment.Status.PENDING)
    session = client.session
    session[OWN_KEY] = [mine.pk]
    session.save()
    assert "Mine, held" in html_of(client, post)
    assert "Mine, held" not in html_of(type(client)(), post)


def test_a_lost_cache_generation_never_brings_back_an_old_thread(client, post, settings):
    """Were the shared cache to lose the generation (emptied, culled, Redis restarted), starting
    again must not name a thread kept earlier (by this process or the shared cache)."""
    from django.core.cache import cache

    from core import cache as kept

    settings.PAGE_CACHE = False
    comment = CommentFactory(post=post, body="As first written")
    cache.delete(kept.STATE_KEY)  # a cache that starts empty
    assert "As first written" in html_of(client, post)  # the shared thread is kept now
    Comment.objects.filter(pk=comment.pk).update(body_html="<p>Changed behind its back</p>")
    cache.delete(kept.STATE_KEY)  # lost again
    assert "Changed behind its back" in html_of(client, post)


def test_a_new_comment_held_for_moderation_keeps_the_shared_thread(client, post, settings):
    from comments import services
    from core import cache as kept

    settings.PAGE_CACHE = False
    CommentFactory(post=post, body="Public")
    html_of(client, post)  # the shared thread is kept now
    generation = kept.generation()
    held = services.comment_create(
        post=post,
        submission=services.Submission(
            body="Held back", author_name="H", author_email="h@example.org", form_age_seconds=30
        ),
    )
    assert held.status == Comment.Status.PENDING  # a first comment from this address
    assert kept.generation() == generation  # readers see nothing new: the thread stays
    assert "Held back" not in html_of(type(client)(), post)
    services.comment_approve(comment=held)
    assert kept.generation() != generation
    assert "Held back" in html_of(type(client)(), post)


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("", 1), ("abc", 1), ("2", 2), (" 2 ", 2), ("0", 3), ("-4", 3), ("99999999999", 3)],
)
def test_any_cpage_shows_a_real_page_and_names_only_a_bounded_set_of_cached_threads(
    client, post, settings, asked, shown
):
    """What a reader types after ?cpage= cannot fill the cache with threads of its own: a value
    that is not a page number shows page 1 (and is page 1's entry), one out of range the last
    page (one entry for all of them)."""
    from comments import thread_cache

    settings.COMMENTS_PER_PAGE = 2
    settings.PAGE_CACHE = False
    for n in range(5):
        CommentFactory(post=post, body=f"Root {n}", created_at=at(n))
    html = html_of(client, post, f"?cpage={asked}" if asked else "")
    assert f"Comments page {shown} of 3" in html or (shown == 1 and "Root 0" in html)
    number = thread_cache.requested_page({"cpage": asked} if asked else {})
    assert number in (1, 2, thread_cache.LAST_PAGE)
