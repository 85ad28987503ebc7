"""Addresses made of slugs alone (``blog.views.at_path``): nested pages against the posts of the
``/%postname%/`` and ``/%category%/%postname%/`` structures, decided the same way every time."""

import datetime

import pytest
from django.utils import timezone

from blog.models import Blog
from tests.factories import CategoryFactory, PageFactory, PostFactory

pytestmark = pytest.mark.django_db

STRUCTURES = [choice for choice, _ in Blog.Permalinks.choices]


def use(structure: str) -> None:
    blog = Blog.load()
    blog.permalink_structure = structure
    blog.save()


def title_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<title>") + 7 : html.index("</title>")]


@pytest.fixture
def news():
    return CategoryFactory(name="News", slug="news")


@pytest.fixture
def tree():
    about = PageFactory(title="About us", slug="about")
    team = PageFactory(title="The team", slug="team", parent=about)
    return about, team


def a_post(slug: str, *categories, title: str = "") -> object:
    return PostFactory(
        title=title or f"Post {slug}",
        slug=slug,
        categories=list(categories),
        published_at=timezone.now() - datetime.timedelta(days=3),
    )


@pytest.mark.parametrize("structure", STRUCTURES)
def test_pages_answer_at_their_nested_address_under_every_structure(client, tree, structure):
    use(structure)
    assert client.get("/about/").status_code == 200
    response = client.get("/about/team/")
    assert response.status_code == 200
    assert "The team" in title_of(response)
    old = client.get("/team/")  # the old flat address
    assert (old.status_code, old["Location"]) == (301, "/about/team/")


@pytest.mark.parametrize("structure", STRUCTURES)
def test_a_post_answers_at_its_address_and_its_others_redirect_once(client, news, tree, structure):
    use(structure)
    post = a_post("hello", news)
    url = post.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    assert "Post hello" in title_of(response)
    for other in {"/hello/", "/news/hello/", "/misc/hello/"} - {url}:
        moved = client.get(other)
        assert (moved.status_code, moved["Location"]) == (301, url), other


def test_under_postname_a_post_and_a_page_sharing_a_slug_the_post_wins(client):
    use(Blog.Permalinks.NAME)
    post = a_post("shared", title="The post")
    PageFactory(title="The page", slug="shared")
    assert post.get_absolute_url() == "/shared/"
    assert "The post" in title_of(client.get("/shared/"))


@pytest.mark.parametrize(
    "structure",
    [Blog.Permalinks.DAY, Blog.Permalinks.MONTH, Blog.Permalinks.CATEGORY],
)
def test_under_other_structures_the_page_keeps_a_slug_it_shares_with_a_post(client, structure):
    use(structure)
    post = a_post("shared", title="The post")
    PageFactory(title="The page", slug="shared")
    assert "The page" in title_of(client.get("/shared/"))
    assert "The post" in title_of(client.get(post.get_absolute_url()))


def test_under_category_two_segments_are_a_post_when_category_and_post_match(client, news, tree):
    use(Blog.Permalinks.CATEGORY)
    a_post("team", news, title="Team news")
    # news/team is the post's address; about/team the page's: each answers at its own.
    assert "Team news" in title_of(client.get("/news/team/"))
    assert "The team" in title_of(client.get("/about/team/"))


def test_under_category_a_nested_category_path_names_the_post(client):
    use(Blog.Permalinks.CATEGORY)
    world = CategoryFactory(name="World", slug="world")
    middle_east = CategoryFactory(name="Middle East", slug="middle-east", parent=world)
    post = a_post("cease-fire", middle_east, title="Cease-fire")
    assert post.get_absolute_url() == "/world/middle-east/cease-fire/"
    assert client.get("/world/middle-east/cease-fire/").status_code == 200
    moved = client.get("/middle-east/cease-fire/")
    assert (moved.status_code, moved["Location"]) == (301, "/world/middle-east/cease-fire/")


@pytest.mark.parametrize("structure", [Blog.Permalinks.NAME, Blog.Permalinks.CATEGORY])
def test_page_two_of_a_split_post_answers_under_the_slug_structures(client, news, structure):
    use(structure)
    post = PostFactory(
        slug="long-read",
        categories=[news],
        body="First part.\n\n<!--nextpage-->\n\nSecond part.",
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    second = client.get(f"{post.get_absolute_url()}2/")
    assert second.status_code == 200
    assert "Second part." in second.content.decode()
    assert client.get(f"{post.get_absolute_url()}3/").status_code == 404


@pytest.mark.parametrize("structure", STRUCTURES)
def test_an_address_nothing_answers_is_a_404(client, tree, structure):
    use(structure)
    assert client.get("/no-such-thing/").status_code == 404
    assert client.get("/about/no-such-thing/").status_code == 404
    assert client.get("/wp-content/uploads/2020/01/x.jpg").status_code == 404


def test_a_draft_page_is_a_404_and_a_draft_post_too(client):
    use(Blog.Permalinks.NAME)
    PageFactory(slug="plans", is_published=False)
    PostFactory(slug="secret", status="draft", published_at=None)
    assert client.get("/plans/").status_code == 404
    assert client.get("/secret/").status_code == 404
