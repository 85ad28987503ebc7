"""The database under strain: SQLite in WAL mode with a busy timeout; a lost connection is a
styled 503, not a 500."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def run_in_fresh_process(code: str, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    base.update({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "testserver", **env})
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_a_sqlite_file_database_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    result = run_in_fresh_process(
        "from django.db import connection; cursor = connection.cursor(); "
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0]); "
        "print(cursor.execute('PRAGMA busy_timeout').fetchone()[0])",
        DATABASE_URL=f"sqlite:///{tmp_path}/blog.sqlite3",
    )
    assert result.stdout.split() == ["wal", "10000"], result.stderr


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the SQLite test connection")
@pytest.mark.django_db
def test_the_test_database_gets_the_same_options():
    assert connection.settings_dict["OPTIONS"]["timeout"] == 10
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def lost_connection(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db
def test_a_lost_database_connection_answers_503_with_a_styled_page(post):
    client = Client(raise_request_exception=False)
    address = post.get_absolute_url()  # asks the blog's permalink settings: before the loss
    with connection.execute_wrapper(lost_connection):
        response = client.get(address)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    html = response.content.decode()
    assert "The blog is briefly unavailable" in html
    assert "<style nonce=" in html  # styled, and allowed by the CSP
    assert "server closed the connection" not in html  # no internals shown


@pytest.mark.django_db
def test_other_errors_are_still_a_500(monkeypatch):
    from blog import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.HomeView, "get_queryset", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_a_database_that_refuses_connections_answers_503():
    """A real refused connection: PostgreSQL on a closed port, from a fresh process."""
    result = run_in_fresh_process(
        "from django.test import Client; "
        "response = Client(raise_request_exception=False).get('/'); "
        "print(response.status_code, response.headers.get('Retry-After'))",
        DATABASE_URL="postgres://nobody@127.0.0.1:9/broadsheet",
        CONN_MAX_AGE="0",
    )
    assert result.stdout.split() == ["503", "30"], result.stderr[-2000:]
