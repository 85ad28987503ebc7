import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from blog.models import Blog, Category, Image, Page, Post, Tag
from comments.models import Comment

pytestmark = pytest.mark.django_db

REFERENCE_URL = "/2015/10/27/syria-aleppo-offensive/"


def table_snapshot():
    models = [get_user_model(), Blog, Category, Tag, Image, Page, Post, Comment]
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
    rows["groups"] = list(get_user_model().groups.through.objects.order_by("pk").values())
    for row in rows["Post"]:
        row.pop("updated_at")
    for row in rows["Page"]:
        row.pop("updated_at")
    return rows


def test_load_demo_twice_gives_the_same_rows():
    call_command("load_demo", password="demo-password-1")
    first = table_snapshot()
    call_command("load_demo", password="demo-password-1")
    assert table_snapshot() == first


def test_load_demo_serves_the_reference_post(client):
    call_command("load_demo", password="demo-password-1")
    html = client.get(REFERENCE_URL).content.decode()

    assert "Syria: Aleppo Offensive" in html
    body = html.split('<div class="post-body" dir="auto">')[1].split("</div>")[0]
    assert body.count("<h2 id=") == 2
    assert "A possible outcome</h2>" in body and "Immediate consequences</h2>" in body
    assert 'href="/2015/09/28/foreign-involvement/"' in html
    assert 'href="/2015/10/12/light-the-dark/"' in html
    assert "https://www.politico.eu/" in html and "https://www.foreignaffairs.com/" in html
    assert "photo courtesy: BBC (after Institute for the Study of War)" in html
    assert body.count("<p>") == 18 - 2  # 18 blocks, two of them headings
    for linked in ("/2015/09/28/foreign-involvement/", "/2015/10/12/light-the-dark/"):
        assert client.get(linked).status_code == 200
    assert client.get("/about/").status_code == 200


def test_load_demo_sets_or_resets_the_demo_passwords():
    call_command("load_demo", password="first-password-1")
    call_command("load_demo", password="second-password-2")
    users = get_user_model().objects
    assert users.get(username="author").check_password("second-password-2")
    assert users.get(username="author").is_superuser
    assert users.get(username="moderator").check_password("second-password-2")
    assert not users.get(username="moderator").is_superuser


def test_load_demo_without_password_outside_debug_leaves_no_usable_password():
    call_command("load_demo")
    assert not get_user_model().objects.get(username="author").has_usable_password()


def test_demo_picture_has_its_dimensions_stored_so_pages_never_open_the_file():
    call_command("load_demo")
    assert Image.objects.filter(width=1600, height=900).count() == 1


def test_load_demo_adds_two_approved_comments_the_second_a_reply(client):
    call_command("load_demo", password="demo-password-1")
    first, second = Comment.objects.order_by("created_at")
    assert first.status == second.status == Comment.Status.APPROVED
    assert second.parent == first
    html = client.get(REFERENCE_URL).content.decode()
    assert "2 thoughts on \u201cSyria: Aleppo Offensive\u201d" in html
    assert f'id="comment-{second.pk}" class="comment depth-2' in html
    assert "Leave a Reply" in html
    assert "Fill in your details below" in html


def test_load_demo_makes_the_moderator_a_staff_member_of_the_moderators_group(client):
    call_command("load_demo", password="demo-password-1")
    moderator = get_user_model().objects.get(username="moderator")
    assert moderator.is_staff and not moderator.is_superuser
    assert list(moderator.groups.values_list("name", flat=True)) == ["Moderators"]
    assert client.login(username="moderator", password="demo-password-1")
    admin_index = client.get("/admin/").content.decode()
    assert "/admin/comments/comment/" in admin_index
    assert "/admin/blog/post/" not in admin_index
    assert client.get("/moderation/").status_code == 200
