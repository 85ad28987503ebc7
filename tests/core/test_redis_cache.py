"""Redis away: the site goes on without its cache (core/redis_cache.py fails open), never a 500.

Against a real Redis server that the test starts on a free loopback port and stops mid-test, and
against a port where nothing listens (connection refused)."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.test import Client

from comments.models import Comment
from core import redis_cache
from tests.comments.conftest import comment_form

ORIGIN = {"origin": "http://testserver"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def use_redis(settings, port: int) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "broadsheet-tests-failopen",
        }
    }


class RedisServer:
    """A redis-server of the test's own (nothing saved to disk), stopped and started at will."""

    def __init__(self, port: int, folder):
        self.port, self.folder, self.process = port, folder, None

    def start(self) -> "RedisServer":
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = RedisServer(free_port(), tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def flood_control(settings):
    settings.RATELIMIT_ENABLED = True
    settings.COMMENTS_FLOOD_SECONDS = 15


def test_pages_and_comments_go_on_while_redis_refuses_connections(db, settings, post, page_cache):
    create_url = f"/comments/post/{post.pk}/"
    use_redis(settings, free_port())  # nothing listens there
    client = Client(raise_request_exception=False)
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.get("/").status_code == 200
    response = client.post(create_url, comment_form(post), headers=ORIGIN)
    assert response.status_code == 302
    assert Comment.objects.count() == 1
    assert cache.get("anything", "the default") == "the default"
    assert cache.add("a", 1) is False
    assert cache.incr("a") == 1  # counted from zero: a limit lets the request through


def test_redis_stopping_mid_visit_fails_open_and_limits_count_again_when_it_is_back(
    db, settings, post, page_cache, redis_server, flood_control, monkeypatch, caplog
):
    use_redis(settings, redis_server.port)
    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", 0.2)
    reader = Client(raise_request_exception=False)
    commenter = Client(raise_request_exception=False)

    def send(text: str) -> int:
        address = f"/comments/post/{post.pk}/"
        return commenter.post(address, comment_form(post, comment=text), headers=ORIGIN).status_code

    assert reader.get(post.get_absolute_url()).status_code == 200
    assert send("one") == 302
    # Redis up: the flood limit holds the next comment back.
    assert send("two") == 429

    redis_server.stop()
    assert reader.get(post.get_absolute_url()).status_code == 200
    # Failing open, deliberately: the comment is stored (and judged by the moderation rules).
    assert send("three") == 302
    assert "Redis is unreachable" in caplog.text

    redis_server.start()  # restarted empty, as a Redis that keeps nothing on disk comes back
    time.sleep(0.3)
    assert reader.get(post.get_absolute_url()).status_code == 200
    assert send("four") == 302
    assert send("five") == 429
    assert sorted(Comment.objects.values_list("body", flat=True)) == ["four", "one", "three"]
    assert "Redis answers again" in caplog.text


def accepted(listener) -> int:
    """How many connections have come to the listener since last asked."""
    count = 0
    listener.setblocking(False)
    while True:
        try:
            connection, _ = listener.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


def test_a_redis_that_hangs_is_not_asked_again_for_a_moment(db, settings):
    """A listening socket that never answers (a hung Redis): the call gives up after the socket
    timeout, and the calls within RETRY_SECONDS after it do not try Redis at all."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        use_redis(settings, listener.getsockname()[1])
        assert cache.get("first") is None
        assert accepted(listener) >= 1
        for n in range(20):
            assert cache.get(f"key-{n}") is None
            cache.set(f"key-{n}", n)
        assert accepted(listener) == 0
