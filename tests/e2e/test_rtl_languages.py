"""The blog in Persian and Arabic, right to left (issue 21): the home page, the reference post with
its comments and the comment form with errors have no axe violations (390 and 1280 px, light and
dark) and no Nu HTML Checker errors; the layout is mirrored (the sidebar on the left at desktop
width, text from the right, replies indented from the right, the reply arrow turned); numbers in
the language's digits, likes.js's too. With SCREENSHOTS_DIR set the post's pictures are kept
there (else in a temporary folder), as `make screenshots` keeps the others."""

import io
import json
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import (
    DEMO_PASSWORD,
    DESKTOP,
    PHONE,
    REFERENCE,
    axe_violations,
    html_errors_of,
)
from tests.e2e.test_screenshots import shoot

PAGES = ["home", "post", "post-with-errors"]
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"


@pytest.fixture(params=["fa", "ar"])
def rtl_site(request, transactional_db, live_server):
    """The demo blog in Persian or Arabic (`load_demo --language`), served by the live server."""
    call_command("load_demo", password=DEMO_PASSWORD, language=request.param, stdout=io.StringIO())
    live_server.language = request.param
    return live_server


def visit(name, page, site):
    """Open one of PAGES; return the HTML the server sent."""
    response = page.goto(site.url + ("/" if name == "home" else REFERENCE))
    if name == "post-with-errors":
        page.fill("#id_comment", "Typed, then sent without a name.")
        page.fill("#id_email", "ada@example")
        page.fill("#id_author", " ")
        with page.expect_navigation() as navigation:
            page.locator("#commentform [type=submit]").click()
        response = navigation.value
        expect(page.locator("#commentform [aria-invalid=true]").first).to_be_visible()
    assert response.status == (400 if name == "post-with-errors" else 200), (name, response.status)
    assert page.evaluate("[document.documentElement.lang, document.dir]") == [site.language, "rtl"]
    return response.text()


def test_no_accessibility_violations_and_valid_html(rtl_site, new_page, tmp_path):
    found, documents = {}, {}
    for name in PAGES:
        for viewport in (PHONE, DESKTOP):
            for scheme in ("light", "dark"):
                page = new_page(viewport=viewport, color_scheme=scheme)
                documents[name] = visit(name, page, rtl_site)
                found[f"{name} {viewport['width']}px {scheme}"] = axe_violations(page)
                assert page.requests.third_party() == []
    assert found == {key: [] for key in found}, json.dumps(found, indent=1, ensure_ascii=False)
    assert html_errors_of(documents, tmp_path) == {name: [] for name in documents}


def boxes(page, *selectors) -> list[dict]:
    return [page.locator(selector).first.bounding_box() for selector in selectors]


def test_the_post_is_laid_out_right_to_left(rtl_site, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(rtl_site.url + REFERENCE)
    main, sidebar = boxes(page, "main", ".site-sidebar")
    assert sidebar["x"] + sidebar["width"] <= main["x"]  # the sidebar on the left
    # The post's own English text reads left to right, and lines up under its title.
    meta, body = boxes(page, ".post-meta", ".post-body")
    assert abs(body["x"] - meta["x"]) < 1 and body["width"] < meta["width"] - 50
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.post-body p')).direction") == "ltr"
    )
    assert (
        page.evaluate("getComputedStyle(document.querySelector('figcaption')).direction") == "ltr"
    )
    style = page.evaluate(
        """() => {
          const of = selector => getComputedStyle(document.querySelector(selector));
          return {meta: of('.post-meta').direction, align: of('.comments-title').textAlign,
                  arrow: getComputedStyle(document.querySelector('.comment-reply-link'),
                                          '::before').transform};
        }"""
    )
    assert style["meta"] == "rtl" and style["align"] in ("start", "right"), style
    assert style["arrow"].startswith("matrix(-1"), style  # the reply arrow turned round
    # A reply is indented from the right: its right edge inside its parent's, its left the same.
    parent, reply = boxes(
        page, ".comment-list > .comment > .comment-body", ".comment-list .children .comment-body"
    )
    assert reply["x"] + reply["width"] < parent["x"] + parent["width"] - 10
    assert abs(reply["x"] - parent["x"]) < 2
    # "Leila Farahani on Syria: Aleppo Offensive" in the sidebar reads from the right: the name
    # first (on the right), though both are written left to right.
    name, title = boxes(
        page, ".widget-recent-comments .comment-author", ".widget-recent-comments li a"
    )
    assert name["x"] > title["x"] + title["width"]


def test_the_home_page_meta_reads_from_the_right(rtl_site, new_page):
    """ "by Leila Farahani in Syria · 2 comments": the category, then the count, to its left (a
    digit after a Latin name would otherwise run with it, left to right)."""
    page = new_page(viewport=DESKTOP)
    page.goto(rtl_site.url + "/")
    meta = page.locator(".post-summary .post-meta").first
    author, category = (
        meta.locator(f"a[href^='/{part}/']").bounding_box() for part in ("author", "category")
    )
    count = meta.locator(".post-meta-comments a").bounding_box()
    assert count["x"] + count["width"] <= category["x"] < author["x"], (author, category, count)


def test_nothing_overflows_sideways_at_phone_width(rtl_site, new_page):
    for path in ("/", REFERENCE):
        page = new_page(viewport=PHONE)
        page.goto(rtl_site.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (path, overflow)


def test_the_numbers_a_reader_sees_are_in_the_language_digits(rtl_site, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(rtl_site.url + REFERENCE)
    date = page.locator(".post-meta time").inner_text()
    heading = page.locator("#comments-title").inner_text()
    persian = set(PERSIAN_DIGITS)
    if rtl_site.language == "fa":
        assert "۲۰۱۵" in date and set(heading) & persian, (date, heading)
    else:  # Arabic writes 0-9, as CLDR writes plain "ar" (docs/translations.md)
        assert "2015" in date and not set(date + heading) & persian, (date, heading)

    # A like from likes.js, without a reload: its count in the same digits.
    form = page.locator(".comment .like-form").first
    form.locator(".like-button").click()
    expect(form.locator(".like-button")).to_have_attribute("aria-pressed", "true")
    count = form.locator(".like-count")
    if rtl_site.language == "fa":
        expect(count).to_have_text("۱ پسند")
    else:
        expect(count).to_contain_text("1")
        assert not set(count.inner_text()) & persian


@pytest.fixture
def pictures(tmp_path) -> Path:
    """docs/screenshots with SCREENSHOTS_DIR=docs/screenshots (as `make screenshots`), else a
    temporary folder: the pictures are taken (and must render) on every run."""
    target = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


def test_screenshots_of_the_post(rtl_site, new_page, pictures):
    """The post in Persian at 390 and 1280 px, in Arabic at 390 px, and its comments."""
    sizes = {"phone": PHONE, "desktop": DESKTOP} if rtl_site.language == "fa" else {"phone": PHONE}
    for label, viewport in sizes.items():
        page = new_page(viewport=viewport)
        page.goto(rtl_site.url + REFERENCE)
        names = (
            f"post-{rtl_site.language}-{label}.png",
            f"comments-{rtl_site.language}-{label}.png",
        )
        shoot(page, pictures / names[0])
        shoot(page, pictures / names[1], ".comment-list")
        assert all((pictures / name).stat().st_size > 5_000 for name in names)


PHYSICAL = re.compile(
    r"(?:margin|padding|border)-(?:left|right)\b|(?<![-\w])(?:left|right)\s*:"
    r"|float\s*:\s*(?:left|right)|text-align\s*:\s*(?:left|right)"
)


def test_our_stylesheet_uses_logical_properties_only():
    """So right to left mirrors it all (content.css keeps WordPress's own .alignleft/.alignright,
    which mean left and right in either direction)."""
    css = (Path(__file__).parents[2] / "static" / "css" / "broadsheet.css").read_text()
    rules = [line for line in css.splitlines() if PHYSICAL.search(line.split("/*")[0])]
    assert rules == []
