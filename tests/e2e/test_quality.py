"""Every page a reader, a signed-in reader and a moderator see: zero axe violations (any impact) at
phone and desktop widths in light and dark schemes; valid HTML (one Nu HTML Checker run); the
long-read layout measured in the browser; reachable, labelled controls by keyboard alone."""

import json

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.e2e.conftest import DESKTOP, PHONE, REFERENCE, axe_violations, html_errors_of, sign_in
from tests.factories import CommentFactory, UserFactory

PAGES = ["home", "post", "post-with-errors", "post-signed-in", "account", "moderation"]
WIDTHS = [320, 390, 768, 1280, 1920]


@pytest.fixture
def site(demo_site, providers):
    """The demo blog with a Google reader, and a comment waiting in the moderation queue."""
    from django.contrib.auth import get_user_model

    from blog.models import Post

    post = Post.objects.get(slug="syria-aleppo-offensive")
    demo_site.reader = UserFactory(
        username="ada", display_name="Ada Lovelace", auth_provider="google-oauth2"
    )
    demo_site.moderator = get_user_model().objects.get(username="moderator")
    # The Google reader's approved comment carries a provider badge; it has inline code too.
    CommentFactory(
        post=post,
        user=demo_site.reader,
        author_name="Ada Lovelace",
        author_email="ada@example.com",
        body="The `M5` highway matters more than the city itself.",
    )
    demo_site.held = CommentFactory(
        post=post,
        body="Held for a moderator: is this spam?",
        status=Comment.Status.PENDING,
        author_name="Quentin Queue",
        author_email="quentin@example.org",
    )
    return demo_site


def visit(name, page, site):
    """Open one of PAGES; return the HTML the server sent for it."""
    if name in ("post-signed-in", "account"):
        sign_in(page, site, site.reader)
    if name == "moderation":
        sign_in(page, site, site.moderator)
    path = {"home": "/", "account": "/account/", "moderation": "/moderation/"}.get(name, REFERENCE)
    response = page.goto(site.url + path)
    if name == "post-with-errors":
        page.fill("#id_comment", "Typed, then sent without a name.")
        page.fill("#id_email", "ada@example")
        page.fill("#id_author", " ")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Post Comment").click()
        response = navigation.value
        expect(page.locator("#commentform [aria-invalid=true]").first).to_be_visible()
    if name == "post-signed-in":
        expect(page.locator(".signin-current")).to_contain_text("your Google account")
    if name == "moderation":
        expect(page.locator(f"#comment-{site.held.pk}")).to_be_visible()
    assert response.status == (400 if name == "post-with-errors" else 200), (name, response.status)
    return response.text()


@pytest.mark.parametrize("name", PAGES)
def test_no_accessibility_violations_at_phone_and_desktop_in_light_and_dark(site, new_page, name):
    found = {}
    for viewport in (PHONE, DESKTOP):
        for scheme in ("light", "dark"):
            page = new_page(viewport=viewport, color_scheme=scheme)
            visit(name, page, site)
            found[f"{viewport['width']}px {scheme}"] = axe_violations(page)
            assert page.requests.third_party() == []
    assert found == {key: [] for key in found}, json.dumps(found, indent=1)


def test_every_page_is_valid_html(site, new_page, tmp_path):
    documents = {name: visit(name, new_page(), site) for name in PAGES}
    for path in ("/about/", "/category/syria/", "/2015/10/", "/no-such-page/"):
        documents[path] = new_page().goto(site.url + path).text()
    errors = html_errors_of(documents, tmp_path)
    assert errors == {name: [] for name in documents}


def test_the_post_reads_60_to_75_characters_a_line_at_desktop_width(demo_site, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(demo_site.url + REFERENCE)
    lengths = page.evaluate(
        """() => {
          const lengths = [];
          for (const p of document.querySelectorAll('.post-body > p')) {
            const lines = new Map();
            const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (let i = 0; i < node.length; i++) {
                range.setStart(node, i); range.setEnd(node, i + 1);
                const rect = range.getClientRects()[0];
                if (!rect) continue;
                const top = Math.round(rect.top);
                lines.set(top, (lines.get(top) || 0) + 1);
              }
            }
            const counts = [...lines.values()];
            lengths.push(...counts.slice(0, -1));  // the last line of a paragraph is short
          }
          return lengths;
        }"""
    )
    assert len(lengths) >= 10
    average = sum(lengths) / len(lengths)
    assert 60 <= average <= 75, (average, lengths)
    assert max(lengths) <= 80


def test_a_readable_type_scale(demo_site, new_page):
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport=viewport)
        page.goto(demo_site.url + REFERENCE)
        size = page.evaluate(
            """() => {
              const px = (selector, property) => parseFloat(
                getComputedStyle(document.querySelector(selector))[property]);
              return {body: px('.post-body p', 'fontSize'), line: px('.post-body p', 'lineHeight'),
                      h1: px('h1', 'fontSize'), h2: px('.comments-title', 'fontSize'),
                      meta: px('.post-meta', 'fontSize')};
            }"""
        )
        assert size["body"] >= 17, size
        assert 1.5 <= size["line"] / size["body"] <= 1.9, size
        assert size["h1"] >= 1.6 * size["body"] > size["h2"] >= size["meta"] >= 14, size


@pytest.mark.parametrize("path", ["/", REFERENCE, "/moderation/"])
def test_no_sideways_scrolling_from_320_to_1920_pixels(site, new_page, path):
    for width in WIDTHS:
        page = new_page(viewport={"width": width, "height": 900})
        if path == "/moderation/":
            sign_in(page, site, site.moderator)
        page.goto(site.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (path, width, overflow)


def test_dark_mode_follows_the_reader_system_setting(site, new_page):
    colours = {}
    for scheme in ("light", "dark"):
        page = new_page(color_scheme=scheme)
        page.goto(site.url + REFERENCE)
        colours[scheme] = page.evaluate(
            """() => ['body', '.comment-respond', '#commentform .form-control',
                      '#commentform .btn-primary'].map(selector => {
                const style = getComputedStyle(document.querySelector(selector));
                return style.backgroundColor;
            })"""
        )

    def luminance(css):
        red, green, blue = (int(part) for part in css[css.index("(") + 1 : -1].split(",")[:3])
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    assert luminance(colours["light"][0]) > 200 > 60 > luminance(colours["dark"][0])
    assert luminance(colours["dark"][1]) < 80 and luminance(colours["dark"][2]) < 80


def test_print_leaves_out_navigation_sidebar_and_the_comment_form(demo_site, new_page, tmp_path):
    page = new_page(viewport=DESKTOP)
    page.goto(demo_site.url + REFERENCE)
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".site-sidebar", "#respond", ".comment-reply-link"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator(".post-body")).to_be_visible()
    expect(page.locator(".comment-list")).to_be_visible()
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    page.screenshot(path=tmp_path / "post-print.png")  # it renders


def test_every_control_is_reachable_by_keyboard_with_a_visible_focus_and_a_name(site, new_page):
    page = new_page(viewport=DESKTOP)
    sign_in(page, site, site.moderator)
    page.goto(site.url + "/moderation/")
    seen = tab_through(page, 400)
    assert any(name == "Approve" for _tag, name, _ in seen), seen
    assert any(name.startswith("Spam") for _tag, name, _ in seen), seen

    reader = new_page(viewport=DESKTOP)
    reader.goto(site.url + REFERENCE)
    seen = tab_through(reader, 400)
    names = [name for _tag, name, _ in seen]
    assert names[0] == "Skip to content"
    assert any(name.startswith("Reply to ") for name in names), names
    assert "Sign in with Google" in names, "\n".join(names)
    assert "Post Comment" in names, names

    # Cancel reply: reachable once the form has moved under a comment.
    reader.get_by_role("link", name="Reply to Tom Whitfield").focus()
    reader.keyboard.press("Enter")
    assert reader.evaluate("document.activeElement.id") == "id_comment"  # into the moved form
    for _ in range(12):  # back up to the form's heading
        reader.keyboard.press("Shift+Tab")
        if reader.evaluate("document.activeElement.id") == "cancel-comment-reply-link":
            break
    assert reader.evaluate("document.activeElement.textContent") == "Cancel reply"
    reader.keyboard.press("Enter")
    expect(reader.locator("#respond-home #respond")).to_have_count(1)


def tab_through(page, limit):
    """Press Tab until focus leaves the page or comes back round; return what got focus."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            r"""() => {
              const el = document.activeElement;
              if (!el || el === document.body) return null;
              const style = getComputedStyle(el);
              const label = el.labels && el.labels[0] ? el.labels[0].textContent : '';
              const name = (el.getAttribute('aria-label') || label || el.textContent
                            || el.value || el.title || '').replace(/\s+/g, ' ').trim();
              const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
              const ringed = style.boxShadow && style.boxShadow !== 'none';
              return [el.tagName, name, outlined || ringed, el.outerHTML.slice(0, 120)];
            }"""
        )
        if focused is None or (seen and focused[3] == seen[0][2]):
            break
        tag, name, visible, html = focused
        assert name, f"a control without a name: {html}"
        assert visible, f"no visible focus on {html}"
        seen.append((tag, name, html))
    return seen
