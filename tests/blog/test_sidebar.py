import datetime

import pytest
import time_machine
from django.utils import timezone

from blog.models import Post
from blog.sidebar import related_posts
from core import cache as kept
from tests.factories import CategoryFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db


def sidebar_of(client, path="/") -> str:
    html = client.get(path).content.decode()
    return html.split('<aside class="col-lg-4 site-sidebar"')[1].split("</aside>")[0]


def test_sidebar_shows_recent_posts_categories_months_and_a_search_box(client):
    syria = CategoryFactory(name="Syria")
    CategoryFactory(name="Empty")
    october = datetime.datetime(2015, 10, 27, 12, tzinfo=datetime.UTC)
    PostFactory(title="First", published_at=october, categories=[syria])
    PostFactory(title="Second", published_at=october + datetime.timedelta(days=1))
    PostFactory(title="Third", published_at=october - datetime.timedelta(days=40))
    PostFactory(title="Hidden draft", status=Post.Status.DRAFT, categories=[syria])

    sidebar = sidebar_of(client)

    assert "Recent posts" in sidebar
    assert sidebar.index("Second") < sidebar.index("First") < sidebar.index("Third")
    assert "Hidden draft" not in sidebar
    assert '>Syria</a> <span class="count">(1)</span>' in sidebar
    assert "Empty" not in sidebar
    assert '<a href="/2015/10/">October 2015</a> <span class="count">(2)</span>' in sidebar
    assert '<a href="/2015/09/">September 2015</a> <span class="count">(1)</span>' in sidebar
    assert 'action="/search/"' in sidebar
    assert 'name="q"' in sidebar


def test_recent_posts_follow_the_setting(client, settings):
    settings.BLOG_SIDEBAR_RECENT = 2
    for n in range(4):
        PostFactory(title=f"Numbered {n}", published_at=timezone.now() - datetime.timedelta(n + 1))
    sidebar = sidebar_of(client)
    assert "Numbered 0" in sidebar
    assert "Numbered 1" in sidebar
    assert "Numbered 2" not in sidebar


def test_sidebar_follows_new_edited_and_deleted_posts_and_categories(client):
    syria = CategoryFactory(name="Syria")
    first = PostFactory(title="Original title")
    assert "Original title" in sidebar_of(client)

    first.title = "Edited title"
    first.save()
    assert "Edited title" in sidebar_of(client)

    first.categories.add(syria)
    assert "Syria</a>" in sidebar_of(client)

    syria.name = "Levant"
    syria.save()
    assert "Levant</a>" in sidebar_of(client)

    first.delete()
    assert "Edited title" not in sidebar_of(client)


def kept_sidebar():
    return kept.get(kept.key("sidebar"))


def test_sidebar_is_cached_until_something_changes(client, django_assert_num_queries):
    PostFactory(title="Cached post")
    sidebar_of(client)
    assert kept_sidebar() is not None
    # Home without the sidebar's work: nothing (the list of posts and their number are kept).
    with django_assert_num_queries(0):
        client.get("/")


@pytest.mark.parametrize("count", [1, 40])
def test_building_the_sidebar_costs_a_fixed_number_of_queries(
    client, django_assert_num_queries, count
):
    categories = CategoryFactory.create_batch(count)
    for n in range(count):
        PostFactory(
            categories=categories,
            tags=[TagFactory()],
            published_at=timezone.now() - datetime.timedelta(days=30 * n + 1),
        )
    client.get("/")
    kept.local_copies.clear()
    kept.bump()
    # Page: 3. Sidebar: recent posts, categories, months, recent comments. A new generation
    # also builds the navigation (the menu; without one, pages and categories: the blog row is
    # cached apart) and asks for the next scheduled post.
    with django_assert_num_queries(3 + 4 + 3 + 1):
        client.get("/")


def test_a_scheduled_post_appears_in_the_sidebar_when_its_time_comes(client):
    PostFactory(title="Already out")
    later = timezone.now() + datetime.timedelta(minutes=10)
    PostFactory(title="Coming soon", published_at=later)
    assert "Coming soon" not in sidebar_of(client)

    with time_machine.travel(later + datetime.timedelta(minutes=1), tick=False):
        # The scheduled time started a new generation (core.cache.changes_at).
        assert "Coming soon" in sidebar_of(client)


def test_related_posts_share_categories_or_tags_most_shared_first(client):
    syria, iraq = CategoryFactory(name="Syria"), CategoryFactory(name="Iraq")
    russia, refugees = TagFactory(name="Russia"), TagFactory(name="Refugees")
    post = PostFactory(title="Main", categories=[syria], tags=[russia, refugees])
    PostFactory(title="Shares three", categories=[syria], tags=[russia, refugees])
    PostFactory(title="Shares one", tags=[refugees])
    PostFactory(title="Shares two", categories=[syria, iraq], tags=[russia])
    PostFactory(title="Shares nothing", categories=[iraq])
    PostFactory(title="Draft sharing", status=Post.Status.DRAFT, categories=[syria])

    html = client.get(post.get_absolute_url()).content.decode()
    section = html.split('<section class="related-posts"')[1].split("</section>")[0]

    assert section.index("Shares three") < section.index("Shares two") < section.index("Shares one")
    assert "Shares nothing" not in section
    assert "Draft sharing" not in section
    assert ">Main<" not in section


def test_related_posts_are_limited_by_the_setting(settings, db):
    settings.BLOG_RELATED_POSTS = 2
    syria = CategoryFactory()
    post = PostFactory(categories=[syria])
    PostFactory.create_batch(4, categories=[syria])
    assert len(related_posts(post)) == 2


def test_post_without_categories_or_tags_shows_no_related_section(client, post):
    PostFactory()
    assert "Related posts" not in client.get(post.get_absolute_url()).content.decode()


def test_related_posts_follow_new_tags(client):
    russia = TagFactory()
    post = PostFactory(title="Main", tags=[russia])
    other = PostFactory(title="Newly related")
    assert "Related posts" not in client.get(post.get_absolute_url()).content.decode()
    other.tags.add(russia)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Newly related" in html.split('<section class="related-posts"')[1]


@pytest.mark.parametrize("count", [1, 30])
def test_post_page_with_sidebar_and_related_posts_stays_within_budget(
    client, django_assert_max_num_queries, count
):
    categories, tags = CategoryFactory.create_batch(5), TagFactory.create_batch(5)
    for _ in range(count + 1):
        PostFactory(categories=categories, tags=tags)
    post = Post.objects.published().first()
    client.get(post.get_absolute_url())
    # The post page's budget: related posts and the sidebar come from the cache when warm.
    with django_assert_max_num_queries(8):
        assert client.get(post.get_absolute_url()).status_code == 200


def first_comment(body: str, name: str):
    """A first comment from a new address, as the form sends it: held for moderation."""
    from comments.services import Submission

    return Submission(
        body=body, author_name=name, author_email=f"{name.lower()}@example.org", form_age_seconds=30
    )


def test_a_comment_held_for_moderation_keeps_the_sidebar_and_its_approval_refreshes_it(client):
    from comments import services
    from comments.models import Comment

    post = PostFactory(title="Commented post")
    held = services.comment_create(post=post, submission=first_comment("Held back", "Hedda"))
    assert held.status == Comment.Status.PENDING
    sidebar_of(client)
    assert kept_sidebar() is not None
    also = services.comment_create(post=post, submission=first_comment("Also held", "Ivo"))
    assert also.status == Comment.Status.PENDING
    assert kept_sidebar() is not None  # nothing the sidebar shows changed
    services.comment_approve(comment=held)
    assert "Hedda" in sidebar_of(client)
