"""import_wordpress with page_tree_and_menu.xml: a page tree, nested categories, comments on a
page and a menu, as WordPress's exporter writes them (wp:post_parent, wp:menu_order,
wp:category_parent, nav_menu_item with _menu_item_* postmeta)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from blog.models import Category, Menu, MenuItem, Page
from comments.models import Comment

SAMPLE = Path(__file__).parent / "wxr_samples" / "page_tree_and_menu.xml"

pytestmark = pytest.mark.django_db


def run_import(*args) -> str:
    out = StringIO()
    call_command("import_wordpress", str(SAMPLE), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def imported():
    return run_import()


def test_pages_keep_their_parents_and_order(imported, client):
    assert Page.objects.get(slug="ada").get_absolute_url() == "/about/team/ada/"
    assert client.get("/about/team/ada/").status_code == 200
    about = Page.objects.get(slug="about")
    assert [page.slug for page in about.children.all()] == ["history", "team"]
    # The old flat address (what the importer used to make) answers with one 301.
    response = client.get("/ada/")
    assert (response.status_code, response["Location"]) == (301, "/about/team/ada/")


def test_links_in_bodies_point_at_the_nested_address(imported):
    assert 'href="/about/team/ada/"' in Page.objects.get(slug="about").body_html


def test_nested_categories_live_at_their_nested_address(imported, client):
    greece = Category.objects.get(slug="greece")
    assert greece.get_absolute_url() == "/category/world/europe/greece/"
    html = client.get("/category/world/").content.decode()
    assert "Athens at night" in html  # filed two levels down


def test_comments_on_a_page_are_kept_with_their_thread_and_status(imported, client):
    guestbook = Page.objects.get(slug="guestbook")
    assert guestbook.allow_comments
    comments = {c.author_name: c for c in Comment.objects.filter(page=guestbook)}
    assert comments["Nikos"].parent == comments["Maria"]
    assert comments["Spammy"].status == Comment.Status.PENDING
    html = client.get("/guestbook/").content.decode()
    assert "lovely" in html and "Agreed!" in html
    assert "Buy things" not in html
    assert "comments on a page were not imported" not in imported


def test_the_menu_becomes_the_navigation(imported, client):
    menu = Menu.objects.get()
    assert (menu.name, menu.is_navigation) == ("Primary", True)
    top = list(menu.items.filter(parent__isnull=True))
    assert [item.label for item in top] == ["About", "Europe news", "Athens at night", "Shop"]
    about = top[0]
    # Ada was two levels down in WordPress: one level here, under the top item.
    assert [item.label for item in about.children.all()] == ["The team", "Ada"]
    assert top[1].category.slug == "europe"
    assert top[3].url == "https://shop.example.net/"
    html = client.get("/").content.decode()
    start = html.index('<nav class="site-nav"')
    nav = html[start : html.index("</nav>", start)]
    assert '<a href="/about/team/ada/">Ada</a>' in nav
    assert '<a href="/category/world/europe/">Europe news</a>' in nav
    assert '<a href="https://shop.example.net/">Shop</a>' in nav


def test_a_menu_item_linking_to_something_not_in_the_file_is_named_in_the_summary(imported):
    assert "WordPress ID 206" in imported
    assert MenuItem.objects.count() == 6


def test_importing_twice_changes_nothing(imported):
    counts = (Page.objects.count(), Menu.objects.count(), MenuItem.objects.count(),
              Comment.objects.count(), Category.objects.count())  # fmt: skip
    paths = sorted(Page.objects.values_list("path", flat=True))
    run_import()
    assert counts == (Page.objects.count(), Menu.objects.count(), MenuItem.objects.count(),
                      Comment.objects.count(), Category.objects.count())  # fmt: skip
    assert paths == sorted(Page.objects.values_list("path", flat=True))


def test_the_dry_run_stores_no_page_tree_and_no_menu():
    run_import("--dry-run")
    assert not Page.objects.exists()
    assert not Menu.objects.exists()
