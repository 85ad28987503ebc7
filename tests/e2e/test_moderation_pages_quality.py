"""The rest of issue 19 item 7: every moderation page (the queue's three views, the list of bans,
the ban form) and the comment edit and delete pages pass axe with no violation of any impact, at
390 and 1280 px in light and dark, and the Nu HTML Checker with no error."""

import json

import pytest
from django.contrib.auth import get_user_model

from blog.models import Post
from comments import services
from comments.models import Comment
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, html_errors_of, sign_in
from tests.factories import CommentFactory, UserFactory


@pytest.fixture
def site(demo_site):
    """A comment in each view of the queue, a ban, and a reader's fresh comment to edit."""
    post = Post.objects.get(slug="syria-aleppo-offensive")
    demo_site.moderator = get_user_model().objects.get(username="moderator")
    kinds = {
        "pending": "Held for a moderator: is this spam?",
        "spam": "Cheap watches at https://spam.example/",
        "removed": "Removed for being off topic.",
    }
    demo_site.comments = {
        status: CommentFactory(post=post, body=body, status=status, author_name=f"{status} writer")
        for status, body in kinds.items()
    }
    services.ban_create(
        comment=demo_site.comments["spam"],
        by=demo_site.moderator,
        reason="Sells watches in every comment.",
    )
    demo_site.reader = UserFactory(username="ada", display_name="Ada Lovelace")
    demo_site.own = CommentFactory(
        post=post, user=demo_site.reader, body="A comment I may still change."
    )
    return demo_site


def paths(site) -> dict[str, tuple[str, str]]:
    """Page name → (who, path)."""
    pending = site.comments["pending"].pk
    return {
        "moderation: pending": ("moderator", "/moderation/"),
        "moderation: spam": ("moderator", "/moderation/spam/"),
        "moderation: removed": ("moderator", "/moderation/removed/"),
        "moderation: bans": ("moderator", "/moderation/bans/"),
        "ban form": ("moderator", f"/comments/{pending}/ban/"),
        "edit a comment": ("reader", f"/comments/{site.own.pk}/edit/"),
        "delete a comment": ("reader", f"/comments/{site.own.pk}/delete/"),
    }


def test_moderation_and_edit_pages_have_no_axe_violations_and_valid_html(site, new_page, tmp_path):
    found, documents = {}, {}
    for name, (who, path) in paths(site).items():
        for viewport in (PHONE, DESKTOP):
            for scheme in ("light", "dark"):
                page = new_page(viewport=viewport, color_scheme=scheme)
                sign_in(page, site, site.moderator if who == "moderator" else site.reader)
                response = page.goto(site.url + path)
                assert response.status == 200, (name, response.status)
                documents[name] = response.text()
                found[f"{name} {viewport['width']}px {scheme}"] = axe_violations(page)
        assert 'name="description"' in documents[name], name
    assert found == {key: [] for key in found}, json.dumps(found, indent=1)
    assert html_errors_of(documents, tmp_path) == {name: [] for name in documents}
    assert Comment.objects.filter(pk=site.own.pk).exists()
