import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import database_from_url, env_bool

ROOT = Path(__file__).resolve().parents[2]


def test_sqlite_url_is_relative_to_the_project():
    db = database_from_url("sqlite:///db.sqlite3", base_dir=Path("/srv/blog"))
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == "/srv/blog/db.sqlite3"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_sqlite_url_may_be_absolute():
    assert (
        database_from_url("sqlite:////var/db.sqlite3", base_dir=ROOT)["NAME"] == "/var/db.sqlite3"
    )


def test_postgres_url_is_split_into_parts():
    db = database_from_url("postgres://me:s%40cret@db.internal:5433/blog", base_dir=ROOT)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "me",
        "s@cret",
        "db.internal",
        "5433",
        "blog",
    )


def test_unknown_database_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="not supported"):
        database_from_url("mysql://x/y", base_dir=ROOT)


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG")


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
