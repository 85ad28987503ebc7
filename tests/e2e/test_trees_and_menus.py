"""The header with and without a menu, and a nested page with its comments, in Chromium at phone
and desktop widths: a few rows of links at most, the submenu opens, axe finds nothing."""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, axe_violations

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))


@pytest.fixture
def tree_site(demo_site):
    from blog.models import Category, Page
    from tests.factories import PageFactory, PostFactory

    about = Page.objects.filter(parent__isnull=True).first() or PageFactory(title="About")
    team = PageFactory(title="The team", slug="team", parent=about, body="Who writes here.")
    PageFactory(title="Ada Lovelace", slug="ada", parent=team, allow_comments=True,
                body="Ada writes about *engines* and *numbers*.")  # fmt: skip
    for number in range(8):  # a site with many pages and categories: the old eight rows
        PageFactory(title=f"Section page {number}", slug=f"section-{number}")
        PostFactory(categories=[Category.objects.create(name=f"Topic {number}", slug=f"t{number}")])
    return demo_site


def nav_rows(page) -> int:
    """How many lines the header's top-level links take."""
    return page.evaluate(
        """() => new Set([...document.querySelectorAll('.site-nav > ul > li')]
                 .map(li => Math.round(li.getBoundingClientRect().top))).size"""
    )


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{page.viewport_size['width']}.png"), full_page=True)


def test_the_header_without_a_menu_stays_a_few_rows(tree_site, new_page):
    for viewport, most in ((PHONE, 4), (DESKTOP, 2)):
        page = new_page(viewport=viewport)
        page.goto(tree_site.url + "/")
        shoot(page, "header-default")
        assert nav_rows(page) <= most, viewport
        assert axe_violations(page) == []


def test_a_menu_with_a_submenu_in_the_header_and_a_nested_page(tree_site, new_page):
    from blog.models import Menu, MenuItem, Page

    menu = Menu.objects.create(name="Main", is_navigation=True)
    MenuItem.objects.create(menu=menu, title="Home", url="/", order=0)
    about = MenuItem.objects.create(menu=menu, page=Page.objects.get(slug="team").parent, order=1)
    MenuItem.objects.create(menu=menu, parent=about, page=Page.objects.get(slug="team"))
    MenuItem.objects.create(menu=menu, parent=about, page=Page.objects.get(slug="ada"))
    MenuItem.objects.create(menu=menu, title="Elsewhere", url="https://example.org/", order=2)
    found = {}
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport=viewport)
        ada = Page.objects.get(slug="ada")
        response = page.goto(tree_site.url + ada.get_absolute_url())
        assert response.status == 200
        expect(page.locator(".breadcrumbs")).to_contain_text("The team")
        assert nav_rows(page) <= 2
        page.locator(".site-nav summary").click()
        expect(page.locator(".sub-menu a", has_text="Ada Lovelace")).to_be_visible()
        shoot(page, "nested-page-menu-open")
        found[viewport["width"]] = axe_violations(page)
        assert page.requests.third_party() == []
    assert found == {key: [] for key in found}, json.dumps(found, indent=1)
