"""The pages issue 19 touched, beyond the post: axe 0 at 390 and 1280 px in light and dark, and
no Nu HTML Checker errors (search with its two named landmarks, the day archive, the home page
with its comment counts, the subscription and edit pages with their descriptions)."""

import json

from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, html_errors_of

PATHS = ["/", "/search/?q=aleppo", "/2015/10/27/", "/subscriptions/"]


def test_touched_pages_have_no_axe_violations_and_valid_html(demo_site, new_page, tmp_path):
    found, documents = {}, {}
    for path in PATHS:
        for viewport in (PHONE, DESKTOP):
            for scheme in ("light", "dark"):
                page = new_page(viewport=viewport, color_scheme=scheme)
                response = page.goto(demo_site.url + path)
                assert response.status == 200, path
                documents[path] = response.text()
                found[f"{path} {viewport['width']}px {scheme}"] = axe_violations(page)
        assert 'name="description"' in documents[path]
    assert found == {key: [] for key in found}, json.dumps(found, indent=1)
    assert html_errors_of(documents, tmp_path) == {path: [] for path in documents}
