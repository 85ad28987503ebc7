"""Revisions: one per save, a word-level diff between any two, restore, pruning."""

import pytest
from django.urls import reverse

from blog import revisions
from blog.models import Post, PostRevision
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def save_in_admin(client, post: Post, **changes) -> None:
    data = {
        "title": post.title,
        "slug": post.slug,
        "body": post.body,
        "excerpt": post.excerpt,
        "status": post.status,
        "author": post.author_id,
        "allow_comments": "on",
        "published_at_0": f"{post.published_at:%Y-%m-%d}" if post.published_at else "",
        "published_at_1": f"{post.published_at:%H:%M:%S}" if post.published_at else "",
        "attached_images-TOTAL_FORMS": "0",
        "attached_images-INITIAL_FORMS": "0",
        "attached_images-MIN_NUM_FORMS": "0",
        "attached_images-MAX_NUM_FORMS": "1000",
        "_action": "update",
        **changes,
    }
    response = client.post(reverse("admin:blog_post_change", args=[post.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    post.refresh_from_db()


def test_every_save_in_the_editor_keeps_a_revision_with_who_and_when(staff_client, post, author):
    save_in_admin(staff_client, post, body="Second version.")
    save_in_admin(staff_client, post, body="Third version.")
    kept = list(post.revisions.filter(is_autosave=False))
    assert [r.body for r in kept] == ["Third version.", "Second version."]
    assert all(r.author == author for r in kept)


def test_a_save_that_changes_no_text_keeps_no_second_copy(staff_client, post):
    save_in_admin(staff_client, post, body="Same words.")
    save_in_admin(staff_client, post, body="Same words.")
    assert post.revisions.filter(is_autosave=False).count() == 1


def test_the_word_diff_marks_removed_and_added_words_and_escapes_them():
    html = revisions.word_diff("The army took <b>Aleppo</b> today", "The army lost Aleppo today")
    assert "<del>took</del>" in html and "<ins>lost</ins>" in html
    assert "&lt;b&gt;Aleppo&lt;/b&gt;" in html and "<b>" not in html


def test_the_history_shows_a_diff_between_any_two_revisions(staff_client, post):
    for body in ("One two three.", "One two four.", "Five two four."):
        save_in_admin(staff_client, post, body=body)
    newest, _middle, oldest = post.revisions.filter(is_autosave=False)
    url = reverse("admin:blog_post_revisions", args=[post.pk])
    html = staff_client.get(url, {"a": oldest.pk, "b": newest.pk}).content.decode()
    assert "<del>One</del><ins>Five</ins>" in html and "<del>three.</del><ins>four.</ins>" in html
    default = staff_client.get(url).content.decode()  # the last two by default
    assert "<del>One</del><ins>Five</ins>" in default and "three" not in default.split("diff")[-1]


def test_restoring_an_old_revision_brings_its_text_back_as_a_new_revision(staff_client, post):
    save_in_admin(staff_client, post, title="First title", body="Words worth keeping.")
    save_in_admin(staff_client, post, title="Second title", body="Words typed over them.")
    old = post.revisions.get(body="Words worth keeping.")
    url = reverse("admin:blog_post_revision_restore", args=[post.pk, old.pk])
    assert staff_client.get(url).status_code == 405
    response = staff_client.post(url)
    assert response.url == reverse("admin:blog_post_change", args=[post.pk])
    post.refresh_from_db()
    assert (post.title, post.body) == ("First title", "Words worth keeping.")
    assert "Words worth keeping." in post.body_html
    bodies = list(post.revisions.filter(is_autosave=False).values_list("body", flat=True))
    assert bodies == ["Words worth keeping.", "Words typed over them.", "Words worth keeping."]


def test_revisions_are_capped_per_post_the_oldest_pruned(settings, post, author):
    settings.BLOG_REVISIONS_MAX = 3
    for n in range(5):
        post.body = f"Version {n}."
        post.save()
        revisions.revision_record(post=post, by=author)
    kept = list(post.revisions.values_list("body", flat=True))
    assert kept == ["Version 4.", "Version 3.", "Version 2."]
    other = PostFactory(author=author)
    revisions.revision_record(post=other, by=author)
    assert PostRevision.objects.filter(post=other).count() == 1  # another post's are its own


def test_an_autosave_is_never_pruned_nor_listed_as_a_revision(settings, staff_client, post):
    settings.BLOG_REVISIONS_MAX = 1
    revisions.revision_autosave(post=post, by=None, title="t", excerpt="", body="Halfwrittenword")
    save_in_admin(staff_client, post, body="Saved.")
    html = staff_client.get(reverse("admin:blog_post_revisions", args=[post.pk])).content.decode()
    assert "Halfwrittenword" not in html
    assert post.revisions.filter(is_autosave=True, author=None).exists()
