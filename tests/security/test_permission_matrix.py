"""Every address against every role, with the status each should get.

Roles: anonymous, a signed-in reader, a moderator (staff who may handle comments only), the author
(staff with the blog's permissions) and a superuser. Each row of MATRIX is one address; append
rows as features land (comments, accounts, search, feeds), keep the expected statuses in ROLES
order. A row's ``check`` may assert more than the status (e.g. nothing changed).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from comments.models import Comment
from tests.factories import CategoryFactory, PageFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "reader", "moderator", "author", "superuser")
EVERYONE = (200, 200, 200, 200, 200)
AUTHOR_ONLY = (404, 404, 404, 200, 200)  # unpublished content: a plain 404 for the others
ADMIN_FOR_AUTHOR = (302, 302, 403, 200, 200)  # not staff → sign-in page; moderator → forbidden
SUPERUSER_ONLY = (302, 302, 403, 403, 200)

BLOG_PERMISSIONS = ["add_post", "change_post", "delete_post", "view_post", "view_category"]
MODERATOR_PERMISSIONS = ["view_comment", "change_comment"]


@dataclass
class Row:
    name: str
    url: Callable[[dict], str]
    expected: tuple[int, ...]
    method: str = "get"
    data: dict = field(default_factory=dict)
    check: Callable[[dict, str], None] | None = None


@pytest.fixture
def world():
    """One of each thing a reader might reach, published or not."""
    author = UserFactory(username="writer", is_staff=True)
    author.user_permissions.set(Permission.objects.filter(codename__in=BLOG_PERMISSIONS))
    moderator = UserFactory(username="moderator", is_staff=True)
    moderator.user_permissions.set(Permission.objects.filter(codename__in=MODERATOR_PERMISSIONS))
    category, tag = CategoryFactory(slug="news"), TagFactory(slug="war")
    post = PostFactory(author=author, slug="public", categories=[category], tags=[tag])
    future = timezone.now() + datetime.timedelta(days=3)
    return {
        "anonymous": None,
        "reader": UserFactory(username="reader"),
        "moderator": moderator,
        "author": author,
        "superuser": UserFactory(username="boss", is_staff=True, is_superuser=True),
        "post": post,
        "draft": PostFactory(author=author, slug="dated-draft", status=Post.Status.DRAFT),
        "undated": PostFactory(
            author=author, slug="undated", status=Post.Status.DRAFT, published_at=None
        ),
        "scheduled": PostFactory(author=author, slug="scheduled", published_at=future),
        "page": PageFactory(slug="about"),
        "hidden_page": PageFactory(slug="hidden", is_published=False),
    }


def unchanged(field_name: str, key: str = "post"):
    def check(world, role):
        obj = world[key]
        before = getattr(obj, field_name)
        obj.refresh_from_db()
        assert getattr(obj, field_name) == before, f"{role} changed {key}.{field_name}"

    return check


MATRIX = [
    Row("home", lambda w: "/", EVERYONE),
    Row("home page 2 of 1", lambda w: "/?page=2", (404,) * 5),
    Row("published post", lambda w: w["post"].get_absolute_url(), EVERYONE),
    Row("draft at its address", lambda w: w["draft"].get_absolute_url(), AUTHOR_ONLY),
    Row("undated draft preview", lambda w: w["undated"].get_absolute_url(), AUTHOR_ONLY),
    Row("scheduled post", lambda w: w["scheduled"].get_absolute_url(), AUTHOR_ONLY),
    Row("year archive", lambda w: f"/{w['post'].published_at.year}/", EVERYONE),
    Row("category", lambda w: "/category/news/", EVERYONE),
    Row("tag", lambda w: "/tag/war/", EVERYONE),
    Row("author", lambda w: "/author/writer/", EVERYONE),
    Row("page", lambda w: "/about/", EVERYONE),
    Row("unpublished page", lambda w: "/hidden/", (404,) * 5),
    Row("admin index", lambda w: reverse("admin:index"), (302, 302, 200, 200, 200)),
    Row("admin posts", lambda w: reverse("admin:blog_post_changelist"), ADMIN_FOR_AUTHOR),
    Row("admin add post", lambda w: reverse("admin:blog_post_add"), ADMIN_FOR_AUTHOR),
    Row(
        "admin edit post",
        lambda w: reverse("admin:blog_post_change", args=[w["post"].pk]),
        ADMIN_FOR_AUTHOR,
    ),
    Row(
        "admin save post",
        lambda w: reverse("admin:blog_post_change", args=[w["post"].pk]),
        (302, 302, 403, 200, 200),  # 200: the form comes back (this data is incomplete)
        method="post",
        data={"title": "Taken over", "slug": "public", "body": "x"},
        check=unchanged("title"),
    ),
    Row(
        "admin delete post",
        lambda w: reverse("admin:blog_post_delete", args=[w["post"].pk]),
        (302, 302, 403, 302, 302),
        method="post",
        data={"post": "yes"},
        check=lambda w, role: (
            Post.objects.filter(pk=w["post"].pk).exists() is (role not in {"author", "superuser"})
            or pytest.fail(f"{role}: wrong outcome of deleting a post")
        ),
    ),
    Row("admin users", lambda w: reverse("admin:accounts_user_changelist"), SUPERUSER_ONLY),
    Row(
        "admin sign-in attempts",
        lambda w: reverse("admin:axes_accessattempt_changelist"),
        SUPERUSER_ONLY,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", MATRIX, ids=[row.name for row in MATRIX])
def test_permission_matrix(client, world, row, role):
    if world[role] is not None:
        client.force_login(world[role])
    url = row.url(world)
    response = getattr(client, row.method)(url, row.data)
    expected = row.expected[ROLES.index(role)]
    assert response.status_code == expected, f"{row.name} as {role}: {url}"
    if expected == 302 and role in {"anonymous", "reader"} and "admin" in url:
        assert response.url.startswith(reverse("admin:login"))
    if row.check:
        row.check(world, role)


def test_no_commenter_email_or_address_appears_on_any_public_page(client, world):
    """Whatever the comment section shows, it never shows a commenter's e-mail or IP."""
    for status in Comment.Status.values:
        Comment.objects.create(
            post=world["post"],
            author_name=f"Commenter {status}",
            author_email=f"secret-{status}@mailbox.example",
            ip_address=f"203.0.113.{len(status)}",
            body=f"A {status} comment.",
            status=status,
        )
    public = [row for row in MATRIX if row.expected[0] == 200 and row.method == "get"]
    for reader in [None, world["reader"]]:
        if reader:
            client.force_login(reader)
        for row in public:
            html = client.get(row.url(world)).content.decode()
            assert "mailbox.example" not in html, row.name
            assert "203.0.113." not in html, row.name
