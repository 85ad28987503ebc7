"""Two app servers sharing PostgreSQL and Redis behave as one site.

Starts two gunicorn instances on the test database with one Redis cache between them, signs in
through one, changes the blog through the other, and reads both as an anonymous reader (whose pages
come from the shared page cache). Runs when REDIS_URL and a PostgreSQL DATABASE_URL are set, as
in CI's PostgreSQL run (.ci/run).
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection

from blog.models import Blog
from tests.factories import PostFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL")
        or not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")),
        reason="needs REDIS_URL and a PostgreSQL DATABASE_URL (CI's PostgreSQL run sets both)",
    ),
    pytest.mark.django_db(transaction=True),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """A minimal HTTP client with a cookie jar, pointed at one server or another."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response.status, response.headers, text

    def get(self, port: int, path: str):
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, form: dict):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(port, path)[2])
        return self.request(port, "POST", path, {"csrfmiddlewaretoken": token.group(1), **form})


@pytest.fixture
def site(settings):
    """The rows, written before the servers start (they cache the navigation on first use)."""
    # A hasher the servers know (the tests' fast MD5 hasher is not in their settings).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.ScryptPasswordHasher"]
    Blog.objects.create(name="Shared Notes", tagline="One blog, two servers")
    staff = UserFactory(username="editor", is_staff=True, is_superuser=True)
    staff.set_password("correct horse battery staple")
    staff.save()
    return PostFactory(author=staff, title="Written Once")


@pytest.fixture
def two_servers(site):
    settings_dict = connection.settings_dict
    database_url = (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    env = {
        **os.environ,
        # DEBUG=1 only so that pages render without collectstatic's manifest and cookies work
        # over plain HTTP; everything that matters here (database, cache, sessions) is as in
        # production.
        "DEBUG": "1",
        "SECRET_KEY": "multi-server-test-key-shared-by-both-servers",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "0",
        "REDIS_URL": os.environ["REDIS_URL"],
        "CACHE_KEY_PREFIX": f"multiserver-{uuid.uuid4().hex}",
        "PAGE_CACHE": "1",
        "PAGE_CACHE_DIR": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "WARNING",
    }
    ports, processes = [free_port(), free_port()], []
    try:
        for port in ports:
            processes.append(
                subprocess.Popen(
                    [
                        str(Path(sys.executable).parent / "gunicorn"),
                        "-c",
                        str(ROOT / "deploy/gunicorn.conf.py"),
                        "config.wsgi",
                    ],
                    cwd=ROOT,
                    env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                )
            )
        for port, process in zip(ports, processes, strict=True):
            wait_for(port, process)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


def wait_for(port: int, process, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited"
        try:
            Browser().get(port, "/admin/login/")
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn on port {port} did not start")


def test_two_app_servers_share_sessions_pages_and_changes(site, two_servers):
    one, two = two_servers
    post = site
    reader = Browser()

    # An anonymous reader: the page rendered by one server is served from the shared cache by
    # the other.
    status, headers, html = reader.get(one, post.get_absolute_url())
    assert status == 200
    assert headers["X-Page-Cache"] == "miss"
    assert "Shared Notes" in html
    status, headers, html = reader.get(two, post.get_absolute_url())
    assert headers["X-Page-Cache"] == "hit"
    assert "Shared Notes" in html

    # Signed in through the first server, the session works on the second.
    editor = Browser()
    status, headers, _ = editor.post(
        one,
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "correct horse battery staple"},
    )
    assert status == 302, "sign-in failed"
    status, _, html = editor.get(two, "/admin/")
    assert status == 200
    assert "Desk" in html

    # A change made through the second server is visible through both at once.
    blog = Blog.objects.get()
    status, _, _ = editor.post(
        two,
        f"/admin/blog/blog/{blog.pk}/change/",
        {
            "name": "Renamed Notes",
            "tagline": "One blog, two servers",
            "permalink_structure": blog.permalink_structure,
            "time_zone": blog.time_zone,
            "language": blog.language,
            "_save": "Save",
        },
    )
    assert status == 302, "the change was not saved"
    for port in (one, two):
        status, headers, html = reader.get(port, post.get_absolute_url())
        assert status == 200
        assert "Renamed Notes" in html, f"stale page from the server on port {port}"
        assert "Shared Notes" not in html
