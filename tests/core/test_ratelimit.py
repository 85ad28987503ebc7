"""The shared rate limiter: counts in the cache, by address or by account, and a 429 page."""

import time

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from core.ratelimit import client_ip, limit_exceeded, parse_rate, ratelimit
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def mid_window():
    """Counts that must land in one window do, whatever the clock says (tests may travel on)."""
    with time_machine.travel("2026-11-24 12:00:30", tick=False):
        yield


@ratelimit("test-post", rate="3/m")
def view(request):
    return HttpResponse("posted")


@ratelimit("test-user", rate="2/m", key="user", methods=None)
def user_view(request):
    return HttpResponse("ok")


def request_from(address="203.0.113.5", method="post", user=None, **headers):
    request = getattr(RequestFactory(), method)("/somewhere/", REMOTE_ADDR=address, **headers)
    request.user = user or AnonymousUser()
    request._csp_nonce = None
    return request


def test_rates_are_read_as_count_per_period():
    assert parse_rate("5/m") == (5, 60)
    assert parse_rate("100/10m") == (100, 600)
    assert parse_rate("1/d") == (1, 86400)
    with pytest.raises(ImproperlyConfigured):
        parse_rate("five a minute")


@time_machine.travel("2026-11-24 12:00:10", tick=False)
def test_posts_over_the_rate_get_a_429_page_saying_when_to_come_back():
    assert [view(request_from()).status_code for _ in range(3)] == [200, 200, 200]
    refused = view(request_from())
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "50"  # the minute's window ends at 12:01:00
    html = refused.content.decode()
    assert "too many requests" in html.lower()
    assert "50 seconds" in html


def test_another_address_has_its_own_count():
    for _ in range(4):
        view(request_from("203.0.113.5"))
    assert view(request_from("198.51.100.7")).status_code == 200


def test_reading_is_not_counted_when_only_posts_are_limited():
    for _ in range(5):
        assert view(request_from(method="get")).status_code == 200
    assert view(request_from()).status_code == 200


def test_the_count_starts_again_in_the_next_window():
    with time_machine.travel("2026-11-24 12:00:00", tick=False) as clock:
        for _ in range(3):
            view(request_from())
        assert view(request_from()).status_code == 429
        clock.shift(60)
        assert view(request_from()).status_code == 200


@pytest.mark.django_db
def test_signed_in_users_are_counted_by_account_wherever_they_post_from():
    reader = UserFactory()
    assert user_view(request_from("203.0.113.1", user=reader)).status_code == 200
    assert user_view(request_from("203.0.113.2", user=reader)).status_code == 200
    assert user_view(request_from("203.0.113.3", user=reader)).status_code == 429
    assert user_view(request_from("203.0.113.3", user=UserFactory())).status_code == 200


@pytest.mark.django_db
def test_a_limit_by_address_and_account_refuses_when_either_is_over():
    reader = UserFactory()
    for _ in range(2):
        assert not limit_exceeded(request_from(user=reader), "both", "2/m", key=("ip", "user"))
    # Same account, new address: the account is over.
    assert limit_exceeded(
        request_from("198.51.100.9", user=reader), "both", "2/m", key=("ip", "user")
    )
    # Same address, another account: the address is over.
    assert limit_exceeded(request_from(user=UserFactory()), "both", "2/m", key=("ip", "user"))


def test_limits_can_be_switched_off(settings):
    settings.RATELIMIT_ENABLED = False
    assert all(view(request_from()).status_code == 200 for _ in range(10))


def test_behind_the_proxy_the_address_the_proxy_saw_is_used(settings):
    request = request_from("10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_ip(request) == "10.0.0.2"  # the header is not trusted by default
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "203.0.113.9"  # the last hop, appended by our proxy


def test_the_decorator_fits_class_based_views():
    from django.utils.decorators import method_decorator
    from django.views import View

    @method_decorator(ratelimit("test-cbv", rate="1/m"), name="dispatch")
    class Search(View):
        def post(self, request):
            return HttpResponse("found")

    search = Search.as_view()
    assert search(request_from()).status_code == 200
    assert search(request_from()).status_code == 429


def test_counts_are_shared_through_redis_when_it_is_the_cache(settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/14", socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/14",
            "KEY_PREFIX": "broadsheet-tests-ratelimit",
        }
    }
    from django.core.cache import caches

    caches["default"].clear()
    try:
        assert [view(request_from("192.0.2.77")).status_code for _ in range(4)] == [
            200,
            200,
            200,
            429,
        ]
        assert caches["default"].get(f"ratelimit:test-post:ip:192.0.2.77:{int(time.time() // 60)}")
    finally:
        caches["default"].clear()
