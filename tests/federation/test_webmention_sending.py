"""Sending webmentions to stand-in sites on loopback: endpoint discovery as the W3C
Recommendation says (the 23 discovery cases of its test suite, webmention.rocks, rebuilt here from
the rules), what is sent when, and the network rules."""

from urllib.parse import parse_qs

import pytest
from django.conf import settings

from federation.models import SentWebmention
from tests.factories import PostFactory
from tests.webserver import Reply

pytestmark = pytest.mark.django_db


def html(head: str = "", body: str = "") -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>A test</title>{head}</head>"
        f"<body><h1>A test</h1>{body}</body></html>"
    ).encode()


def publish(django_capture_on_commit_callbacks, author, body: str, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        return PostFactory(author=author, body=body, **fields)


def resave(django_capture_on_commit_callbacks, post, **changes):
    for name, value in changes.items():
        setattr(post, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        post.save()
    return post


def posts_to(server, path: str) -> list:
    return [r for r in server.requests if r.method == "POST" and r.path == path]


def form_of(request) -> dict:
    return {name: values[0] for name, values in parse_qs(request.body.decode()).items()}


# --- Discovery: the 23 cases ---------------------------------------------------------------------
# (page path, how the page answers, the endpoint path that must receive the webmention). The
# endpoint paths named "/wrong..." must receive nothing.
def discovery_cases(url):
    return [
        ("1 Link header, unquoted rel, relative URL", "/test/1",
         Reply(body=html(), headers={"Link": "</test/1/webmention?head=true>; rel=webmention"}),
         "/test/1/webmention?head=true"),
        ("2 Link header, unquoted rel, absolute URL", "/test/2",
         Reply(body=html(), headers={"Link": f"<{url('/test/2/webmention')}>; rel=webmention"}),
         "/test/2/webmention"),
        ("3 link element, relative URL", "/test/3",
         Reply(body=html('<link rel="webmention" href="/test/3/webmention">')),
         "/test/3/webmention"),
        ("4 link element, absolute URL", "/test/4",
         Reply(body=html(f'<link rel="webmention" href="{url("/test/4/webmention")}">')),
         "/test/4/webmention"),
        ("5 a element, relative URL", "/test/5",
         Reply(body=html(body='<a rel="webmention" href="/test/5/webmention">endpoint</a>')),
         "/test/5/webmention"),
        ("6 a element, absolute URL", "/test/6",
         Reply(body=html(body=f'<a rel="webmention" href="{url("/test/6/webmention")}">e</a>')),
         "/test/6/webmention"),
        ("7 Link header with strange casing", "/test/7",
         Reply(body=html(), headers={"LinK": "</test/7/webmention>; REL=\"webmention\""}),
         "/test/7/webmention"),
        ("8 Link header, quoted rel", "/test/8",
         Reply(body=html(), headers={"Link": '</test/8/webmention>; rel="webmention"'}),
         "/test/8/webmention"),
        ("9 several rel values on a link element", "/test/9",
         Reply(body=html('<link rel="webmention somethingelse" href="/test/9/webmention">')),
         "/test/9/webmention"),
        ("10 several rel values in a Link header", "/test/10",
         Reply(body=html(),
               headers={"Link": '</test/10/webmention>; rel="webmention somethingelse"'}),
         "/test/10/webmention"),
        ("11 Link header, link element and a element: the header wins", "/test/11",
         Reply(body=html('<link rel="webmention" href="/wrong11-link">',
                         '<a rel="webmention" href="/wrong11-a">e</a>'),
               headers={"Link": "</test/11/webmention>; rel=webmention"}),
         "/test/11/webmention"),
        ("12 rel must be webmention exactly", "/test/12",
         Reply(body=html('<link rel="not-webmention" href="/wrong12">'
                         '<link rel="webmention" href="/test/12/webmention">')),
         "/test/12/webmention"),
        ("13 an endpoint inside an HTML comment is no endpoint", "/test/13",
         Reply(body=html(body='<!-- <a rel="webmention" href="/wrong13">no</a> -->'
                              '<a rel="webmention" href="/test/13/webmention">yes</a>')),
         "/test/13/webmention"),
        ("14 an endpoint in escaped HTML is no endpoint", "/test/14",
         Reply(body=html(body='<code>&lt;a rel="webmention" href="/wrong14"&gt;&lt;/a&gt;</code>'
                              '<a rel="webmention" href="/test/14/webmention">yes</a>')),
         "/test/14/webmention"),
        ("15 an empty href is the page itself", "/test/15",
         Reply(body=html('<link rel="webmention" href="">')),
         "/test/15"),
        ("16 a element before link element: the first in the document wins", "/test/16",
         Reply(body=html(body='<a rel="webmention" href="/test/16/webmention">e</a>'
                              '<link rel="webmention" href="/wrong16">')),
         "/test/16/webmention"),
        ("17 link element before a element", "/test/17",
         Reply(body=html('<link rel="webmention" href="/test/17/webmention">',
                         '<a rel="webmention" href="/wrong17">e</a>')),
         "/test/17/webmention"),
        ("18 several Link headers", "/test/18",
         Reply(body=html(), headers={"Link": '</wrong18>; rel="other"',
                                     "link": '</test/18/webmention>; rel="webmention"'}),
         "/test/18/webmention"),
        ("19 one Link header with several values", "/test/19",
         Reply(body=html(),
               headers={"Link": '</wrong19>; rel="other", </test/19/webmention>; rel=webmention'}),
         "/test/19/webmention"),
        ("20 a link element without href is passed over", "/test/20",
         Reply(body=html('<link rel="webmention">',
                         '<a rel="webmention" href="/test/20/webmention">e</a>')),
         "/test/20/webmention"),
        ("21 the endpoint's query string is kept", "/test/21",
         Reply(body=html('<link rel="webmention" href="/test/21/webmention?query=yes">')),
         "/test/21/webmention?query=yes"),
        ("22 an endpoint relative to the page's path", "/test/22",
         Reply(body=html('<link rel="webmention" href="22/webmention">')),
         "/test/22/webmention"),
        ("23 the page redirects and the endpoint is relative to where it lands", "/test/23/page",
         Reply(status=302, headers={"Location": "/test/23/page/final"}),
         "/test/23/page/webmention-endpoint"),
    ]  # fmt: skip


CASE_NAMES = [case[0] for case in discovery_cases(lambda path: path)]


@pytest.mark.parametrize("case", range(23), ids=CASE_NAMES)
def test_endpoint_discovery(
    case, web_server, federation_on, author, django_capture_on_commit_callbacks
):
    _name, page_path, reply, endpoint_path = discovery_cases(web_server.url)[case]
    web_server.route(page_path, handler=lambda request: reply)
    if page_path == "/test/23/page":  # where the redirect lands
        web_server.route(
            "/test/23/page/final",
            body=html('<link rel="webmention" href="webmention-endpoint">'),
        )
    endpoint = endpoint_path.split("?")[0]
    if endpoint != page_path:
        web_server.route(endpoint, status=202, body=b"Accepted")
    post = publish(
        django_capture_on_commit_callbacks,
        author,
        f"Read [this test]({web_server.url(page_path)}).",
    )
    sent = posts_to(web_server, endpoint_path)
    assert len(sent) == 1, [(r.method, r.path) for r in web_server.requests]
    assert form_of(sent[0]) == {
        "source": settings.SITE_URL + post.get_absolute_url(),
        "target": web_server.url(page_path),
    }
    assert sent[0].headers["content-type"] == "application/x-www-form-urlencoded"
    assert not [r for r in web_server.requests if r.path.startswith("/wrong")]
    if endpoint != page_path:
        assert SentWebmention.objects.get().result == SentWebmention.Result.SENT


# --- What is sent when -----------------------------------------------------------------------
@pytest.fixture
def linked_site(web_server):
    for path in ("/a", "/b"):
        web_server.route(path, body=html(f'<link rel="webmention" href="/endpoint{path}">'))
        web_server.route(f"/endpoint{path}", status=202)
    return web_server


def test_an_unchanged_post_sends_nothing_twice(
    linked_site, federation_on, author, django_capture_on_commit_callbacks
):
    body = f"[A]({linked_site.url('/a')}) and [B]({linked_site.url('/b')})."
    post = publish(django_capture_on_commit_callbacks, author, body)
    assert (
        len(posts_to(linked_site, "/endpoint/a")) == len(posts_to(linked_site, "/endpoint/b")) == 1
    )
    resave(django_capture_on_commit_callbacks, post)
    resave(django_capture_on_commit_callbacks, post, allow_comments=False)
    assert len(posts_to(linked_site, "/endpoint/a")) == 1
    assert len(posts_to(linked_site, "/endpoint/b")) == 1


def test_an_updated_post_tells_its_links_again(
    linked_site, federation_on, author, django_capture_on_commit_callbacks
):
    post = publish(django_capture_on_commit_callbacks, author, f"[A]({linked_site.url('/a')}).")
    resave(django_capture_on_commit_callbacks, post, body=f"Now [A]({linked_site.url('/a')}) more.")
    assert len(posts_to(linked_site, "/endpoint/a")) == 2


def test_a_link_taken_out_is_told_once_more_and_then_never(
    linked_site, federation_on, author, django_capture_on_commit_callbacks
):
    body = f"[A]({linked_site.url('/a')}) and [B]({linked_site.url('/b')})."
    post = publish(django_capture_on_commit_callbacks, author, body)
    resave(django_capture_on_commit_callbacks, post, body=f"Only [A]({linked_site.url('/a')}).")
    assert len(posts_to(linked_site, "/endpoint/b")) == 2
    assert not SentWebmention.objects.get(target=linked_site.url("/b")).linked
    resave(django_capture_on_commit_callbacks, post, body=f"Only [A]({linked_site.url('/a')})!")
    assert len(posts_to(linked_site, "/endpoint/b")) == 2
    assert len(posts_to(linked_site, "/endpoint/a")) == 3


def test_an_unpublished_post_tells_every_link_once(
    linked_site, federation_on, author, django_capture_on_commit_callbacks
):
    post = publish(django_capture_on_commit_callbacks, author, f"[A]({linked_site.url('/a')}).")
    resave(django_capture_on_commit_callbacks, post, status="draft")
    resave(django_capture_on_commit_callbacks, post, title="Still a draft")
    assert len(posts_to(linked_site, "/endpoint/a")) == 2


def test_links_within_the_blog_are_not_sent(
    linked_site, federation_on, author, django_capture_on_commit_callbacks
):
    publish(django_capture_on_commit_callbacks, author,
            f"[Home]({settings.SITE_URL}/) and [about](/about/).")  # fmt: skip
    assert linked_site.requests == [] and not SentWebmention.objects.exists()


def test_with_federation_off_nothing_is_sent(
    linked_site, federation_off, author, django_capture_on_commit_callbacks
):
    publish(django_capture_on_commit_callbacks, author, f"[A]({linked_site.url('/a')}).")
    assert linked_site.requests == [] and not SentWebmention.objects.exists()


def test_a_page_with_only_a_pingback_server_is_not_pinged(
    web_server, federation_on, author, django_capture_on_commit_callbacks
):
    web_server.route(
        "/wp", body=html('<link rel="pingback" href="/xmlrpc.php">'),
        headers={"X-Pingback": web_server.url("/xmlrpc.php")},
    )  # fmt: skip
    publish(django_capture_on_commit_callbacks, author, f"[WP]({web_server.url('/wp')}).")
    assert [r.path for r in web_server.requests] == ["/wp"]
    assert SentWebmention.objects.get().result == SentWebmention.Result.NO_ENDPOINT


def test_an_endpoint_that_refuses_is_recorded_with_its_answer(
    web_server, federation_on, author, django_capture_on_commit_callbacks
):
    web_server.route("/p", body=html('<link rel="webmention" href="/wm">'))
    web_server.route("/wm", status=400, body=b"Source does not link to target",
                     content_type="text/plain")  # fmt: skip
    publish(django_capture_on_commit_callbacks, author, f"[P]({web_server.url('/p')}).")
    row = SentWebmention.objects.get()
    assert row.result == SentWebmention.Result.REJECTED and row.response_status == 400
    assert "does not link" in row.detail


# --- The network rules ---------------------------------------------------------------------
def test_a_link_to_a_private_address_is_never_fetched(
    federation_on, author, django_capture_on_commit_callbacks
):
    publish(django_capture_on_commit_callbacks, author, "[Router](http://192.168.0.1/admin).")
    row = SentWebmention.objects.get()
    assert row.result == SentWebmention.Result.FAILED and "private" in row.detail


def test_an_endpoint_at_a_private_address_is_not_posted_to(
    web_server, federation_on, author, django_capture_on_commit_callbacks
):
    web_server.route("/p", body=html(), headers={"Link": '<http://10.0.0.9/wm>; rel="webmention"'})
    publish(django_capture_on_commit_callbacks, author, f"[P]({web_server.url('/p')}).")
    row = SentWebmention.objects.get()
    assert row.result == SentWebmention.Result.FAILED and row.endpoint == "http://10.0.0.9/wm"
    assert "private" in row.detail


def test_a_link_redirecting_to_a_private_address_is_not_followed(
    web_server, federation_on, author, django_capture_on_commit_callbacks
):
    web_server.redirect("/go", "http://169.254.169.254/latest/meta-data/")
    publish(django_capture_on_commit_callbacks, author, f"[Go]({web_server.url('/go')}).")
    assert SentWebmention.objects.get().result == SentWebmention.Result.FAILED


def test_an_oversized_linked_page_is_not_read(
    web_server, federation_on, author, settings, django_capture_on_commit_callbacks
):
    settings.WEBMENTION_MAX_BYTES = 20_000
    web_server.route("/big", body=html('<link rel="webmention" href="/wm">', "x" * 30_000),
                     content_length=False)  # fmt: skip
    web_server.route("/wm", status=202)
    publish(django_capture_on_commit_callbacks, author, f"[Big]({web_server.url('/big')}).")
    assert posts_to(web_server, "/wm") == []
    assert "larger" in SentWebmention.objects.get().detail


def test_a_slow_linked_page_is_given_up(
    web_server, federation_on, author, settings, django_capture_on_commit_callbacks
):
    settings.WEBMENTION_TIMEOUT = 1.0
    web_server.route("/slow", body=html('<link rel="webmention" href="/wm">', "y" * 500),
                     chunks=5, chunk_delay=0.4)  # fmt: skip
    web_server.route("/wm", status=202)
    publish(django_capture_on_commit_callbacks, author, f"[Slow]({web_server.url('/slow')}).")
    assert posts_to(web_server, "/wm") == []
    assert SentWebmention.objects.get().result == SentWebmention.Result.FAILED
