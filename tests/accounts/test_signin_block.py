"""The sign-in block under "Leave a Reply": buttons for anonymous readers, who is signed in else."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.template import engines
from django.test import RequestFactory

from tests.factories import ReaderFactory, UserFactory

pytestmark = pytest.mark.django_db

NEXT = "/2015/10/27/syria-aleppo-offensive/#respond"


def render_block(user=None, next_url=NEXT) -> str:
    """Render the block as the comments section includes it."""
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/2015/10/27/syria-aleppo-offensive/")
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    template = engines["django"].from_string(
        '{% include "accounts/signin_block.html" with next=back %}'
    )
    return template.render({"back": next_url}, request)


def test_anonymous_reader_gets_one_labelled_post_button_per_configured_provider(providers):
    html = render_block()

    for backend, label, icon in [
        ("google-oauth2", "Google", "google.svg"),
        ("twitter-oauth2", "X (Twitter)", "x.svg"),
        ("facebook", "Facebook", "facebook.svg"),
    ]:
        assert f'action="/login/{backend}/"' in html
        assert f'<span class="visually-hidden">Sign in with </span>{label}</button>' in html
        assert f'src="/static/img/social/{icon}"' in html
        assert f'data-connecting="Connecting to {label}…"' in html
    assert html.count('method="post"') == 3
    # No token: the block is on cached pages; the begin view checks the Origin (core/csrf.py).
    assert "csrfmiddlewaretoken" not in html
    assert html.count(f'name="next" value="{NEXT}"') == 3
    assert '<script src="/static/js/signin.js" defer></script>' in html
    assert "<script>" not in html  # no inline script: CSP forbids it


def test_only_providers_with_keys_get_a_button(settings, no_providers):
    settings.SOCIAL_AUTH_FACEBOOK_KEY = "id"
    settings.SOCIAL_AUTH_FACEBOOK_SECRET = "secret"
    settings.SOCIAL_AUTH_GOOGLE_OAUTH2_KEY = "id-but-no-secret"

    html = render_block()

    assert 'action="/login/facebook/"' in html
    assert "google" not in html
    assert "twitter" not in html


def test_without_any_keys_there_are_no_buttons_and_no_script(no_providers):
    html = render_block()

    assert "<form" not in html
    assert "signin.js" not in html


def test_icons_are_our_own_static_files_and_nothing_is_loaded_from_elsewhere(providers):
    import re

    from django.contrib.staticfiles import finders

    html = render_block()

    sources = re.findall(r'src="([^"]+)"', html)
    assert len(sources) == 4  # three icons and the script
    assert all(source.startswith("/static/") for source in sources)
    for source in sources:
        assert finders.find(source.removeprefix("/static/")), source


def test_a_social_reader_sees_which_account_and_log_out_change(providers):
    reader = ReaderFactory(auth_provider="facebook")

    html = render_block(reader)

    assert "You are commenting using your Facebook account." in html
    assert ">Log Out</button>" in html
    assert ">Change</button>" in html
    assert html.count('action="/account/logout/"') == 2
    assert 'name="change" value="1"' in html
    assert "/login/" not in html


def test_staff_signed_in_with_a_password_see_their_name_and_log_out(providers):
    editor = UserFactory(display_name="The Editor", is_staff=True, auth_provider="")

    html = render_block(editor)

    assert "You are commenting as <strong>The Editor</strong>." in html
    assert ">Log Out</button>" in html
    assert ">Change</button>" not in html


def test_a_hostile_display_name_is_escaped():
    user = UserFactory(display_name='<img src=x onerror="alert(1)">', auth_provider="")

    html = render_block(user)

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_a_hostile_next_is_replaced_by_the_current_page(providers):
    html = render_block(next_url='https://evil.example/"><script>')

    assert "evil.example" not in html
    assert 'name="next" value="/2015/10/27/syria-aleppo-offensive/"' in html


def test_the_avatar_shows_when_the_reader_has_one(providers, settings):
    from django.core.files.base import ContentFile

    from tests.factories import jpeg_bytes

    reader = ReaderFactory()
    reader.avatar.save("r.jpg", ContentFile(jpeg_bytes()), save=True)

    assert f'src="{reader.avatar.url}"' in render_block(reader)


def test_log_out_signs_out_and_returns_to_the_post(client, providers):
    client.force_login(ReaderFactory())

    response = client.post("/account/logout/", {"next": NEXT})

    assert response.status_code == 302
    assert response["Location"] == NEXT
    assert "_auth_user_id" not in client.session
    assert "You are signed out." in client.get("/account/").content.decode()


def test_change_signs_out_and_shows_the_buttons_again(client, providers):
    client.force_login(ReaderFactory())

    response = client.post("/account/logout/", {"next": NEXT, "change": "1"})

    assert response["Location"] == NEXT
    page = client.get("/account/").content.decode()
    assert "choose the account to comment with" in page
    assert 'action="/login/google-oauth2/"' in page


def test_log_out_is_post_only_and_needs_the_csrf_token(providers):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(ReaderFactory())

    assert csrf_client.get("/account/logout/").status_code == 405
    assert csrf_client.post("/account/logout/", {"next": NEXT}).status_code == 403
    assert "_auth_user_id" in csrf_client.session


def test_log_out_from_a_page_of_this_site_needs_no_token_and_from_another_site_is_refused(
    providers, post
):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(ReaderFactory())
    page = browser.get(post.get_absolute_url())
    block = page.content.decode().split('class="signin-block"')[1].split("</form>")[0]
    assert 'action="/account/logout/"' in block
    assert "csrfmiddlewaretoken" not in block
    assert "csrftoken" not in page.cookies

    elsewhere = browser.post("/account/logout/", {"next": NEXT}, HTTP_ORIGIN="https://evil.example")
    assert elsewhere.status_code == 403
    assert "_auth_user_id" in browser.session

    here = browser.post("/account/logout/", {"next": NEXT}, HTTP_ORIGIN="http://testserver")
    assert here.status_code == 302
    assert "_auth_user_id" not in browser.session


def test_the_post_page_still_works_for_anonymous_readers_without_keys(client, no_providers, post):
    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    assert "Leave a Reply" in response.content.decode()


def test_signin_providers_command_says_when_none_is_configured(no_providers, capsys):
    from django.core.management import call_command

    call_command("signin_providers")

    assert "no sign-in provider keys are set" in capsys.readouterr().out


def test_signin_providers_command_lists_each_provider(providers, settings, capsys):
    from django.core.management import call_command

    settings.SOCIAL_AUTH_FACEBOOK_SECRET = ""
    call_command("signin_providers")

    out = capsys.readouterr().out
    assert "Sign-in with Google: on" in out
    assert "Sign-in with Facebook: off (set SOCIAL_AUTH_FACEBOOK_KEY" in out
