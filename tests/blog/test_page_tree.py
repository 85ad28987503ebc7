"""Pages as a tree: nested addresses, the old flat ones redirecting, breadcrumbs, sub-pages."""

import pytest
from django.core.exceptions import ValidationError

from blog.models import Page
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    about = PageFactory(title="About", slug="about")
    team = PageFactory(title="The team", slug="team", parent=about)
    ada = PageFactory(title="Ada", slug="ada", parent=team, body="Ada writes the *code*.")
    return about, team, ada


def test_a_three_level_page_lives_at_its_nested_address(client, tree):
    _about, _team, ada = tree
    assert ada.get_absolute_url() == "/about/team/ada/"
    response = client.get("/about/team/ada/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<em>code</em>" in html
    # The trail above it, from the top, and the page itself as the current crumb.
    crumbs = html[
        html.index('aria-label="Breadcrumb"') : html.index("</nav>", html.index("Breadcrumb"))
    ]
    assert '<a href="/about/">About</a>' in crumbs
    assert '<a href="/about/team/">The team</a>' in crumbs
    assert '<span aria-current="page">Ada</span>' in crumbs


@pytest.mark.parametrize("old", ["/ada/", "/team/ada/", "/about/ada/", "/elsewhere/ada/"])
def test_any_other_address_of_a_page_is_one_permanent_redirect(client, tree, old):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == "/about/team/ada/"
    assert client.get(response["Location"]).status_code == 200


def test_the_redirect_keeps_the_query(client, tree):
    response = client.get("/ada/?cpage=2")
    assert response["Location"] == "/about/team/ada/?cpage=2"


def test_a_parent_lists_its_published_sub_pages_in_their_order(client, tree):
    about, team, _ = tree
    PageFactory(title="History", slug="history", parent=about, menu_order=0)
    team.menu_order = 5
    team.save()
    PageFactory(title="Draft plans", slug="plans", parent=about, is_published=False)
    html = client.get("/about/").content.decode()
    section = html[html.index("In this section") :]
    assert section.index("History") < section.index("The team")
    assert "Draft plans" not in html


def test_moving_a_page_moves_everything_under_it(client, tree):
    _about, team, ada = tree
    company = PageFactory(title="Company", slug="company")
    team.parent = company
    team.save()
    ada.refresh_from_db()
    assert ada.get_absolute_url() == "/company/team/ada/"
    response = client.get("/about/team/ada/")
    assert (response.status_code, response["Location"]) == (301, "/company/team/ada/")


def test_deleting_a_parent_brings_its_children_to_the_top(client, tree):
    about, _team, ada = tree
    about.delete()
    ada.refresh_from_db()
    assert ada.get_absolute_url() == "/team/ada/"
    assert client.get("/team/ada/").status_code == 200


def test_a_page_cannot_be_placed_inside_its_own_child(tree):
    about, _team, ada = tree
    about.parent = ada
    with pytest.raises(ValidationError) as raised:
        about.full_clean()
    assert "parent" in raised.value.message_dict


def test_only_a_top_level_page_is_kept_off_reserved_addresses():
    about = PageFactory(slug="about")
    with pytest.raises(ValidationError):
        Page(title="Feed", slug="feed", body="x").full_clean()
    Page(title="Our feed", slug="feed", body="x", parent=about).full_clean()


def test_an_unpublished_page_is_404_at_every_address(client, tree):
    _, _, ada = tree
    ada.is_published = False
    ada.save()
    assert client.get("/about/team/ada/").status_code == 404
    assert client.get("/ada/").status_code == 404


def test_a_file_address_is_not_taken_for_a_page(client, tree):
    # An old upload's address must not be sent to /…/x.jpg/ by the slash-appending redirect.
    assert client.get("/wp-content/uploads/2020/01/x.jpg").status_code == 404


def test_a_nested_page_costs_a_fixed_number_of_queries(client, tree, django_assert_max_num_queries):
    client.get("/about/team/ada/")  # the navigation and sidebar are cached after the first
    with django_assert_max_num_queries(4):  # page, trail, sub-pages, comments?
        assert client.get("/about/team/ada/").status_code == 200
