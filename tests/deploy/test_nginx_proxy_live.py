"""The shipped deploy/nginx.conf in front of a live Django (BEHIND_PROXY=1), as in production:
what a reader's browser sends through the proxy, and what Django then believes of it. A reader
can write any X-Forwarded-For or X-Forwarded-Proto they like; only what nginx adds counts."""

import contextlib
import re
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from comments.models import Comment
from tests.comments.conftest import form_timestamp
from tests.deploy.test_nginx_live import NGINX, free_port, site_for_test
from tests.factories import PostFactory

pytestmark = [
    pytest.mark.skipif(NGINX is None, reason="nginx is not installed"),
    pytest.mark.django_db(transaction=True),
]
HOST = "blog.example.com"


@contextlib.contextmanager
def nginx_in_front_of(upstream: str, *, tmp_path, pages):
    """The shipped site on a loopback port, proxying to ``upstream`` (host:port)."""
    port = free_port()
    site = site_for_test(tmp_path, port=port, pages=pages)
    site = re.sub(r"(upstream broadsheet \{\s*server )[^;]+;", rf"\g<1>{upstream};", site)
    (tmp_path / "nginx.conf").write_text(site)
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {process.stderr.read()}")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def behind_nginx(tmp_path, live_server, settings, page_cache):
    """nginx in front of the live server, with Django set as deployed behind it."""
    settings.BEHIND_PROXY = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = [HOST]
    upstream = urllib.parse.urlsplit(live_server.url).netloc
    with nginx_in_front_of(upstream, tmp_path=tmp_path, pages=page_cache) as base:
        yield base


@pytest.fixture
def nginx_to_recorder(tmp_path, web_server, page_cache):
    """nginx in front of a server that records what nginx passes on."""
    web_server.route("/2015/10/27/a-post/", body=b"<p>recorded</p>")
    with nginx_in_front_of(
        f"{web_server.host}:{web_server.port}", tmp_path=tmp_path, pages=page_cache
    ) as base:
        yield base, web_server


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def send(url: str, data: dict | None = None, **headers) -> tuple[int, dict, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Host": HOST, **headers})  # noqa: S310
    opener = urllib.request.build_opener(NoRedirects)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_a_comment_through_the_proxy_keeps_the_readers_address_not_the_one_they_wrote(
    behind_nginx, author
):
    post = PostFactory(author=author)
    status, _, _ = send(
        f"{behind_nginx}/comments/post/{post.pk}/",
        {
            "comment": "Sent through the proxy.",
            "author": "Ada Reader",
            "email": "ada@example.org",
            "ts": form_timestamp(post),
            "contact_phone": "",
        },
        Origin=f"http://{HOST}",
        **{"X-Forwarded-For": "203.0.113.9", "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 302, status
    comment = Comment.objects.get(body="Sent through the proxy.")
    assert comment.ip_address == "127.0.0.1"  # nginx's view of the reader, appended last


def test_what_a_reader_writes_in_the_forwarding_headers_is_not_what_django_is_told(
    nginx_to_recorder,
):
    """nginx replaces X-Forwarded-Proto with its own scheme and appends the reader's address to
    X-Forwarded-For, whose last entry is the one Django believes (core.ratelimit.client_ip)."""
    base, recorder = nginx_to_recorder
    status, _, html = send(
        f"{base}/2015/10/27/a-post/",
        Cookie="sessionid=x",  # past the cached files, to the app
        **{"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"},
    )
    assert status == 200 and "recorded" in html
    passed_on = recorder.requests[-1].headers
    assert passed_on["x-forwarded-proto"] == "http"  # this test's nginx listens on plain http
    assert passed_on["x-forwarded-for"] == "203.0.113.9, 127.0.0.1"
    assert passed_on["host"] == HOST


def test_a_page_through_the_proxy_is_django_s_own(behind_nginx, author):
    post = PostFactory(author=author, title="Proxied page")
    status, headers, html = send(behind_nginx + post.get_absolute_url(), Cookie="sessionid=x")
    assert status == 200 and "Proxied page" in html
    assert "X-Page-Cache" not in headers or headers["X-Page-Cache"] != "file"
