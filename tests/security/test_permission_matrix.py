"""Every address against every role, with the status each should get.

Roles: anonymous, a signed-in reader, a moderator (staff in the Moderators group: comments only),
the author (staff with the blog app's permissions) and a superuser. Each row of MATRIX is one
address (``route`` names its URL pattern); ADMIN_MATRIX adds the admin's pages for every
registered model. ``test_every_url_pattern_is_in_the_matrix`` walks Django's URL resolver, so an
address added later without a row fails the suite. Expected statuses are in ROLES order. A row's
``check`` may assert more than the status (e.g. nothing changed).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from blog.models import Post, PostRevision
from comments.models import Ban, Comment
from federation.models import Follower, RemoteActor
from subscriptions import tokens
from subscriptions.models import FollowUpSubscription
from tests.comments.conftest import form_timestamp
from tests.factories import CategoryFactory, PageFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "reader", "moderator", "author", "superuser")
EVERYONE = (200, 200, 200, 200, 200)
REDIRECT_ALL = (302,) * 5
NOT_FOUND = (404,) * 5
NOT_ALLOWED = (405,) * 5
FORBIDDEN_ALL = (403,) * 5
MODERATORS_ONLY = (403, 403, 302, 403, 302)  # moderation actions (POST), then back to the page
QUEUE = (403, 403, 200, 403, 200)
READER_OWN = (403, 200, 403, 403, 403)  # the reader's own comment: only they may change it
SIGNED_IN = (302, 200, 200, 200, 200)  # /account/ pages: anonymous readers go to sign in
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
    data: dict | Callable[[dict, str], dict] = field(default_factory=dict)
    check: Callable[[dict, str], None] | None = None
    route: str = ""  # the URL pattern's name; filled in from the address when empty


@pytest.fixture
def world():
    """One of each thing a reader might reach, published or not."""
    author = UserFactory(username="writer", is_staff=True)
    author.user_permissions.set(Permission.objects.filter(codename__in=BLOG_PERMISSIONS))
    author.user_permissions.add(*Permission.objects.filter(content_type__app_label="blog"))
    moderator = UserFactory(username="moderator", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    category, tag = CategoryFactory(slug="news"), TagFactory(slug="war")
    post = PostFactory(author=author, slug="public", categories=[category], tags=[tag])
    future = timezone.now() + datetime.timedelta(days=3)
    reader = UserFactory(username="reader", email="reader@example.org")
    other = UserFactory(username="other", email="other@example.org")
    comments = {
        "approved": Comment.objects.create(
            post=post, author_name="Old hand", author_email="old@example.org", body="Approved.",
            status=Comment.Status.APPROVED, ip_address="203.0.113.50",
        ),
        "pending": Comment.objects.create(
            post=post, user=other, body="Held comment of another reader.",
            status=Comment.Status.PENDING, ip_address="203.0.113.51",
        ),
        "own": Comment.objects.create(
            post=post, user=reader, body="Own comment of the reader.",
            status=Comment.Status.APPROVED, ip_address="203.0.113.52",
        ),
    }  # fmt: skip
    followup = FollowUpSubscription.objects.create(
        post=post, email="follower@example.org", mode=FollowUpSubscription.Mode.ALL
    )
    fediverse_account = RemoteActor.objects.create(
        uri="https://social.example/users/alice",
        key_id="https://social.example/users/alice#main-key",
        public_key_pem="(a key)",
        inbox="https://social.example/users/alice/inbox",
        handle="@alice@social.example",
    )
    Follower.objects.create(actor=fediverse_account)
    return {
        "anonymous": None,
        "reader": reader,
        "other": other,
        "comments": comments,
        "followup": followup,
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
        "open_page": PageFactory(slug="guestbook", allow_comments=True),
    }


def unchanged(field_name: str, key: str = "post", comment: str = ""):
    def check(world, role):
        obj = world["comments"][comment] if comment else world[key]
        before = getattr(obj, field_name)
        obj.refresh_from_db()
        assert getattr(obj, field_name) == before, f"{role} changed {key}.{field_name}"

    return check


def old_revision(world) -> PostRevision:
    post = world["post"]
    found = post.revisions.filter(body="An older body.").first()
    return found or PostRevision.objects.create(post=post, title=post.title, body="An older body.")


def comment_url(world, which: str, action: str) -> str:
    return f"/comments/{world['comments'][which].pk}/{action}/"


def confirm_url(world) -> str:
    followup = world["followup"]
    token = tokens.confirm_token(
        kind=tokens.KIND_FOLLOWUPS, pk=followup.pk, email=followup.email, mode=followup.mode
    )
    return f"/subscriptions/confirm/{token}/"


def unsubscribe_url(world) -> str:
    followup = world["followup"]
    token = tokens.unsubscribe_token(
        kind=tokens.KIND_FOLLOWUPS, ref=followup.pk, email=followup.email
    )
    return f"/subscriptions/unsubscribe/{token}/"


def view_on_site(world) -> str:
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Post)
    return f"/admin/r/{content_type.pk}/{world['post'].pk}/"


def a_ban(world) -> Ban:
    return Ban.objects.get_or_create(kind=Ban.Kind.EMAIL, value="banned@example.org")[0]


def moderated_only_by_moderators(action: str):
    after = {"approve": "approved", "unapprove": "pending", "spam": "spam", "remove": "removed",
             "ban": "spam", "not-spam": "approved", "restore": "pending"}[action]  # fmt: skip

    def check(world, role):
        comment = world["comments"]["pending"]
        comment.refresh_from_db()
        expected = after if role in {"moderator", "superuser"} else "pending"
        assert comment.status == expected, f"{role} {action}: {comment.status}"

    return check


DRAFT_ELSEWHERE = (404, 404, 404, 302, 302)


def month_address(post) -> str:
    local = timezone.localtime(post.published_at)
    return f"/{local:%Y}/{local:%m}/{post.slug}/"


MATRIX = [
    Row("home", lambda w: "/", EVERYONE),
    Row("home page 2 of 1", lambda w: "/?page=2", (404,) * 5),
    # Federation is off in this world: the endpoint is not there for anyone, by any method.
    Row("webmention endpoint, federation off", lambda w: "/webmention/", NOT_FOUND),
    Row(
        "webmention sent, federation off",
        lambda w: "/webmention/",
        NOT_FOUND,
        method="post",
        data={"source": "https://alice.example/r", "target": "http://testserver/"},
    ),
    Row("published post", lambda w: w["post"].get_absolute_url(), EVERYONE),
    Row("page 2 of a one-page post", lambda w: f"{w['post'].get_absolute_url()}2/", (404,) * 5),
    Row(
        "page 2 of a one-page post at its month address",
        lambda w: f"/{timezone.localtime(w['post'].published_at):%Y/%m}/{w['post'].slug}/2/",
        (404,) * 5,
        route="blog:post-month-page",
    ),
    Row("draft at its address", lambda w: w["draft"].get_absolute_url(), AUTHOR_ONLY),
    Row("undated draft preview", lambda w: w["undated"].get_absolute_url(), AUTHOR_ONLY),
    Row("scheduled post", lambda w: w["scheduled"].get_absolute_url(), AUTHOR_ONLY),
    Row("year archive", lambda w: f"/{w['post'].published_at.year}/", EVERYONE),
    # A post's address in the other permalink structures: one redirect to its own, and for a
    # draft the same plain 404 to everyone but its author (a temporary redirect for them).
    Row("post at its month address", lambda w: month_address(w["post"]), (301,) * 5),
    Row("draft at its month address", lambda w: month_address(w["draft"]), DRAFT_ELSEWHERE),
    Row("post by its name", lambda w: "/public/", (301,) * 5, route="blog:post-name"),
    Row("draft by its name", lambda w: "/dated-draft/", DRAFT_ELSEWHERE, route="blog:post-name"),
    Row(
        "post under its category",
        lambda w: "/news/public/",
        (301,) * 5,
        route="blog:post-in-category",
    ),
    Row(
        "draft under a category",
        lambda w: "/news/dated-draft/",
        DRAFT_ELSEWHERE,
        route="blog:post-in-category",
    ),
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
        lambda w: reverse("admin:blog_post_delete", args=[w["draft"].pk]),
        (302, 302, 403, 302, 302),
        method="post",
        data={"post": "yes"},
        check=lambda w, role: (
            Post.objects.filter(pk=w["draft"].pk).exists() is (role not in {"author", "superuser"})
            or pytest.fail(f"{role}: wrong outcome of deleting a post")
        ),
    ),
    # The writing desk's endpoints (blog.editor): staff with the post permissions only.
    Row(
        "editor live preview",
        lambda w: reverse("admin:blog_post_preview_fragment"),
        ADMIN_FOR_AUTHOR,
        method="post",
        data={"body": "Some **bold** words"},
    ),
    Row(
        "editor preview of the unsaved form",
        lambda w: reverse("admin:blog_post_preview_page"),
        ADMIN_FOR_AUTHOR,
        method="post",
        data={"title": "Unsaved", "body": "Not saved yet."},
        check=lambda w, role: (
            not Post.objects.filter(title="Unsaved").exists()
            or pytest.fail(f"{role}: the preview saved a post")
        ),
    ),
    Row(
        "editor image upload without a file",
        lambda w: reverse("admin:blog_post_image_upload"),
        (302, 302, 403, 400, 400),
        method="post",
        data={"alt_text": "Nothing"},
    ),
    Row(
        "editor autosave",
        lambda w: reverse("admin:blog_post_autosave", args=[w["post"].pk]),
        ADMIN_FOR_AUTHOR,
        method="post",
        data={"title": "Typed", "body": "Typed, not saved."},
        check=unchanged("body"),
    ),
    Row(
        "post revisions",
        lambda w: reverse("admin:blog_post_revisions", args=[w["post"].pk]),
        ADMIN_FOR_AUTHOR,
    ),
    Row(
        "restore a revision",
        lambda w: reverse(
            "admin:blog_post_revision_restore", args=[w["post"].pk, old_revision(w).pk]
        ),
        (302, 302, 403, 302, 302),
        method="post",
        check=lambda w, role: (
            (Post.objects.get(pk=w["post"].pk).body == "An older body.")
            is (role in {"author", "superuser"})
            or pytest.fail(f"{role}: wrong outcome of restoring a revision")
        ),
    ),
    Row("admin users", lambda w: reverse("admin:accounts_user_changelist"), SUPERUSER_ONLY),
    Row(
        "admin sign-in attempts",
        lambda w: reverse("admin:axes_accessattempt_changelist"),
        SUPERUSER_ONLY,
    ),
    *[
        # Everything else (blog): archives, preview, search, feeds, sitemap, robots.
        Row("month archive", lambda w: f"/{w['post'].published_at:%Y/%m}/", EVERYONE),
        Row(
            "day archive",
            lambda w: f"/{timezone.localtime(w['post'].published_at):%Y/%m/%d}/",
            EVERYONE,
        ),
        Row("favicon.ico", lambda w: "/favicon.ico", REDIRECT_ALL),
        Row("preview of an undated draft", lambda w: f"/preview/{w['undated'].pk}/", AUTHOR_ONLY),
        Row("search", lambda w: "/search/?q=post", EVERYONE),
        Row("posts feed", lambda w: "/feed/", EVERYONE),
        Row("posts feed (Atom)", lambda w: "/feed/atom/", EVERYONE),
        Row("category feed", lambda w: "/category/news/feed/", EVERYONE),
        Row("category feed (Atom)", lambda w: "/category/news/feed/atom/", EVERYONE),
        Row("tag feed", lambda w: "/tag/war/feed/", EVERYONE),
        Row("tag feed (Atom)", lambda w: "/tag/war/feed/atom/", EVERYONE),
        Row("sitemap", lambda w: "/sitemap.xml", EVERYONE),
        Row("robots.txt", lambda w: "/robots.txt", EVERYONE),
        # The JavaScript's texts, and the admin's language form (a cookie, nothing stored).
        Row("JavaScript catalog", lambda w: "/jsi18n/fr/", EVERYONE),
        Row(
            "choose a language for the admin",
            lambda w: "/i18n/setlang/",
            REDIRECT_ALL,
            method="post",
            data={"language": "de", "next": "/admin/"},
        ),
    ],
    *[
        # Comments.
        Row(
            "post a comment",
            lambda w: f"/comments/post/{w['post'].pk}/",
            REDIRECT_ALL,
            method="post",
            data=lambda w, role: {
                "comment": f"Written by the {role}.",
                "author": role,
                "email": f"{role}@example.org",
                "ts": form_timestamp(w["post"]),
            },
            check=lambda w, role: Comment.objects.get(body=f"Written by the {role}."),
        ),
        Row(
            "comment on a draft",
            lambda w: f"/comments/post/{w['draft'].pk}/",
            NOT_FOUND,
            method="post",
            data={"comment": "x", "author": "x", "email": "x@example.org"},
        ),
        Row("comment form token", lambda w: f"/comments/post/{w['post'].pk}/token/", EVERYONE),
        # Likes: anyone may like what readers see (and be sent back to it), nothing else.
        Row(
            "like a comment",
            lambda w: comment_url(w, "approved", "like"),
            (303,) * 5,
            method="post",
        ),
        Row(
            "unlike a comment",
            lambda w: comment_url(w, "approved", "unlike"),
            (303,) * 5,
            method="post",
        ),
        Row(
            "like a held comment",
            lambda w: comment_url(w, "pending", "like"),
            NOT_FOUND,
            method="post",
            check=unchanged("like_count", comment="pending"),
        ),
        Row("like a comment by GET", lambda w: comment_url(w, "approved", "like"), NOT_ALLOWED),
        Row(
            "like a post",
            lambda w: f"/comments/post/{w['post'].pk}/like/",
            (303,) * 5,
            method="post",
        ),
        Row(
            "unlike a post",
            lambda w: f"/comments/post/{w['post'].pk}/unlike/",
            (303,) * 5,
            method="post",
        ),
        Row(
            "like a draft",
            lambda w: f"/comments/post/{w['draft'].pk}/like/",
            NOT_FOUND,
            method="post",
        ),
        Row("a post's likes", lambda w: f"/comments/post/{w['post'].pk}/likes/", EVERYONE),
        Row("a draft's likes", lambda w: f"/comments/post/{w['draft'].pk}/likes/", NOT_FOUND),
        Row(
            "comment on a page",
            lambda w: f"/comments/page/{w['open_page'].pk}/",
            REDIRECT_ALL,
            method="post",
            data=lambda w, role: {
                "comment": f"Written on the page by the {role}.",
                "author": role,
                "email": f"{role}@example.org",
                "ts": form_timestamp(w["open_page"]),
            },
            check=lambda w, role: Comment.objects.get(
                page=w["open_page"], body=f"Written on the page by the {role}."
            ),
        ),
        Row(
            "comment on a page closed to comments",
            lambda w: f"/comments/page/{w['page'].pk}/",
            FORBIDDEN_ALL,
            method="post",
            data={"comment": "x", "author": "x", "email": "x@example.org"},
        ),
        Row(
            "comment on an unpublished page",
            lambda w: f"/comments/page/{w['hidden_page'].pk}/",
            NOT_FOUND,
            method="post",
            data={"comment": "x", "author": "x", "email": "x@example.org"},
        ),
        Row("a page's likes", lambda w: f"/comments/page/{w['open_page'].pk}/likes/", EVERYONE),
        Row(
            "an unpublished page's likes",
            lambda w: f"/comments/page/{w['hidden_page'].pk}/likes/",
            NOT_FOUND,
        ),
        Row(
            "page comment form token",
            lambda w: f"/comments/page/{w['open_page'].pk}/token/",
            EVERYONE,
        ),
        Row("edit the reader's comment", lambda w: comment_url(w, "own", "edit"), READER_OWN),
        Row(
            "delete page of the reader's comment",
            lambda w: comment_url(w, "own", "delete"),
            READER_OWN,
        ),
        Row(
            "edit someone else's comment",
            lambda w: comment_url(w, "pending", "edit"),
            FORBIDDEN_ALL,
            method="post",
            data={"comment": "Taken over"},
            check=unchanged("body", comment="pending"),
        ),
        Row(
            "delete someone else's comment",
            lambda w: comment_url(w, "pending", "delete"),
            FORBIDDEN_ALL,
            method="post",
            check=lambda w, role: w["comments"]["pending"].refresh_from_db(),
        ),
        *[
            Row(
                f"{action} a comment",
                lambda w, a=action: comment_url(w, "pending", a),
                MODERATORS_ONLY,
                method="post",
                check=moderated_only_by_moderators(action),
            )
            for action in ("approve", "unapprove", "spam", "remove", "ban", "not-spam", "restore")
        ],
        Row("ban form", lambda w: comment_url(w, "pending", "ban"), QUEUE),
        Row("moderation: spam", lambda w: "/moderation/spam/", QUEUE),
        Row("moderation: removed", lambda w: "/moderation/removed/", QUEUE),
        Row("moderation: bans", lambda w: "/moderation/bans/", QUEUE),
        Row(
            "unban",
            lambda w: f"/moderation/bans/{a_ban(w).pk}/unban/",
            MODERATORS_ONLY,
            method="post",
            check=lambda w, role: (
                Ban.objects.exists() == (role not in {"moderator", "superuser"})
                or pytest.fail(f"{role}: unban did the wrong thing")
            ),
        ),
        Row("approve by GET", lambda w: comment_url(w, "pending", "approve"), NOT_ALLOWED),
        Row("moderation queue", lambda w: "/moderation/", QUEUE),
        Row(
            "moderation queue bulk action",
            lambda w: "/moderation/",
            MODERATORS_ONLY,
            method="post",
            data=lambda w, role: {"action": "spam", "comments": [w["comments"]["pending"].pk]},
            check=moderated_only_by_moderators("spam"),
        ),
        Row("comments feed", lambda w: "/comments/feed/", EVERYONE),
        Row("comments feed (Atom)", lambda w: "/comments/feed/atom/", EVERYONE),
        Row(
            "a post's comments feed at its permalink",
            lambda w: f"{w['post'].get_absolute_url()}feed/",
            EVERYONE,
        ),
        Row("a post's comments feed", lambda w: f"/comments/feed/{w['post'].pk}/", EVERYONE),
        Row("a draft's comments feed", lambda w: f"/comments/feed/{w['draft'].pk}/", NOT_FOUND),
        Row("avatar", lambda w: f"/comments/avatar/{'a' * 32}.svg", EVERYONE),
    ],
    *[
        # Subscriptions.
        Row("subscribe to new posts (page)", lambda w: "/subscriptions/", EVERYONE),
        Row(
            "subscribe to new posts",
            lambda w: "/subscriptions/",
            REDIRECT_ALL,
            method="post",
            data=lambda w, role: {"email": f"{role}-news@example.org"},
        ),
        Row(
            "follow a post's comments",
            lambda w: f"/subscriptions/post/{w['post'].pk}/",
            REDIRECT_ALL,
            method="post",
            data=lambda w, role: {"email": f"{role}-follows@example.org", "mode": "all"},
        ),
        Row(
            "follow a draft's comments",
            lambda w: f"/subscriptions/post/{w['draft'].pk}/",
            NOT_FOUND,
        ),
        Row("confirm a subscription", lambda w: confirm_url(w), EVERYONE),
        Row("confirm with a forged link", lambda w: "/subscriptions/confirm/forged/", (400,) * 5),
        Row("unsubscribe page", lambda w: unsubscribe_url(w), EVERYONE),
        Row(
            "unsubscribe with a forged link", lambda w: "/subscriptions/unsubscribe/x/", (400,) * 5
        ),
    ],
    *[
        # Accounts and sign-in.
        Row("account (sign-in page when anonymous)", lambda w: "/account/", EVERYONE),
        Row(
            "change the display name",
            lambda w: "/account/",
            REDIRECT_ALL,
            method="post",
            data={"display_name": "Renamed"},
            check=lambda w, role: (
                role == "anonymous"
                or w[role].__class__.objects.get(pk=w[role].pk).display_name == "Renamed"
                or pytest.fail(f"{role}: display name not saved")
            ),
        ),
        Row("remove my picture", lambda w: "/account/avatar/remove/", REDIRECT_ALL, method="post"),
        Row("my comments", lambda w: "/account/comments/", SIGNED_IN),
        Row("my data", lambda w: "/account/data/", SIGNED_IN),
        Row("delete my account (page)", lambda w: "/account/delete/", SIGNED_IN),
        Row(
            "delete my account",
            lambda w: "/account/delete/",
            (302, 302, 403, 403, 403),  # staff accounts are deleted in the admin
            method="post",
            data={"comments": "keep"},
        ),
        Row("sign out", lambda w: "/account/logout/", REDIRECT_ALL, method="post"),
        Row("start signing in", lambda w: "/login/google-oauth2/", REDIRECT_ALL, method="post"),
        Row(
            "sign in with an unknown provider",
            lambda w: "/login/myspace/",
            NOT_FOUND,
            method="post",
        ),
        Row(
            "provider callback without a state", lambda w: "/complete/google-oauth2/", REDIRECT_ALL
        ),
        Row(
            "disconnect a provider",
            lambda w: "/disconnect/google-oauth2/",
            REDIRECT_ALL,
            method="post",
        ),
        Row(
            "disconnect one link",
            lambda w: "/disconnect/google-oauth2/999/",
            REDIRECT_ALL,
            method="post",
        ),
    ],
    *[
        # The admin's own pages (the pages of every model are ADMIN_MATRIX below).
        Row("admin sign-in page", lambda w: "/admin/login/", (200, 200, 302, 302, 302)),
        Row("admin sign out", lambda w: "/admin/logout/", (302, 302, 200, 200, 200), method="post"),
        Row(
            "admin password change", lambda w: "/admin/password_change/", (302, 302, 200, 200, 200)
        ),
        Row(
            "admin password changed",
            lambda w: "/admin/password_change/done/",
            (302, 302, 200, 200, 200),
        ),
        Row("admin translations", lambda w: "/admin/jsi18n/", (302, 302, 200, 200, 200)),
        Row(
            "admin autocomplete",
            lambda w: "/admin/autocomplete/?app_label=blog&model_name=post&field_name=categories",
            (302, 302, 403, 200, 200),
        ),
        # ActivityPub: nothing answers while the blog is not open to the Fediverse (the default).
        *[
            Row(f"fediverse {route}", lambda w, address=address: address, NOT_FOUND, route=route)
            for route, address in [
                ("federation:ap-webfinger", "/.well-known/webfinger?resource=acct:x@testserver"),
                ("federation:ap-nodeinfo-links", "/.well-known/nodeinfo"),
                ("federation:ap-nodeinfo", "/nodeinfo/2.1"),
                ("federation:ap-actor", "/fediverse/actor"),
                ("federation:ap-inbox", "/fediverse/inbox"),
                ("federation:ap-outbox", "/fediverse/outbox"),
                ("federation:ap-followers", "/fediverse/followers"),
                ("federation:ap-article", "/fediverse/posts/1"),
                ("federation:ap-note", "/fediverse/comments/1"),
            ]
        ],
        Row("fediverse inbox POST", lambda w: "/fediverse/inbox", NOT_FOUND, method="post"),
        Row("admin blog app", lambda w: "/admin/blog/", (302, 302, 404, 200, 200)),
        Row("admin comments app", lambda w: "/admin/comments/", (302, 302, 200, 404, 200)),
        Row("admin view on site", lambda w: view_on_site(w), (302, 302, 302, 302, 302)),
        Row(
            "admin set a user's password",
            lambda w: reverse("admin:auth_user_password_change", args=[w["reader"].pk]),
            SUPERUSER_ONLY,
        ),
    ],
]


# --- The admin: every registered model's pages ----------------------------------------------
def admin_expected(model, page: str) -> tuple[int, ...]:
    """What each role gets on one admin page of ``model``. The moderator may view and change
    comments only; the author has the blog app's permissions; the superuser everything the
    admin offers (some models are read-only there: no add, or no change)."""
    label = model._meta.label
    outsider = (302, 302)
    if label == "comments.Comment" or label in {"comments.CommentLike", "comments.PostLike"}:
        moderator = 200 if page in {"changelist", "change", "history"} else 403
    else:
        moderator = 403
    author = 200 if model._meta.app_label == "blog" else 403
    superuser = 200
    if (label, page) in NOBODY:
        author = 403 if author == 200 else author
        superuser = 403
    return ADMIN_EXCEPTIONS.get((label, page), (*outsider, moderator, author, superuser))


# Admin pages no role reaches, not even a superuser: records the site keeps itself (tasks,
# sign-in attempts, imports, announcements), comments (written on the site, not in the admin)
# and the one discussion-settings row (never added twice, never deleted).
NOBODY = {
    ("blog.Blog", "add"),  # one blog identity: edited, never added
    ("django_tasks_database.DBTaskResult", "add"),
    ("django_tasks_database.DBTaskResult", "delete"),
    ("axes.AccessAttempt", "add"),
    ("axes.AccessLog", "add"),
    ("axes.AccessFailureLog", "add"),
    ("wordpress.WordPressItem", "add"),
    ("wordpress.UploadedFile", "add"),  # brought by import_wordpress only
    ("comments.Comment", "add"),
    ("comments.Ban", "add"),  # made from a comment, on the site
    ("comments.Reaction", "add"),  # likes and reposts arrive from other sites
    ("federation.FediverseProfile", "add"),  # one row, made with its key pair
    ("federation.FediverseProfile", "delete"),  # never: followers' servers know its key
    ("federation.Follower", "add"),  # they follow from their server
    ("federation.RemoteActor", "add"),  # known from their own server
    ("federation.SentWebmention", "add"),  # written by the task that sends webmentions
    ("federation.Delivery", "add"),  # written by the delivery task: read-only
    ("federation.Delivery", "delete"),
    ("comments.DiscussionSettings", "add"),
    # Likes come from their buttons (comments.likes keeps the counts): only read in the admin.
    ("comments.CommentLike", "add"),
    ("comments.CommentLike", "delete"),
    ("comments.PostLike", "add"),
    ("comments.PostLike", "delete"),
    ("comments.DiscussionSettings", "delete"),
    ("subscriptions.PostAnnouncement", "add"),
    ("subscriptions.ApprovalNotice", "add"),
}
ADMIN_EXCEPTIONS = {
    # The settings list goes straight to the one row's form (which then checks permissions).
    ("comments.DiscussionSettings", "changelist"): (302, 302, 302, 302, 302),
}


def admin_rows() -> list[Row]:
    rows = []
    for model in admin.site._registry:
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        for page in ("changelist", "add", "change", "delete", "history"):

            def url(w, model=model, page=page, info=info):
                if page in {"changelist", "add"}:
                    return reverse(f"admin:{info}_{page}")
                return reverse(f"admin:{info}_{page}", args=[w["admin_objects"][model].pk])

            rows.append(
                Row(
                    f"admin {model._meta.label} {page}",
                    url,
                    admin_expected(model, page),
                    route=f"admin:{info}_{page}",
                )
            )
    return rows


ADMIN_MATRIX = admin_rows()


def request_as(client, world, row, role):
    if world[role] is not None:
        client.force_login(world[role])
    url = row.url(world)
    data = row.data(world, role) if callable(row.data) else row.data
    response = getattr(client, row.method)(url, data, headers={"origin": "http://testserver"})
    expected = row.expected[ROLES.index(role)]
    assert response.status_code == expected, f"{row.name} as {role}: {url}"
    if expected == 302 and role in {"anonymous", "reader"} and url.startswith("/admin/"):
        # To the sign-in page (signing out sends to the admin's index, which sends there).
        assert response.url.startswith((reverse("admin:login"), reverse("admin:index"))), url
    if row.check:
        row.check(world, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", MATRIX, ids=[row.name for row in MATRIX])
def test_permission_matrix(client, world, row, role, providers):
    request_as(client, world, row, role)


@pytest.fixture
def admin_objects(world):
    """One row of every model the admin lists (the world's, or a plain one made here)."""
    found = {}
    for model in admin.site._registry:
        found[model] = model._default_manager.order_by("pk").first() or make_row(model, world)
    world["admin_objects"] = found
    return found


def make_row(model, world):
    """A row with plain values in every required field (enough for the admin to show it)."""
    from django.db import models as m

    from blog.models import Image
    from tests.factories import ImageFactory

    if model is Image:
        return ImageFactory()
    values = {}
    for field_ in model._meta.concrete_fields:
        if isinstance(field_, m.GenericIPAddressField):
            values[field_.name] = "192.0.2.1"  # not None: a sign-in clears attempts by address
            continue
        if field_.primary_key or field_.has_default() or field_.null or field_.blank:
            continue
        if isinstance(field_, m.ForeignKey):
            related = field_.related_model
            values[field_.name] = related._default_manager.order_by("pk").first()
        elif isinstance(field_, m.DateTimeField):
            values[field_.name] = timezone.now()
        elif isinstance(field_, m.IntegerField | m.FloatField):
            values[field_.name] = 1
        elif isinstance(field_, m.GenericIPAddressField):
            values[field_.name] = "192.0.2.1"
        elif isinstance(field_, m.JSONField):
            values[field_.name] = {}
        elif field_.choices:
            values[field_.name] = field_.choices[0][0]
        else:
            values[field_.name] = f"matrix-{field_.name}"[: field_.max_length or 50]
    return model._default_manager.create(**values)


@pytest.mark.parametrize("row", ADMIN_MATRIX, ids=[row.name for row in ADMIN_MATRIX])
def test_admin_matrix(world, admin_objects, row):
    """GET only (nothing changes), so one test takes the five roles in turn."""
    for role in ROLES:
        request_as(Client(), world, row, role)


def test_moderators_cannot_add_change_or_delete_posts(client, world):
    """Spelled out: a moderator's POSTs to every post page of the admin are refused."""
    client.force_login(world["moderator"])
    post = world["post"]
    data = {"title": "Moderated", "slug": "moderated", "body": "x", "status": "published"}
    assert client.post(reverse("admin:blog_post_add"), data).status_code == 403
    assert client.post(reverse("admin:blog_post_change", args=[post.pk]), data).status_code == 403
    delete = reverse("admin:blog_post_delete", args=[post.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:blog_post_changelist")
    bulk = {"action": "delete_selected", "_selected_action": [post.pk], "post": "yes"}
    assert client.post(changelist, bulk).status_code == 403
    assert Post.objects.filter(pk=post.pk, title=post.title).exists()
    assert not Post.objects.filter(slug="moderated").exists()


def url_names(patterns, namespace="") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_pattern_is_in_the_matrix(world, admin_objects):
    """Walks Django's resolver: a URL pattern with no row of the matrix fails here."""
    covered = {row.route for row in ADMIN_MATRIX}
    for row in MATRIX:
        covered.add(row.route or name_of(row.url(world)))
    missing = url_names(get_resolver().url_patterns) - covered
    assert not missing, f"URL patterns without a row in the permission matrix: {sorted(missing)}"


def name_of(url: str) -> str:
    from django.urls import resolve

    match = resolve(url.split("?")[0])
    return match.view_name


def test_readers_never_see_other_readers_pending_comments(world):
    """Not on the post page, not in the comment feeds, not in their /account/ pages."""
    held = world["comments"]["pending"]
    own_held = Comment.objects.create(
        post=world["post"], user=world["reader"], body="Held words of the reader.",
        status=Comment.Status.PENDING,
    )  # fmt: skip
    anonymous, reader = Client(), Client()
    reader.force_login(world["reader"])
    post_url = world["post"].get_absolute_url()
    pages = [post_url, "/comments/feed/", f"/comments/feed/{world['post'].pk}/", "/feed/", "/"]
    for client, who in [(anonymous, "anonymous"), (reader, "reader")]:
        for url in [*pages, "/account/", "/account/comments/", "/account/data/"]:
            html = client.get(url).content.decode()
            assert held.body not in html, f"{who} saw another reader's held comment on {url}"
    assert own_held.body in reader.get(post_url).content.decode()  # their own: shown to them
    assert own_held.body in reader.get("/account/comments/").content.decode()
    assert own_held.body not in anonymous.get(post_url).content.decode()
    moderator = Client()
    moderator.force_login(world["moderator"])
    assert held.body in moderator.get("/moderation/").content.decode()


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
