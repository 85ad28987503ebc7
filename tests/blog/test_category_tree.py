"""Categories as a tree: /category/parent/child/, the flat address redirecting, the archive of a
parent listing its children's posts, the breadcrumb, the sidebar indented."""

import pytest

from blog.models import Category
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db


def main(response) -> str:
    """The page's own content, without the header and the sidebar's recent posts."""
    html = response.content.decode()
    return html[html.index('<main id="content"') : html.index("</main>")]


@pytest.fixture
def world():
    world = CategoryFactory(name="World", slug="world")
    europe = CategoryFactory(name="Europe", slug="europe", parent=world)
    greece = CategoryFactory(name="Greece", slug="greece", parent=europe)
    return world, europe, greece


def test_a_child_category_lives_under_its_parents(client, world):
    _, _, greece = world
    PostFactory(title="Athens at night", categories=[greece])
    assert greece.get_absolute_url() == "/category/world/europe/greece/"
    response = client.get("/category/world/europe/greece/")
    assert response.status_code == 200
    assert "Athens at night" in main(response)


@pytest.mark.parametrize("old", ["/category/greece/", "/category/europe/greece/"])
def test_the_flat_address_of_a_child_category_redirects_once(client, world, old):
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, "/category/world/europe/greece/")


def test_a_parent_archive_lists_the_posts_of_every_category_under_it(client, world):
    top, europe, greece = world
    PostFactory(title="Filed at the top", categories=[top])
    PostFactory(title="Filed two levels down", categories=[greece])
    PostFactory(title="Filed elsewhere", categories=[CategoryFactory(slug="sport")])
    html = main(client.get("/category/world/"))
    assert "Filed at the top" in html
    assert "Filed two levels down" in html  # a grandchild's: the old view stopped at children
    assert "Filed elsewhere" not in html
    assert "Filed at the top" not in main(client.get(europe.get_absolute_url()))


def test_a_post_filed_in_a_parent_and_its_child_is_listed_once(client, world):
    top, europe, _ = world
    PostFactory(title="Twice filed", categories=[top, europe])
    assert main(client.get("/category/world/")).count("Twice filed</a>") == 1


def test_the_archive_breadcrumb_shows_the_parents(client, world):
    html = client.get("/category/world/europe/greece/").content.decode()
    crumbs = html[html.index('aria-label="Breadcrumb"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert crumbs.index('<a href="/category/world/">World</a>') < crumbs.index(
        '<a href="/category/world/europe/">Europe</a>'
    )
    assert '<span aria-current="page">Greece</span>' in crumbs


def test_the_sidebar_shows_the_tree_indented(client, world):
    _top, _europe, greece = world
    PostFactory(categories=[greece])
    PostFactory(categories=[CategoryFactory(name="Sport", slug="sport")])
    html = client.get("/").content.decode()
    widget = html[html.index('id="widget-categories-title"') :]
    widget = widget[: widget.index("</section>")]
    # World > Europe > Greece as nested lists (the parents hold no post of their own but show
    # the way), Sport beside World.
    world_at = widget.index(">World</a>")
    europe_at = widget.index(">Europe</a>")
    greece_at = widget.index(">Greece</a>")
    assert world_at < europe_at < greece_at
    assert widget[world_at:europe_at].count('<ul class="children">') == 1
    assert widget[europe_at:greece_at].count('<ul class="children">') == 1
    assert '/category/world/europe/greece/">Greece</a> <span class="count">(1)</span>' in widget
    assert ">Sport</a>" in widget


def test_renaming_a_parent_moves_its_children(client, world):
    top, _, greece = world
    top.slug = "planet"
    top.save()
    greece.refresh_from_db()
    assert greece.get_absolute_url() == "/category/planet/europe/greece/"
    old = client.get("/category/world/europe/greece/")
    assert (old.status_code, old["Location"]) == (301, "/category/planet/europe/greece/")


def test_deleting_a_parent_brings_its_children_to_the_top(world):
    top, _europe, greece = world
    top.delete()
    assert Category.objects.get(pk=greece.pk).get_absolute_url() == "/category/europe/greece/"


def test_the_category_archive_costs_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    _, _, greece = world
    for number in range(12):
        PostFactory(title=f"Post {number}", categories=[greece, CategoryFactory()])
    client.get("/category/world/europe/greece/")
    with django_assert_max_num_queries(7):
        assert client.get("/category/world/europe/greece/").status_code == 200
