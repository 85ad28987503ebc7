"""Each abuse limit wired into a feature answers 429 with a message (and Retry-After) once it is
reached, counts by address (and for comments by account too), and lets others through.

Limits: comment posts (COMMENTS_FLOOD_SECONDS, COMMENTS_HOURLY_LIMIT; per address and per
account), social sign-in starts and callbacks (RATELIMIT_SIGNIN), searches (RATELIMIT_SEARCH).
The admin lockout has its own tests (tests/config/test_lockout.py)."""

import pytest
import time_machine
from django.test import Client

from comments.models import Comment
from tests.comments.conftest import form_timestamp
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db
ORIGIN = {"origin": "http://testserver"}


@pytest.fixture(autouse=True)
def mid_window():
    """Counts that must land in one window do, whatever the clock says."""
    with time_machine.travel("2026-11-24 12:00:30", tick=False):
        yield


@pytest.fixture
def post():
    return PostFactory(slug="limited")


def comment(post, number, **extra):
    return {
        "comment": f"Comment number {number}",
        "author": "Ada",
        "email": f"ada{number}@example.org",
        "ts": form_timestamp(post),
        **extra,
    }


def assert_limited(response, message: str):
    assert response.status_code == 429
    assert message in response.content.decode()
    assert int(response.headers["Retry-After"]) >= 1


def test_comments_from_one_address_hit_the_flood_limit_with_a_message(post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 15
    client = Client(enforce_csrf_checks=True)
    url = f"/comments/post/{post.pk}/"
    assert client.post(url, comment(post, 1), headers=ORIGIN).status_code == 302
    response = client.post(url, comment(post, 2), headers=ORIGIN)
    assert_limited(response, "You are posting comments too quickly.")
    assert response.headers["Retry-After"] == "15"
    # Another address is not held back by this one.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert other.post(url, comment(post, 3), headers=ORIGIN).status_code == 302
    assert Comment.objects.count() == 2


def test_a_signed_in_reader_is_limited_per_account_even_from_another_address(post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_HOURLY_LIMIT = 2
    reader = UserFactory(username="chatty")
    url = f"/comments/post/{post.pk}/"
    codes = []
    for number, address in enumerate(["192.0.2.1", "192.0.2.2", "192.0.2.3"]):
        client = Client(REMOTE_ADDR=address)
        client.force_login(reader)
        response = client.post(url, {"comment": f"n{number}", "ts": form_timestamp(post)})
        codes.append(response.status_code)
    assert codes == [302, 302, 429]
    assert "too many comments in the last hour" in response.content.decode()
    assert Comment.objects.filter(user=reader).count() == 2
    # A different reader on the last address still may.
    someone = Client(REMOTE_ADDR="192.0.2.4")
    someone.force_login(UserFactory(username="quiet"))
    assert someone.post(url, {"comment": "hi", "ts": form_timestamp(post)}).status_code == 302


def test_the_hourly_cap_counts_one_address_whatever_the_email(post, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_HOURLY_LIMIT = 3
    client = Client()
    url = f"/comments/post/{post.pk}/"
    codes = [client.post(url, comment(post, n)).status_code for n in range(4)]
    assert codes == [302, 302, 302, 429]


def test_turning_rate_limits_off_turns_comment_flood_control_off(post, settings):
    settings.RATELIMIT_ENABLED = False
    client = Client()
    url = f"/comments/post/{post.pk}/"
    assert [client.post(url, comment(post, n)).status_code for n in range(3)] == [302] * 3


@pytest.mark.parametrize("backend", ["google-oauth2", "facebook"])
def test_sign_in_starts_are_limited_per_address(providers, settings, backend):
    settings.RATELIMIT_SIGNIN = "3/10m"
    client = Client()
    codes = [client.post(f"/login/{backend}/", headers=ORIGIN).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    assert_limited(
        client.post(f"/login/{backend}/", headers=ORIGIN), "Too many sign-in attempts from here."
    )
    assert Client(REMOTE_ADDR="198.51.100.7").post(f"/login/{backend}/").status_code != 429


def test_provider_callbacks_are_limited_per_address(providers, settings):
    """A bot replaying /complete/ with made-up codes is stopped before social-auth calls out."""
    settings.RATELIMIT_SIGNIN = "2/10m"
    client = Client()
    url = "/complete/google-oauth2/?state=forged&code=forged"
    codes = [client.get(url).status_code for _ in range(3)]
    assert codes[:2] != [429, 429] and all(code < 500 for code in codes[:2])
    assert codes[2] == 429
    assert_limited(client.get(url), "Too many sign-in attempts from here.")


def test_sign_in_starts_and_callbacks_share_one_count(providers, settings):
    settings.RATELIMIT_SIGNIN = "2/10m"
    client = Client()
    client.post("/login/google-oauth2/", headers=ORIGIN)
    client.get("/complete/google-oauth2/?state=x&code=y")
    assert client.post("/login/google-oauth2/", headers=ORIGIN).status_code == 429


def test_searches_are_limited_per_address_with_a_message(settings):
    settings.RATELIMIT_SEARCH = "5/m"
    PostFactory(title="Aleppo offensive")
    client = Client()
    codes = [client.get("/search/", {"q": f"aleppo {n}"}).status_code for n in range(6)]
    assert codes == [200] * 5 + [429]
    assert_limited(client.get("/search/", {"q": "x"}), "You have searched many times")
    assert Client(REMOTE_ADDR="198.51.100.8").get("/search/", {"q": "x"}).status_code == 200


def test_a_new_window_lets_a_searcher_back_in(settings):
    settings.RATELIMIT_SEARCH = "1/m"
    client = Client()
    assert client.get("/search/", {"q": "a"}).status_code == 200
    assert client.get("/search/", {"q": "b"}).status_code == 429
    with time_machine.travel("2026-11-24 12:01:31", tick=False):
        assert client.get("/search/", {"q": "c"}).status_code == 200
