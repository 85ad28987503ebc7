"""A write that waits on another connection's lock gives up before gunicorn would kill the worker:
the reader gets a 503 with Retry-After and their comment back, and sending it again stores it
once. Real locks: ``LOCK TABLE ... IN EXCLUSIVE MODE`` from a second PostgreSQL connection, and
``BEGIN EXCLUSIVE`` on a real SQLite file from another connection."""

import json
import os
import re
import runpy
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.comments.conftest import comment_form
from tests.config.test_database import run_in_fresh_process

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = {"origin": "http://testserver"}
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def gunicorn_timeout() -> int:
    """The worker timeout deploy/gunicorn.conf.py gives without GUNICORN_TIMEOUT set."""
    saved = os.environ.pop("GUNICORN_TIMEOUT", None)
    try:
        return runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["timeout"]
    finally:
        if saved is not None:
            os.environ["GUNICORN_TIMEOUT"] = saved


def test_every_database_wait_ends_before_gunicorn_kills_the_worker():
    result = run_in_fresh_process(
        "from django.conf import settings; "
        "print(settings.DATABASE_LOCK_TIMEOUT, settings.DATABASE_STATEMENT_TIMEOUT)",
        DATABASE_URL="sqlite:///:memory:",
    )
    lock, statement = map(int, result.stdout.split())
    worker = gunicorn_timeout()
    # A request may wait for a lock twice (its comment, then its session) and still answer.
    assert 0 < 2 * lock < worker, (lock, worker)
    assert 0 < statement < worker, (statement, worker)
    assert lock < statement  # PostgreSQL: a lock wait is part of the statement's time


def test_the_timeouts_reach_a_sqlite_connection_and_a_postgresql_one(tmp_path):
    sqlite = run_in_fresh_process(
        "from django.db import connection; "
        "print(connection.cursor().execute('PRAGMA busy_timeout').fetchone()[0])",
        DATABASE_URL=f"sqlite:///{tmp_path}/blog.sqlite3",
        DATABASE_LOCK_TIMEOUT="7",
    )
    assert sqlite.stdout.split() == ["7000"], sqlite.stderr[-2000:]
    from config.env import database_from_url

    options = database_from_url(
        "postgres://me@db/blog?sslmode=require&options=-c%20search_path%3Dblog",
        base_dir=ROOT,
        lock_timeout=7,
        statement_timeout=15,
    )["OPTIONS"]
    assert options == {
        "sslmode": "require",
        "options": "-c search_path=blog -c lock_timeout=7s -c statement_timeout=15s",
    }


@on_postgres
@pytest.mark.django_db
def test_the_postgresql_connection_has_the_lock_and_statement_timeouts(settings):
    with connection.cursor() as cursor:
        cursor.execute("SHOW lock_timeout")
        lock = cursor.fetchone()[0]
        cursor.execute("SHOW statement_timeout")
        statement = cursor.fetchone()[0]
    assert lock == f"{settings.DATABASE_LOCK_TIMEOUT}s"
    assert statement == f"{settings.DATABASE_STATEMENT_TIMEOUT}s"


@pytest.fixture
def short_lock_timeout(monkeypatch):
    """This test's connection gives up on a lock after 1 s (10 s by default), reconnecting so
    that the option is sent as the site sends it: when the connection opens."""
    options = connection.settings_dict["OPTIONS"]
    monkeypatch.setitem(options, "options", "-c lock_timeout=1s -c statement_timeout=20s")
    connection.close()
    yield
    connection.close()


def assert_the_503_gives_the_comment_back(response, text):
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    html = response.content.decode()
    assert "please send it again" in html
    assert re.search(
        r"<textarea[^>]*name=\"comment\"[^>]*>" + re.escape(text) + "</textarea>", html
    )
    assert 'type="hidden" name="email" value="ada@example.org"' in html


@on_postgres
def test_a_comment_waiting_on_a_locked_table_is_a_503_that_gives_it_back(
    transactional_db, post, short_lock_timeout
):
    import psycopg

    settings_dict = connection.settings_dict
    other = psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        host=settings_dict["HOST"],
        port=settings_dict["PORT"] or 5432,
        password=settings_dict["PASSWORD"],
    )
    data = comment_form(post, comment="Written <b>while</b> the table was locked.")
    create_url = f"/comments/post/{post.pk}/"
    client = Client(raise_request_exception=False)
    released = threading.Event()
    try:
        other.execute(f"LOCK TABLE {Comment._meta.db_table} IN EXCLUSIVE MODE")
        # Without a lock timeout the request would wait: the lock goes after 15 s at most.
        threading.Timer(15, lambda: released.is_set() or other.rollback()).start()
        response = client.post(create_url, data, headers=ORIGIN)
    finally:
        released.set()
        other.rollback()
        other.close()
    assert_the_503_gives_the_comment_back(
        response, "Written &lt;b&gt;while&lt;/b&gt; the table was locked."
    )
    assert Comment.objects.count() == 0
    resent = client.post(create_url, data, headers=ORIGIN)  # the page's "Send again"
    assert resent.status_code == 302
    assert client.post(create_url, data, headers=ORIGIN).url == resent.url
    assert Comment.objects.count() == 1


SQLITE_LOCKED_COMMENT = """
import json, sqlite3
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
call_command("migrate", verbosity=0)
from comments.models import Comment
from tests.comments.conftest import form_timestamp
from tests.factories import PostFactory
post = PostFactory()
data = {"comment": "Written while the file was locked.", "author": "Ada Reader",
        "email": "ada@example.org", "url": "", "contact_phone": "", "notify": "",
        "ts": form_timestamp(post)}
client = Client(raise_request_exception=False)
lock = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
lock.execute("BEGIN EXCLUSIVE")  # another process writing for a long time
try:
    locked = client.post(f"/comments/post/{post.pk}/", data, headers={"origin": "http://testserver"})
finally:
    lock.execute("ROLLBACK")
stored_while_locked = Comment.objects.count()
resent = client.post(f"/comments/post/{post.pk}/", data, headers={"origin": "http://testserver"})
print(json.dumps({"status": locked.status_code, "retry_after": locked.headers.get("Retry-After"),
    "html": locked.content.decode(), "stored_while_locked": stored_while_locked,
    "resent": resent.status_code, "stored": Comment.objects.count()}))
"""


def test_a_comment_waiting_on_a_locked_sqlite_file_is_a_503_that_gives_it_back(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{SQLITE_LOCKED_COMMENT}"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": f"sqlite:///{tmp_path}/blog.sqlite3",
            "DATABASE_LOCK_TIMEOUT": "1",
            "ALLOWED_HOSTS": "testserver",
            "SECRET_KEY": "x" * 60,
            "SECURE_SSL_REDIRECT": "0",
            "CACHE_DIR": str(tmp_path / "cache"),
            "PAGE_CACHE": "0",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert (outcome["status"], outcome["retry_after"]) == (503, "30")
    assert "Written while the file was locked.</textarea>" in outcome["html"]
    assert outcome["stored_while_locked"] == 0
    assert (outcome["resent"], outcome["stored"]) == (302, 1)


def test_the_503_page_without_a_form_to_give_back_is_unchanged(db, post):
    from django.db import OperationalError

    def lost(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    client = Client(raise_request_exception=False)
    address = post.get_absolute_url()
    with connection.execute_wrapper(lost):
        response = client.get(address)
    assert response.status_code == 503
    assert "<form" not in response.content.decode()


def test_only_a_resendable_view_gives_its_post_back(db, post):
    """A sign-in POST that meets a lost connection gets the plain page, its fields unshown."""
    from django.db import OperationalError

    def lost(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(lost):
        response = client.post(
            reverse("admin:login"), {"username": "ada", "password": "not for the page"}
        )
    assert response.status_code == 503
    assert "not for the page" not in response.content.decode()
    with connection.execute_wrapper(lost):
        response = client.post(f"/comments/post/{post.pk}/", comment_form(post), headers=ORIGIN)
    assert response.status_code == 503
    assert "A thoughtful comment.</textarea>" in response.content.decode()
