"""Every ``next`` goes through one site-only check (core.redirects.safe_next): whatever a client
sends as ``next`` to a view that takes one, the answer is never a 500, and a redirect never leaves
the site."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from comments.models import Comment
from core.redirects import safe_next
from tests.factories import CommentFactory, PostFactory, ReaderFactory, UserFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TRICKS = [
    "env",
    "accounts:profile",
    "blog:home",
    "admin:index",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/ok/\r\nSet-Cookie: x=1",
    " /",
    "%2F%2Fevil.example",
    "",
    ".",
    "..",
]
next_values = st.one_of(st.sampled_from(TRICKS), st.text(max_size=30))


@pytest.fixture
def site(db, settings):
    settings.RATELIMIT_ENABLED = False
    post = PostFactory(slug="hello")
    moderator = UserFactory(username="mod", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client = Client(raise_request_exception=True)
    client.force_login(moderator)
    return {"post": post, "moderator": client, "reader": ReaderFactory(username="ada")}


def assert_stays_here(response):
    assert response.status_code < 500
    if response.status_code in {301, 302, 303, 307, 308}:
        location = response["Location"]
        parts = urlsplit(location)
        assert not parts.scheme and not parts.netloc, location
        assert location.startswith("/") and not location.startswith(("//", "/\\")), location


@FUZZ
@given(value=next_values)
@example(value="env")
def test_moderation_actions_and_the_queue_go_back_only_to_a_page_here(site, value):
    for action in ["approve", "unapprove", "spam", "remove", "ban"]:
        comment = CommentFactory(post=site["post"], status=Comment.Status.PENDING)
        response = site["moderator"].post(f"/comments/{comment.pk}/{action}/", {"next": value})
        assert_stays_here(response)
    pending = CommentFactory(post=site["post"], status=Comment.Status.PENDING)
    data = {"action": "approve", "comments": [pending.pk], "next": value}
    assert_stays_here(site["moderator"].post("/moderation/", data))


@FUZZ
@given(value=next_values)
@example(value="env")
def test_subscribe_forms_go_back_only_to_a_page_here(site, value):
    post = site["post"]
    for url in ["/subscriptions/", f"/subscriptions/post/{post.pk}/"]:
        data = {"email": "ada@example.org", "mode": "all", "next": value}
        assert_stays_here(Client().post(url, data, headers={"origin": "http://testserver"}))


@FUZZ
@given(value=next_values)
@example(value="env")
@example(value="\x00")
def test_signing_out_and_the_sign_in_page_go_back_only_to_a_page_here(site, value):
    reader = Client()
    reader.force_login(site["reader"])
    assert_stays_here(reader.post("/account/logout/", {"next": value}))
    page = Client().get("/account/", {"next": value})
    assert page.status_code in {200, 400}  # 400: a NUL, refused by core.middleware
    if page.status_code == 200:
        back = page.context["next"]
        assert back.startswith("/") and not back.startswith(("//", "/\\"))


@FUZZ
@given(value=next_values)
@example(value="env")
@example(value="\x00")
def test_a_provider_sign_in_keeps_only_a_next_here(site, value, settings):
    settings.SOCIAL_AUTH_GOOGLE_OAUTH2_KEY = "google-client-id"
    settings.SOCIAL_AUTH_GOOGLE_OAUTH2_SECRET = "google-secret"
    client = Client()
    response = client.post("/login/google-oauth2/", {"next": value})
    assert response.status_code in {302, 400}  # off to the provider; 400: a NUL (core.middleware)
    if response.status_code == 302:
        kept = client.session["next"]
        assert kept.startswith("/") and not kept.startswith(("//", "/\\")), kept


@pytest.mark.parametrize("value", ["env", "//evil.example/", "https://evil.example/", None, 7])
def test_safe_next_refuses_anything_but_a_path_here(rf, value):
    assert safe_next(rf.get("/"), value, default="/fallback/") == "/fallback/"


def test_safe_next_keeps_a_path_here_with_its_query_and_anchor(rf):
    path = "/2015/10/27/a-post/?cpage=2#respond"
    assert safe_next(rf.get("/"), path) == path
