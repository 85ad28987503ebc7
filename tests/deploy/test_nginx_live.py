"""The shipped deploy/nginx.conf run by a real nginx: a page-cache file comes back with the
headers Django sends for the same page, and a reader with a session is not given the file."""

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.factories import CommentFactory, PostFactory

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or next(
    (str(path) for path in [Path("/usr/sbin/nginx")] if path.exists()), None
)
pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed")
#: Worked out per response (by nginx for a file, by Django for its page), or naming who answered.
PER_RESPONSE = {"content-length", "etag", "last-modified", "x-page-cache", "date", "server"}
PER_RESPONSE |= {"connection", "accept-ranges", "vary"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def site_for_test(tmp_path: Path, *, port: int, pages: Path) -> str:
    """The shipped site, on a loopback port over plain HTTP, with this test's folders."""
    site = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    site = re.sub(r"server \{\s*listen 80;.*?\n\}\n", "", site, count=1, flags=re.DOTALL)
    site = re.sub(r"listen \[::\]:443[^;]*;", "", site)
    site = re.sub(r"listen 443[^;]*;", f"listen 127.0.0.1:{port};", site)
    site = re.sub(r"\s*ssl_certificate(_key)? [^;]*;", "", site)
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{free_port()};")
    site = site.replace("/srv/broadsheet/page-cache", str(pages))  # its root, its Link test
    user = "user root;" if os.geteuid() == 0 else ""  # the test's folders are private
    return f"""{user}
daemon off;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
{site}
}}
"""


@pytest.fixture
def nginx(tmp_path, page_cache):
    port = free_port()
    conf = tmp_path / "nginx.conf"
    conf.write_text(site_for_test(tmp_path, port=port, pages=page_cache))
    process = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(conf)], stderr=subprocess.PIPE, text=True
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


def joined(headers) -> dict[str, str]:
    """Headers sent more than once (nginx's two Vary lines) as one, comma-separated."""
    return {name: ", ".join(headers.get_all(name)) for name in dict.fromkeys(headers.keys())}


def fetch(url: str, **headers) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Host": "blog.example.com", **headers})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, joined(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, joined(error.headers), error.read()


def test_nginx_serves_a_cached_page_with_the_headers_django_sends(client, settings, author, nginx):
    settings.SECURE_HSTS_SECONDS = 31536000  # production's default (the test run sets 0)
    post = PostFactory(author=author, title="Served by nginx", slug="served-by-nginx")
    CommentFactory(post=post, body="A comment, so the thread and its form are on the page.")
    django = client.get(post.get_absolute_url(), secure=True)
    assert django["X-Page-Cache"] == "miss"

    status, headers, body = fetch(nginx + post.get_absolute_url())
    assert status == 200
    assert headers["X-Page-Cache"] == "file"
    assert body == django.content

    from_nginx = {k.lower(): v for k, v in headers.items() if k.lower() not in PER_RESPONSE}
    from_django = {k.lower(): v for k, v in django.items() if k.lower() not in PER_RESPONSE}
    # nginx adds Accept-Encoding (gzip_vary) to the Cookie that Django's page varies on.
    assert set(django["Vary"].split(", ")) <= set(headers["Vary"].split(", "))
    assert len(from_django) == 9  # the type, Cache-Control, and the seven security headers
    assert from_nginx == from_django


def test_a_reader_with_a_session_is_not_given_the_file(client, author, nginx):
    post = PostFactory(author=author, title="Not for sessions", slug="not-for-sessions")
    client.get(post.get_absolute_url())
    status, headers, _ = fetch(nginx + post.get_absolute_url(), Cookie="sessionid=abc")
    # Passed on to gunicorn (not running here): nginx's 502, not the cached file.
    assert status == 502
    assert "X-Page-Cache" not in headers


def test_nginx_sends_the_webmention_link_with_a_cached_post_and_page(
    client, settings, author, nginx
):
    """Federation on: the app's Link header naming the Webmention endpoint comes with the files
    of posts and pages too (and with no other page's)."""
    from blog.models import Blog
    from tests.factories import PageFactory

    settings.SITE_URL = "https://blog.example.com"
    blog = Blog.load()
    blog.federation_enabled = True
    blog.save()
    post = PostFactory(author=author, slug="linked-post")
    about = PageFactory(slug="about")
    team = PageFactory(slug="team", parent=about)
    for address in (post.get_absolute_url(), team.get_absolute_url()):
        django = client.get(address, secure=True)
        assert django["X-Page-Cache"] == "miss"
        assert django["Link"] == '<https://blog.example.com/webmention/>; rel="webmention"'
        status, headers, body = fetch(nginx + address)
        assert (status, headers["X-Page-Cache"]) == (200, "file")
        assert body == django.content
        assert headers["Link"] == django["Link"]
    assert "Link" not in client.get("/", secure=True)
    status, headers, _ = fetch(nginx + "/")
    assert (status, headers["X-Page-Cache"]) == (200, "file")
    assert "Link" not in headers


def test_an_activitypub_request_for_a_post_is_not_given_the_file(client, author, nginx):
    post = PostFactory(author=author, slug="asked-as-json")
    client.get(post.get_absolute_url())
    accept = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'
    for asked in ("application/activity+json", accept):
        status, headers, _ = fetch(nginx + post.get_absolute_url(), Accept=asked)
        assert status == 502  # passed on to gunicorn (not running here), for the Article
        assert "X-Page-Cache" not in headers
    assert fetch(nginx + post.get_absolute_url(), Accept="text/html")[0] == 200


def test_the_shipped_file_passes_nginx_t(tmp_path):
    """``nginx -t`` on deploy/nginx.conf as shipped, inside an http block, with only its
    certificate paths pointed at a certificate made here (Let's Encrypt's are not on this
    machine)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "blog.example.com")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "fullchain.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    site = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    site = site.replace("/etc/letsencrypt/live/blog.example.com/", f"{tmp_path}/")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{ access_log off; include {tmp_path}/site.conf; }}\n"
    )
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
