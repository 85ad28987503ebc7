"""What WordPress's own exporter and importer do that ours must match (wp-admin/includes/
export.php; the WordPress importer's WP_Import): spam is left out; every term has an id of its
own, since the importer maps a menu item's category through one table of every term's id; a
post's comments are inserted by ascending id, a reply linked only to a comment already in."""

import datetime
from io import StringIO
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
from django.core.management import call_command

from blog.models import Menu, MenuItem, Post
from comments.models import Comment
from tests.factories import CategoryFactory, PostFactory, TagFactory
from wordpress.models import WordPressItem

WP = "{http://wordpress.org/export/1.2/}"
SAMPLES = Path(__file__).parent / "wxr_samples"

pytestmark = pytest.mark.django_db


def exported():
    out = StringIO()
    call_command("export_wordpress", "-", stdout=out, stderr=StringIO())
    return ET.fromstring(out.getvalue()).find("channel")


def comments_of(channel, slug: str) -> dict:
    item = next(i for i in channel.iter("item") if i.findtext(f"{WP}post_name") == slug)
    return {c.findtext(f"{WP}comment_author"): c for c in item.findall(f"{WP}comment")}


def test_spam_is_left_out_and_a_reply_to_it_goes_out_under_the_comment_above_it():
    post = PostFactory(slug="tides")
    asked = Comment.objects.create(post=post, author_name="Asker", body="Q", status="approved")
    spam = Comment.objects.create(
        post=post, author_name="Spammer", body="Buy", status="spam", parent=asked
    )
    Comment.objects.create(
        post=post, author_name="Answerer", body="A", status="approved", parent=spam
    )
    written = comments_of(exported(), "tides")
    assert set(written) == {"Asker", "Answerer"}
    assert written["Answerer"].findtext(f"{WP}comment_parent") == written["Asker"].findtext(
        f"{WP}comment_id"
    )


def test_every_term_has_an_id_of_its_own_so_a_menu_link_finds_its_category():
    europe = CategoryFactory(slug="europe", name="Europe")
    TagFactory(pk=europe.pk, slug="ferries", name="Ferries")  # the same primary key
    menu = Menu.objects.create(name="Main", is_navigation=True)
    MenuItem.objects.create(menu=menu, order=1, category=europe)
    channel = exported()
    terms = {}  # WordPress's importer: one table of every term of the file, by its id
    kinds = {"category": "category_nicename", "tag": "tag_slug", "term": "term_slug"}
    for element, slug_name in kinds.items():
        for term in channel.findall(f"{WP}{element}"):
            term_id = term.findtext(f"{WP}term_id")
            assert term_id not in terms, "two terms share an id"
            taxonomy = term.findtext(f"{WP}term_taxonomy") or element
            terms[term_id] = (taxonomy, term.findtext(f"{WP}{slug_name}"))
    (item,) = [i for i in channel.iter("item") if i.findtext(f"{WP}post_type") == "nav_menu_item"]
    meta = {
        m.findtext(f"{WP}meta_key"): m.findtext(f"{WP}meta_value")
        for m in item.findall(f"{WP}postmeta")
    }
    assert meta["_menu_item_type"] == "taxonomy" and meta["_menu_item_object"] == "category"
    assert terms[meta["_menu_item_object_id"]] == ("category", "europe")
    nav_menus = [slug for taxonomy, slug in terms.values() if taxonomy == "nav_menu"]
    assert nav_menus == [item.find("category").get("nicename")] == ["main"]


def test_a_reply_written_here_to_an_imported_comment_goes_out_after_it():
    call_command("import_wordpress", str(SAMPLES / "comment_thread.xml"), stdout=StringIO())
    post = Post.objects.get(slug="sicilian-for-club-players")
    answered = Comment.objects.get(
        pk=WordPressItem.objects.get(kind="comment", key="313").object_id
    )
    reply = Comment.objects.create(
        post=post, parent=answered, author_name="Written here", body="Agreed.", status="approved"
    )
    Comment.objects.filter(pk=reply.pk).update(
        created_at=answered.created_at + datetime.timedelta(hours=1)
    )
    written = comments_of(exported(), "sicilian-for-club-players")
    ids = [int(comment.findtext(f"{WP}comment_id")) for comment in written.values()]
    assert len(set(ids)) == len(ids)
    mine = written["Written here"]
    assert mine.findtext(f"{WP}comment_parent") == "313"
    # WordPress's importer inserts by ascending id: the reply comes after what it answers.
    assert int(mine.findtext(f"{WP}comment_id")) > max(ids[:-1])
