"""deploy/nginx.conf against the code: the headers of cached files, the upload limit, the paths."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from blog.conf import app_settings as blog_settings
from blog.pagecache import file_for_path
from tests.deploy.nginxconf import parse, size_in_bytes
from tests.factories import CategoryFactory, CommentFactory, PageFactory, PostFactory

ROOT = Path(__file__).resolve().parents[2]
CONFIG = parse(ROOT / "deploy" / "nginx.conf")
SERVERS = [block for block in CONFIG.blocks if block.name == "server"]
[HTTPS] = [server for server in SERVERS if any("443" in args for args in server.values("listen"))]
#: What nginx works out itself for a file (and Django for its response), or that says who answered.
#: (Vary differs between pages: nginx always sends "Vary: Cookie", which covers every page.)
PER_RESPONSE = {"content-type", "content-length", "etag", "last-modified", "x-page-cache", "vary"}


def env_example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("=", 1) for line in lines if line and not line.startswith("#")]
    return {name: value.strip('"') for name, value in pairs}


def nginx_headers(location: str) -> dict[str, str]:
    block = HTTPS.block("location", location)
    return {name.lower(): value for name, value, *_ in block.values("add_header")}


@pytest.fixture
def pages(db, author):
    category = CategoryFactory(name="Dispatches", slug="dispatches")
    post = PostFactory(author=author, title="Cached", slug="cached", categories=[category])
    CommentFactory(post=post, body="An approved comment, so the thread and its form render.")
    page = PageFactory(title="About", slug="about")
    return {
        "home": "/",
        "post": post.get_absolute_url(),
        "category": category.get_absolute_url(),
        "page": page.get_absolute_url(),
    }


@pytest.mark.parametrize("name", ["home", "post", "category", "page"])
def test_a_cached_file_gets_the_headers_django_sends_with_the_same_page(
    client, settings, page_cache, pages, name
):
    settings.SECURE_HSTS_SECONDS = 31536000  # production's default (the test run sets 0)
    response = client.get(pages[name], secure=True)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "miss"
    assert file_for_path(pages[name]).exists()  # nginx will serve this page from the file

    from_django = {
        k.lower(): v for k, v in response.headers.items() if k.lower() not in PER_RESPONSE
    }
    # Link is sent only beside a ".webmention" file (federation on): the tests below.
    from_nginx = {k: v for k, v in nginx_headers("/").items() if k not in PER_RESPONSE | {"link"}}
    assert from_nginx == from_django
    assert not file_for_path(pages[name]).with_name(".webmention").exists()
    assert response.get("Vary", "Cookie") == nginx_headers("/")["vary"]
    # Both policies are the same string: no page that becomes a file uses a CSP nonce.
    assert "nonce-" not in response["Content-Security-Policy"]
    assert b"nonce=" not in response.content

    block = HTTPS.block("location", "/")
    content_type = f"{block.value('default_type')[0]}; charset={block.value('charset')[0]}"
    assert response["Content-Type"] == content_type


def test_nginx_accepts_every_body_django_accepts_and_an_image_of_the_largest_size():
    nginx_limit = size_in_bytes(HTTPS.value("client_max_body_size")[0])
    # The shipped limit is Django's (and the example environment's) MAX_REQUEST_SIZE ...
    assert nginx_limit == django_settings.MAX_REQUEST_SIZE == int(env_example()["MAX_REQUEST_SIZE"])
    # ... and leaves room for the largest image an author may upload, with the rest of its form.
    form_overhead = 64 * 1024
    assert blog_settings.BLOG_IMAGE_MAX_UPLOAD_BYTES + form_overhead <= nginx_limit


def test_nginx_serves_static_media_and_cached_pages_from_where_the_app_puts_them():
    env = env_example()
    working_directory = next(
        line.split("=", 1)[1]
        for line in (ROOT / "deploy" / "broadsheet-web.service").read_text().splitlines()
        if line.startswith("WorkingDirectory=")
    )
    # STATIC_ROOT is <checkout>/staticfiles; the units run in the checkout.
    assert Path(django_settings.STATIC_ROOT).relative_to(ROOT) == Path("staticfiles")
    assert HTTPS.block("location", "/static/").value("alias") == [
        f"{working_directory}/staticfiles/"
    ]
    assert HTTPS.block("location", "/media/").value("alias") == [
        env["MEDIA_ROOT"].rstrip("/") + "/"
    ]
    assert (django_settings.MEDIA_URL, django_settings.STATIC_URL) == ("/media/", "/static/")
    assert HTTPS.block("location", "/").value("root") == [env["PAGE_CACHE_DIR"]]


# --- The Webmention endpoint's Link header on cached posts and pages ------------------------------
def webmention_link_rule() -> tuple[str, str]:
    """(the file nginx looks for, the Link value it then sends) from the shipped server block."""
    [rule] = [block for block in HTTPS.blocks if block.name == "if"]
    [(variable, value)] = rule.values("set")
    assert rule.args[0] == "(-f" and rule.args[1].endswith(")")
    assert HTTPS.block("location", "/").values("add_header")[-1] == ["Link", variable]
    return rule.args[1][:-1], value


@pytest.fixture
def federation_on(db, settings):
    from blog.models import Blog

    settings.SITE_URL = "https://blog.example.com"  # the host the shipped file is written for
    blog = Blog.load()
    blog.federation_enabled = True
    blog.save()


@pytest.mark.parametrize("name", ["post", "page"])
def test_a_cached_post_or_page_gets_the_link_header_django_sends(
    client, page_cache, pages, federation_on, name
):
    response = client.get(pages[name], secure=True)
    assert response["X-Page-Cache"] == "miss"
    marker, value = webmention_link_rule()
    # nginx's test: the root it serves files from, the address, then ".webmention".
    root = HTTPS.block("location", "/").value("root")[0]
    assert marker == f"{root}$uri.webmention"
    assert file_for_path(pages[name]).with_name(".webmention").exists()
    assert value.replace("$host", "blog.example.com") == response["Link"]


@pytest.mark.parametrize("name", ["home", "category"])
def test_other_cached_pages_get_no_link_header(client, page_cache, pages, federation_on, name):
    response = client.get(pages[name], secure=True)
    assert response["X-Page-Cache"] == "miss" and "Link" not in response
    assert file_for_path(pages[name]).exists()
    assert not file_for_path(pages[name]).with_name(".webmention").exists()
