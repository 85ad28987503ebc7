"""The network rules of every fetch a visitor can cause (core/fetch.py), against a real server."""

import socket

import pytest

from core.fetch import FetchFailed, FetchRefused, check_address, fetch
from tests.webserver import Reply


def test_an_answer_with_its_status_headers_and_body(web_server):
    web_server.route("/page", body=b"<p>hello</p>", headers={"Link": '</wm>; rel="webmention"'})
    answer = fetch(web_server.url("/page?x=1"))
    assert answer.status == 200
    assert answer.body == b"<p>hello</p>"
    assert answer.content_type == "text/html"
    assert answer.text == "<p>hello</p>"
    assert answer.headers.getlist("link") == ['</wm>; rel="webmention"']
    sent = web_server.requests[-1]
    assert sent.path == "/page?x=1"
    assert sent.headers["user-agent"].startswith("Broadsheet (+")
    assert sent.headers["host"] == f"127.0.0.1:{web_server.port}"


def test_a_post_sends_its_body_and_is_not_redirected(web_server):
    web_server.redirect("/endpoint", "/elsewhere", status=302)
    answer = fetch(
        web_server.url("/endpoint"),
        method="POST",
        body=b"source=a&target=b",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status == 302
    assert [request.path for request in web_server.requests] == ["/endpoint"]
    assert web_server.requests[0].body == b"source=a&target=b"


def test_redirects_are_followed_and_counted(web_server):
    web_server.redirect("/a", "/b")
    web_server.redirect("/b", web_server.url("/c"), status=301)
    web_server.route("/c", body=b"here")
    answer = fetch(web_server.url("/a"))
    assert (answer.status, answer.body, answer.url) == (200, b"here", web_server.url("/c"))
    for hop in range(5):
        web_server.redirect(f"/loop{hop}", f"/loop{hop + 1}")
    with pytest.raises(FetchRefused, match="redirects"):
        fetch(web_server.url("/loop0"), max_redirects=3)


def test_a_redirect_to_a_private_address_is_refused(web_server):
    web_server.redirect("/away", "http://10.1.2.3/inside")
    with pytest.raises(FetchRefused, match="private or local"):
        fetch(web_server.url("/away"))
    assert len(web_server.requests) == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",  # carrier-grade NAT
        "http://224.0.0.1/",
        "http://[::ffff:10.0.0.1]/",
    ],
)
def test_private_addresses_are_refused_even_in_tests(settings, url):
    settings.FETCH_ALLOW_LOOPBACK = True
    with pytest.raises(FetchRefused):
        fetch(url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/", "http://localhost:9/", "http://[::1]:9/", "http://127.8.9.10/"]
)
def test_loopback_is_refused_unless_tests_allow_it(settings, url):
    settings.FETCH_ALLOW_LOOPBACK = False
    with pytest.raises(FetchRefused, match="private or local"):
        check_address(url)


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/", "file:///etc/passwd", "gopher://x/", "http://me:pw@example.com/", "//x"],
)
def test_only_plain_http_and_https_addresses(url):
    with pytest.raises(FetchRefused):
        fetch(url)


def test_a_host_that_resolves_to_a_private_address_is_refused(settings, monkeypatch):
    """A public-looking name pointing inside (DNS is the visitor's to choose)."""
    settings.FETCH_ALLOW_LOOPBACK = True

    def resolve(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.9.8.7", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(FetchRefused, match="private or local"):
        fetch("http://innocent.example/")


def test_an_oversized_body_is_refused_declared_or_not(web_server):
    web_server.route("/big", body=b"x" * 5000)
    web_server.route("/big-undeclared", body=b"x" * 5000, content_length=False)
    for path in ("/big", "/big-undeclared"):
        with pytest.raises(FetchRefused, match="larger than 1,000 bytes"):
            fetch(web_server.url(path), max_bytes=1000)
    assert fetch(web_server.url("/big"), max_bytes=5000).body == b"x" * 5000


def test_a_slow_body_is_cut_off_at_the_time_limit(web_server):
    """A server that trickles its answer cannot hold the request past ``timeout``."""
    web_server.route("/slow", body=b"x" * 40, chunks=40, chunk_delay=0.1)
    with pytest.raises(FetchFailed, match="too long"):
        fetch(web_server.url("/slow"), timeout=1.0)


def test_a_silent_server_times_out(web_server):
    web_server.route("/silent", handler=lambda request: __import__("time").sleep(2) or Reply())
    with pytest.raises(FetchFailed):
        fetch(web_server.url("/silent"), timeout=0.5)


def test_a_closed_port_fails_softly(settings):
    settings.FETCH_ALLOW_LOOPBACK = True
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchFailed, match="did not answer"):
        fetch(f"http://127.0.0.1:{port}/")


def test_an_unknown_host_fails_softly():
    with pytest.raises(FetchFailed, match="not found"):
        fetch("http://no-such-host.invalid/")
