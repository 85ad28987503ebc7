"""What every response tells the browser: CSP, framing, referrer, features, HSTS, cookies."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
def test_every_page_sends_a_content_security_policy_without_inline_script(client, post):
    for url in ["/", post.get_absolute_url(), reverse("admin:login")]:
        csp = directives(client.get(url))
        assert csp["default-src"] == ["'self'"]
        assert "'unsafe-inline'" not in csp["script-src"]
        assert "'unsafe-eval'" not in csp["script-src"]
        assert "'unsafe-inline'" not in csp["style-src"]
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["img-src"] == ["'self'", "data:"]
        assert csp["form-action"][0] == "'self'"


@pytest.mark.django_db
def test_a_nonce_is_in_the_policy_only_when_the_page_uses_it_and_matches_the_page(client):
    home = client.get("/")
    assert "nonce-" not in home.headers["Content-Security-Policy"]  # no inline script there
    login = client.get(reverse("admin:login"))
    nonce = next(v for v in directives(login)["script-src"] if v.startswith("'nonce-"))
    assert f'nonce="{nonce[7:-1]}"' in login.content.decode()
    other = client.get(reverse("admin:login"))
    assert directives(other)["script-src"] != directives(login)["script-src"]  # fresh each time


def test_form_action_allows_each_sign_in_providers_authorization_page():
    """POST /login/<backend>/ answers with a redirect to the provider, which Chromium checks
    against form-action; the allowed origins must follow social-core's addresses."""
    from social_core.backends.facebook import FacebookOAuth2
    from social_core.backends.google import GoogleOAuth2
    from social_core.backends.twitter_oauth2 import TwitterOAuth2

    form_action = settings.SECURE_CSP["form-action"]
    for backend in [GoogleOAuth2, TwitterOAuth2, FacebookOAuth2]:
        parts = urlsplit(backend.AUTHORIZATION_URL)
        assert f"{parts.scheme}://{parts.netloc}" in form_action, backend.name
        assert settings.SOCIAL_AUTH_AUTHORIZATION_ORIGINS[backend.name] in form_action


@pytest.mark.django_db
def test_pages_refuse_framing_and_limit_referrer_and_browser_features(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response.headers["Permissions-Policy"]
    for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"]:
        assert feature in policy


@pytest.mark.django_db
def test_https_responses_carry_hsts_when_it_is_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_cookies_are_secure_and_the_session_cookie_is_http_only_in_production():
    # Tests run with DEBUG off, i.e. the production values.
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY


@pytest.mark.django_db
def test_signing_in_sets_a_secure_http_only_session_cookie(client, author):
    client.get(reverse("admin:login"))
    response = client.post(
        reverse("admin:login"),
        {"username": "writer", "password": "correct horse battery staple", "next": "/admin/"},
    )
    assert response.status_code == 302
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
    csrf_cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf_cookie["secure"]


def _settings_in_a_fresh_process(code: str, **env) -> subprocess.CompletedProcess:
    # A deployment's environment: none of the test run's overrides (the browser tests' async
    # switch included, which check --deploy rightly refuses).
    test_only = ("SECURE_", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    base = {k: v for k, v in os.environ.items() if not k.startswith(test_only)}
    base.update({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "blog.example.com", **env})
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_check_deploy_without_a_warning():
    # A deployment's environment: none of the test run's overrides (the browser tests' async
    # switch included, which check --deploy rightly refuses).
    test_only = ("SECURE_", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    base = {k: v for k, v in os.environ.items() if not k.startswith(test_only)}
    base.update(
        {
            "SECRET_KEY": "k" * 60 + "Zq9-Xy7",
            "ALLOWED_HOSTS": "blog.example.com",
            "SITE_URL": "https://blog.example.com",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_turn_on_https_redirects_and_a_year_of_hsts():
    result = _settings_in_a_fresh_process(
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD)"
    )
    assert result.stdout.split() == ["True", "31536000", "True"], result.stderr


def test_csrf_trusted_origins_come_from_the_environment():
    result = _settings_in_a_fresh_process(
        "from django.conf import settings as s; print(' '.join(s.CSRF_TRUSTED_ORIGINS))",
        CSRF_TRUSTED_ORIGINS="https://blog.example.com, https://www.blog.example.com",
    )
    assert result.stdout.split() == ["https://blog.example.com", "https://www.blog.example.com"]
