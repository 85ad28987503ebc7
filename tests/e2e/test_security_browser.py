"""In Chromium: no payload of the corpus runs on any page (with the CSP switched off, so the
escaping is what is tested); the CSP blocks inline script without the nonce; the admin works
under the CSP; form-action governs the redirect after a form post (what social sign-in needs)."""

import os

import pytest
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from blog.models import Blog
from tests.factories import CategoryFactory, PageFactory, PostFactory, TagFactory, UserFactory
from tests.security.xss_payloads import PAYLOADS

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_page(new_page, settings):
    """Call it once the test's rows exist: it returns a page of the shared Chromium that records
    the dialogs it opens and the CSP's complaints."""
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]

    def start():
        page = new_page()
        page.set_default_timeout(15_000)
        page.fired = []  # dialogs opened and CSP complaints, as they happen
        page.csp_violations = []
        page.on("dialog", lambda dialog: (page.fired.append(dialog.message), dialog.dismiss()))
        page.on(
            "console",
            lambda message: (
                page.csp_violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return page

    return start


INSPECT_DOM = """() => {
  const all = [...document.querySelectorAll('*')];
  const handlers = all.flatMap(el => [...el.attributes].filter(a => a.name.startsWith('on'))
                                                     .map(a => el.tagName + ' ' + a.name));
  const risky = 'a[href], area[href], form[action], iframe, embed, object';
  const links = [...document.querySelectorAll(risky)]
    .filter(el => /^(javascript|data|vbscript):/i.test(
      el.href || el.action || el.src || el.data || 'x:'))
    .map(el => el.outerHTML.slice(0, 80));
  // The site's own files (comments.js, signin.js, the JavaScript catalog of our texts) and
  // JSON-LD data blocks are expected.
  const own = [location.origin + '/static/', location.origin + '/jsi18n/'];
  const scripts = [...document.scripts]
    .filter(s => !own.some(prefix => s.src.startsWith(prefix)) && s.type !== 'application/ld+json')
    .map(s => s.outerHTML.slice(0, 120));
  return {xss: window.__xss === 1, scripts,
          frames: document.querySelectorAll('iframe, frame, embed, object').length,
          handlers, links};
}"""


def assert_nothing_ran(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    page.mouse.move(5, 5)
    page.mouse.move(400, 400)  # hover-triggered payloads get their chance
    found = page.evaluate(INSPECT_DOM)
    assert not page.fired, f"a dialog opened on {url}: {page.fired}"
    assert found == {"xss": False, "scripts": [], "frames": 0, "handlers": [], "links": []}, url


def test_no_payload_runs_in_any_field_of_the_public_pages_even_without_the_csp(
    open_page, live_server, settings
):
    settings.SECURE_CSP = {}  # escaping alone must hold
    settings.BLOG_POSTS_PER_PAGE = 1000
    writer = UserFactory(username="writer", is_staff=True, display_name=PAYLOADS[0])
    Blog.objects.create(name=PAYLOADS[1], tagline=PAYLOADS[2])
    categories = [CategoryFactory(name=p[:100], slug=f"c{n}") for n, p in enumerate(PAYLOADS)]
    tags = [TagFactory(name=p[:100], slug=f"t{n}") for n, p in enumerate(PAYLOADS)]
    posts = [
        PostFactory(author=writer, title=p, excerpt=p, body=p, slug=f"p{n}")
        for n, p in enumerate(PAYLOADS)
    ]
    everything = PostFactory(
        author=writer,
        title="All of them",
        slug="all",
        body="\n\n".join(PAYLOADS),
        categories=categories,
        tags=tags,
    )
    PageFactory(title=PAYLOADS[3], slug="about", body="\n\n".join(PAYLOADS))
    for n, payload in enumerate(PAYLOADS[4:20]):
        PageFactory(title=payload, slug=f"page{n}", body=payload)

    urls = ["/", "/about/", "/author/writer/", "/category/c5/", "/tag/t7/"]
    urls += [everything.get_absolute_url(), *(post.get_absolute_url() for post in posts)]
    page = open_page()
    for url in urls:
        assert_nothing_ran(page, live_server.url + url)


def inline_scripts(request):
    nonce = request._csp_nonce
    return HttpResponse(
        "<!doctype html><title>t</title>"
        "<script>window.withoutNonce = true</script>"
        f'<script nonce="{nonce}">window.withNonce = true</script>'
        '<img src="https://images.example.net/x.png" alt="">'
    )


def a_form(request):
    return HttpResponse(
        '<!doctype html><title>form</title><form method="post" action="/go/">'
        '<button id="send">Send</button></form>'
    )


@csrf_exempt
def go(request):
    """Like social-auth's POST /login/<backend>/: answer with a redirect to another origin."""
    return HttpResponseRedirect(request.GET.get("to") or os.environ["FORM_REDIRECT_TO"])


def landed(request):
    return HttpResponse("<!doctype html><title>landed</title><p id=landed>Landed</p>")


urlpatterns = [
    path("inline/", inline_scripts),
    path("form/", a_form),
    path("go/", go),
    path("landed/", landed),
]


@pytest.mark.urls(__name__)
def test_the_csp_runs_only_inline_script_carrying_the_nonce_and_no_outside_images(
    open_page, live_server
):
    browser_page = open_page()
    browser_page.goto(live_server.url + "/inline/")
    assert browser_page.evaluate("window.withNonce") is True
    assert browser_page.evaluate("window.withoutNonce") is None
    assert any("script-src" in text for text in browser_page.csp_violations)
    assert any("img-src" in text for text in browser_page.csp_violations)


@pytest.mark.urls(__name__)
def test_form_action_also_governs_the_redirect_after_a_form_post_in_chromium(
    open_page, live_server, settings, monkeypatch
):
    """Why SECURE_CSP's form-action lists the sign-in providers: Chromium refuses to follow a
    form post's redirect to an origin that form-action does not allow."""
    port = live_server.url.rsplit(":", 1)[1]
    own, other = live_server.url, f"http://127.0.0.1:{port}"
    if "127.0.0.1" in own:
        other = f"http://localhost:{port}"
    monkeypatch.setenv("FORM_REDIRECT_TO", f"{other}/landed/")

    browser_page = open_page()
    browser_page.goto(own + "/form/")
    browser_page.click("#send")
    browser_page.wait_for_timeout(1500)
    assert browser_page.locator("#landed").count() == 0
    assert any("form-action" in text for text in browser_page.csp_violations)

    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": ["'self'", other]}
    browser_page.goto(own + "/form/")
    with browser_page.expect_navigation(url=f"{other}/landed/"):
        browser_page.click("#send")
    assert browser_page.locator("#landed").count() == 1


def test_the_admin_works_under_the_csp(open_page, live_server):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    page = open_page()
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + "/admin/blog/post/add/")
    page.fill("#id_title", "Written under a strict policy")
    page.locator("#id_body").click()
    # The slug is filled in by the admin's prepopulate script: it ran.
    assert page.input_value("#id_slug") == "written-under-a-strict-policy"
    page.fill("#id_body", "Every script and style from this origin, with the nonce.")
    page.get_by_role("button", name="Save draft").click()  # unsaved text would make leaving ask
    page.wait_for_url("**/change/")
    page.goto(live_server.url + "/admin/blog/post/")
    page.goto(live_server.url + "/admin/blog/category/add/")
    assert page.csp_violations == []


def test_no_payload_runs_from_any_comment_field_or_display_name_even_without_the_csp(
    open_page, live_server, settings
):
    """Every payload as a comment's name, e-mail, website and body, and as a reader's display
    name: on the post page, in the moderation queue and on the reader's /account/ pages."""
    from django.conf import settings as django_settings
    from django.test import Client

    from comments.models import Comment
    from comments.services import moderators_group

    settings.SECURE_CSP = {}  # escaping alone must hold
    settings.COMMENTS_PER_PAGE = 1000
    post = PostFactory(slug="discussed", title="Discussed")
    reader = UserFactory(username="hostile", display_name=PAYLOADS[5][:150])
    for number, payload in enumerate(PAYLOADS):
        for status in (Comment.Status.APPROVED, Comment.Status.PENDING):
            Comment.objects.create(
                post=post,
                author_name=payload[:100],
                author_email=payload[:254],
                author_url=payload[:300],
                body=payload,
                status=status,
                ip_address="192.0.2.1",
            )
        Comment.objects.create(
            post=post, user=reader, body=f"{number}: {payload}", status=Comment.Status.APPROVED
        )
    moderator = UserFactory(username="mod", is_staff=True)
    moderator.groups.add(moderators_group())  # this test's flushed database has no groups
    sessions = {}
    for user in (moderator, reader):
        client = Client()
        client.force_login(user)
        sessions[user.username] = client.cookies[django_settings.SESSION_COOKIE_NAME].value

    page = open_page()
    assert_nothing_ran(page, live_server.url + post.get_absolute_url())
    context = page.context
    for username, urls in {
        "mod": ["/moderation/"],
        "hostile": ["/account/", "/account/comments/"],
    }.items():
        context.clear_cookies()
        context.add_cookies(
            [{"name": django_settings.SESSION_COOKIE_NAME, "value": sessions[username],
              "url": live_server.url}]
        )  # fmt: skip
        for url in urls:
            assert_nothing_ran(page, live_server.url + url)
            assert "/admin/login/" not in page.url and "Sign in" not in page.title(), url
