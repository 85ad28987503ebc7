"""Start-up checks (core/checks.py): SITE_URL in production, and static files collected."""

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from core.checks import site_url, static_files_collected

# `check` includes the database checks.
pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
MANIFEST_STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def deploy_errors() -> str:
    """What ``manage.py check --deploy`` says about errors ("" when it has none)."""
    try:
        call_command("check", "--deploy", "--fail-level", "ERROR")
    except SystemCheckError as error:
        return str(error)
    return ""


# --- SITE_URL -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "error_id"),
    [
        ("", "core.E001"),
        ("blog.example.com", "core.E001"),  # no scheme: no host either
        ("http://127.0.0.1:8000", "core.E002"),  # the default when SITE_URL is not set
        ("https://localhost", "core.E002"),
        ("https://127.0.0.2", "core.E002"),
        ("https://[::1]:8443", "core.E002"),
        ("https://0.0.0.0", "core.E002"),
        ("https://blog.localhost", "core.E002"),
        ("http://blog.example.com", "core.E003"),
    ],
)
def test_check_deploy_fails_on_a_site_url_readers_cannot_use(settings, value, error_id):
    settings.DEBUG = False
    settings.SITE_URL = value
    assert [error.id for error in site_url()] == [error_id]
    assert error_id in deploy_errors()


@pytest.mark.parametrize("value", ["https://blog.example.com", "https://blog.example.com:8443"])
def test_an_https_public_site_url_passes(settings, value):
    settings.DEBUG = False
    settings.SITE_URL = value
    assert site_url() == []
    assert "core.E00" not in deploy_errors()


def test_development_may_use_the_loopback_default(settings):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert site_url() == []


def test_the_site_url_check_is_a_deploy_check_only(settings):
    settings.DEBUG = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    call_command("check", "--fail-level", "ERROR")  # plain `check` (tests, CI) is unaffected


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    test_only = ("SECURE_", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "SITE_URL")
    base = {k: v for k, v in os.environ.items() if not k.startswith(test_only)}
    base.update({"SECRET_KEY": "k" * 60 + "Zq9-Xy7", "ALLOWED_HOSTS": "blog.example.com", **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_check_deploy_in_production_without_site_url_says_to_set_it():
    result = _manage("check", "--deploy")
    assert result.returncode != 0
    assert "core.E002" in result.stderr
    assert "SITE_URL is http://127.0.0.1:8000" in result.stderr
    assert "SITE_URL=https://blog.example.com" in result.stderr


def test_check_deploy_in_production_with_its_https_address_has_no_error():
    result = _manage("check", "--deploy", SITE_URL="https://blog.example.com")
    assert result.returncode == 0, result.stderr


# --- Static files collected -----------------------------------------------------------------
def test_production_without_collectstatic_is_an_error(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = MANIFEST_STORAGE
    [error] = static_files_collected()
    assert error.id == "core.E004"
    assert "collectstatic" in error.hint


def test_after_collectstatic_the_static_check_passes(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = MANIFEST_STORAGE
    call_command("collectstatic", "--no-input", verbosity=0)
    assert static_files_collected() == []


def test_development_needs_no_collectstatic(settings, tmp_path):
    settings.DEBUG = True
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = MANIFEST_STORAGE
    assert static_files_collected() == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_refuses_to_start_before_collectstatic_with_one_clear_message(tmp_path):
    # The shipped gunicorn config and production settings; only STATIC_ROOT points at an empty
    # folder (the checkout's own staticfiles/ may have been collected).
    (tmp_path / "empty_static_settings.py").write_text(
        textwrap.dedent(f"""
            from config.settings import *  # noqa: F403
            STATIC_ROOT = {str(tmp_path / "staticfiles")!r}
        """)
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "SITE_URL"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "empty_static_settings",
            "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
            "SECRET_KEY": "k" * 60,
            "ALLOWED_HOSTS": "127.0.0.1",
            "GUNICORN_BIND": f"127.0.0.1:{_free_port()}",
            "WEB_CONCURRENCY": "1",
        }
    )
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    try:
        result = subprocess.run(
            [gunicorn, "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("gunicorn started serving without collected static files")
    assert result.returncode != 0
    assert result.stderr.count("Broadsheet cannot start") == 1
    assert "python manage.py collectstatic --no-input" in result.stderr
    assert "Listening at" not in result.stderr
