"""A reader's path through the demo blog, in a real browser (axe and the HTML checker on these
pages: test_quality.py)."""

import pytest

REFERENCE = "/2015/10/27/syria-aleppo-offensive/"


def test_reader_goes_from_home_to_the_post_to_an_earlier_post_and_the_archives(demo_site, page):
    page.goto(demo_site.url + "/")
    page.locator("main").get_by_role("link", name="Syria: Aleppo Offensive", exact=True).click()
    assert page.url.endswith(REFERENCE)
    assert page.get_by_role("heading", level=1).inner_text() == "Syria: Aleppo Offensive"
    assert page.get_by_text(
        "photo courtesy: BBC (after Institute for the Study of War)"
    ).is_visible()

    page.locator(".post-body").get_by_role("link", name="Foreign Involvement").click()
    assert page.url.endswith("/2015/09/28/foreign-involvement/")
    assert page.get_by_role("heading", level=1).inner_text() == "Foreign Involvement"

    page.locator(".post-meta").get_by_role("link", name="Syria").click()
    assert page.url.endswith("/category/syria/")
    assert page.locator("main").get_by_role("link", name="Light the Dark", exact=True).is_visible()

    page.goto(demo_site.url + "/2015/10/")
    assert page.get_by_role("heading", name="Month: October 2015").is_visible()
    assert (
        page.locator("main")
        .get_by_role("link", name="Syria: Aleppo Offensive", exact=True)
        .is_visible()
    )


@pytest.mark.parametrize("path", ["/", REFERENCE, "/about/", "/category/syria/", "/no-such/"])
def test_pages_make_no_third_party_request(demo_site, page, path):
    page.goto(demo_site.url + path)
    page.wait_for_load_state("networkidle")
    assert page.requests.third_party() == []


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(demo_site, page):
    page.goto(demo_site.url + REFERENCE)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_post_page_weighs_under_150_kb_before_images(demo_site, page):
    """Counted as sent in production: whitenoise serves gzip-compressed text assets."""
    import gzip

    sizes = {}

    def record(response):
        if response.request.resource_type != "image" and response.url.startswith(demo_site.url):
            sizes[response.url] = len(gzip.compress(response.body()))

    page.on("response", record)
    page.goto(demo_site.url + REFERENCE)
    page.wait_for_load_state("networkidle")
    assert sum(sizes.values()) < 150 * 1024, sizes
