"""The site's navigation: a chosen menu (one level of nesting, links to pages, categories, posts
and custom addresses), edited in the admin; without one, a short default, never eight rows."""

import re

import pytest
from django.core.exceptions import ValidationError

from blog.models import Menu, MenuItem, Post
from tests.factories import CategoryFactory, PageFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def nav(client, path="/") -> str:
    html = client.get(path).content.decode()
    start = html.index('<nav class="site-nav"')
    return html[start : html.index("</nav>", start) + 6]


def top_level_links(nav_html: str) -> list[str]:
    """The texts of the navigation's top-level entries (links and submenu titles)."""
    outer = re.sub(r'<ul class="sub-menu">.*?</ul>', "", nav_html, flags=re.S)
    return re.findall(r"<(?:a [^>]*|summary)>([^<]+)</(?:a|summary)>", outer)


def test_without_a_menu_the_navigation_is_short(client):
    """Ten top-level pages, children, nine categories with posts: at most 6 pages and the 4
    busiest top-level categories, besides Home (was every page and category, eight rows on a
    phone)."""
    about = PageFactory(title="About", menu_order=0)
    for number in range(9):
        PageFactory(title=f"Page {number}", menu_order=number + 1)
    PageFactory(title="A child page", parent=about)
    categories = [CategoryFactory(name=f"Topic {number}") for number in range(9)]
    for number, category in enumerate(categories):
        for _ in range(number + 1):
            PostFactory(categories=[category])
    CategoryFactory(name="Empty topic")
    CategoryFactory(name="A subtopic", parent=categories[8])
    links = top_level_links(nav(client))
    assert links == ["Home", "About", "Page 0", "Page 1", "Page 2", "Page 3", "Page 4",
                     "Topic 8", "Topic 7", "Topic 6", "Topic 5"]  # fmt: skip


def test_a_menu_from_the_admin_becomes_the_navigation(client):
    about = PageFactory(title="About us", slug="about")
    team = PageFactory(title="Team", slug="team", parent=about)
    news = CategoryFactory(name="News", slug="news")
    post = PostFactory(title="Our launch", slug="launch")
    PageFactory(title="Not in the menu")
    menu = Menu.objects.create(name="Main", is_navigation=True)
    top = MenuItem.objects.create(menu=menu, page=about, order=1)
    MenuItem.objects.create(menu=menu, parent=top, page=team, order=1)
    MenuItem.objects.create(menu=menu, parent=top, title="Shop", url="https://shop.example.org/")
    MenuItem.objects.create(menu=menu, category=news, order=2, title="Latest news")
    MenuItem.objects.create(menu=menu, post=post, order=3)
    html = nav(client)
    # The menu as it is: a WordPress menu has its own Home link when it wants one.
    assert top_level_links(html) == ["About us", "Latest news", "Our launch"]
    submenu = html[html.index('<ul class="sub-menu">') :]
    assert '<a href="/about/team/">Team</a>' in submenu
    assert '<a href="https://shop.example.org/">Shop</a>' in submenu
    assert f'<a href="{post.get_absolute_url()}">Our launch</a>' in html
    assert "Not in the menu" not in html


def test_links_to_drafts_are_left_out(client):
    menu = Menu.objects.create(name="Main", is_navigation=True)
    MenuItem.objects.create(menu=menu, page=PageFactory(title="Hidden", is_published=False))
    MenuItem.objects.create(menu=menu, post=PostFactory(title="Draft", status=Post.Status.DRAFT))
    MenuItem.objects.create(menu=menu, title="Shop", url="/shop/")
    assert top_level_links(nav(client)) == ["Shop"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "//evil.example/", "data:text/html,x"])
def test_a_custom_link_is_a_web_address_or_a_path(url):
    item = MenuItem(menu=Menu.objects.create(name="Main"), url=url)
    with pytest.raises(ValidationError):
        item.full_clean()


def test_menus_nest_one_level():
    menu = Menu.objects.create(name="Main")
    top = MenuItem.objects.create(menu=menu, url="/a/")
    middle = MenuItem.objects.create(menu=menu, url="/b/", parent=top)
    with pytest.raises(ValidationError) as raised:
        MenuItem(menu=menu, url="/c/", parent=middle).full_clean()
    assert "one level" in str(raised.value)


def test_an_item_links_to_exactly_one_thing():
    menu = Menu.objects.create(name="Main")
    with pytest.raises(ValidationError):
        MenuItem(menu=menu).full_clean()
    with pytest.raises(ValidationError):
        MenuItem(menu=menu, url="/a/", page=PageFactory()).full_clean()


def test_the_navigation_costs_nothing_once_cached(client, django_assert_max_num_queries):
    menu = Menu.objects.create(name="Main", is_navigation=True)
    for number in range(5):
        MenuItem.objects.create(menu=menu, page=PageFactory(title=f"P{number}"))
    client.get("/")
    with django_assert_max_num_queries(0):
        from blog.navigation import get_navigation

        assert len(get_navigation()["links"]) == 5


def test_an_editor_builds_the_menu_in_the_admin(client):
    admin = UserFactory(username="boss", is_staff=True, is_superuser=True)
    client.force_login(admin)
    about = PageFactory(title="About", slug="about")
    response = client.post(
        "/admin/blog/menu/add/",
        {
            "name": "Main",
            "is_navigation": "on",
            "items-TOTAL_FORMS": "2",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-order": "1",
            "items-0-page": str(about.pk),
            "items-1-order": "2",
            "items-1-title": "Elsewhere",
            "items-1-url": "https://example.org/",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    menu = Menu.objects.get(name="Main")
    assert [item.label for item in menu.items.all()] == ["About", "Elsewhere"]
    # Then nests the second under the first on the menu's own page.
    first, second = menu.items.all()
    change = client.get(f"/admin/blog/menu/{menu.pk}/change/")
    assert change.status_code == 200
    response = client.post(
        f"/admin/blog/menu/{menu.pk}/change/",
        {
            "name": "Main",
            "is_navigation": "on",
            "items-TOTAL_FORMS": "2",
            "items-INITIAL_FORMS": "2",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-id": str(first.pk),
            "items-0-menu": str(menu.pk),
            "items-0-order": "1",
            "items-0-page": str(about.pk),
            "items-1-id": str(second.pk),
            "items-1-menu": str(menu.pk),
            "items-1-order": "2",
            "items-1-title": "Elsewhere",
            "items-1-url": "https://example.org/",
            "items-1-parent": str(first.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    html = nav(client)
    assert top_level_links(html) == ["About"]
    assert '<a href="https://example.org/">Elsewhere</a>' in html


def test_a_menu_item_with_a_hostile_address_is_refused_in_the_admin(client):
    client.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/blog/menu/add/",
        {
            "name": "Main",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-order": "1",
            "items-0-title": "Click",
            "items-0-url": "javascript:alert(1)",
        },
    )
    assert response.status_code == 200
    assert "javascript:alert(1)" in response.content.decode()  # what was typed is kept
    assert not Menu.objects.exists()


def test_staff_without_the_permission_cannot_edit_menus(client):
    client.force_login(UserFactory(username="writer", is_staff=True))
    assert client.get("/admin/blog/menu/").status_code == 403
