"""``manage.py run_worker`` goes on after "database is locked" (a real lock on a real database
file, held by another connection while the worker starts) and after PostgreSQL cuts its
connection (``pg_terminate_backend``), and the queued e-mail is still sent."""

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The project's settings with a 1 s SQLite busy timeout (20 s in production), so the lock below
# is felt in seconds.
SETTINGS = """from config.settings import *  # noqa: F403
DATABASES["default"]["OPTIONS"]["timeout"] = 1  # noqa: F405
"""
ENQUEUE = (
    "from subscriptions.tasks import deliver; "
    "print(deliver.enqueue('moderation', 'mod@example.org', {'comment': 1}).id)"
)


@pytest.fixture
def worker_env(tmp_path):
    (tmp_path / "worker_settings.py").write_text(SETTINGS)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "worker_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DEBUG": "1",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    manage(env, "migrate", "--no-input", "-v0")
    return env


def manage(env, *args, **kwargs):
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True, **kwargs)


def task_status(env, task_id: str) -> str:
    database = sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///"))
    try:
        query = "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?"
        return database.execute(query, [task_id.replace("-", "")]).fetchone()[0]
    finally:
        database.close()


def start_worker(env) -> tuple[subprocess.Popen, list[str]]:
    """The worker, running its loop, and the lines it has printed so far (read as they come)."""
    options = ["--max-tasks", "1", "--interval", "0.2", "--no-startup-delay", "--no-reload"]
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "run_worker", *options, "--max-backoff", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(worker.stdout), daemon=True).start()
    deadline = time.monotonic() + 30
    while not any("Starting worker" in line for line in lines):
        assert worker.poll() is None and time.monotonic() < deadline, lines
        time.sleep(0.1)
    return worker, lines


def test_the_worker_waits_out_a_locked_database_and_then_runs_the_next_task(worker_env):
    worker, lines = start_worker(worker_env)
    try:
        lock = sqlite3.connect(worker_env["DATABASE_URL"].removeprefix("sqlite:///"))
        lock.isolation_level = None
        lock.execute("BEGIN EXCLUSIVE")  # another process writing for a long time
        try:
            # Held until the worker has met it (after its 1 s busy timeout) and waited once.
            deadline = time.monotonic() + 60
            while sum("database is locked" in line for line in lines) < 2:
                assert time.monotonic() < deadline, "".join(lines)
                time.sleep(0.1)
            assert worker.poll() is None, "".join(lines)  # db_worker has exited by now
        finally:
            lock.execute("COMMIT")
            lock.close()
        task_id = manage(worker_env, "shell", "-c", ENQUEUE).stdout.split()[-1]
        assert worker.wait(timeout=60) == 0, "".join(lines)  # --max-tasks 1: it ran the task
    finally:
        if worker.poll() is None:
            worker.kill()
    assert task_status(worker_env, task_id) == "SUCCESSFUL"


# --- PostgreSQL: the worker's connection is cut (a restart, a failover, an idle-session kill) --
PG_SETTINGS = """from config.settings import *  # noqa: F403
MAILERS = {{"default": {{"BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                         "OPTIONS": {{"file_path": {outbox!r}}}}}}}
"""


def backend_pids(application_name: str) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [application_name]
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="PostgreSQL only"
)
def test_the_worker_outlives_its_postgresql_connection_and_sends_the_queued_email(
    transactional_db, tmp_path, post
):
    from django.db import connection

    from comments.models import Comment
    from tests.factories import CommentFactory

    comment = CommentFactory(post=post, status=Comment.Status.PENDING, body="Held for a look.")
    outbox = tmp_path / "outbox"
    (tmp_path / "pg_worker_settings.py").write_text(PG_SETTINGS.format(outbox=str(outbox)))
    database = connection.settings_dict
    application_name = f"broadsheet-worker-test-{os.getpid()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pg_worker_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        # The test database, which this test commits to (transactional_db).
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT'] or 5432}"
            f"/{database['NAME']}"
        ),
        "PGAPPNAME": application_name,  # libpq names the worker's connection so
        "PGPASSWORD": database["PASSWORD"] or "",
        "DEBUG": "1",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    worker, lines = start_worker(env)
    try:
        deadline = time.monotonic() + 30
        while not backend_pids(application_name):
            assert worker.poll() is None and time.monotonic() < deadline, "".join(lines)
            time.sleep(0.1)
        # Cut its connection again and again for a few seconds, so that some cuts come while it
        # is in the middle of a query (between them, Django's health check reconnects).
        cut_until = time.monotonic() + 4
        while time.monotonic() < cut_until and worker.poll() is None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = %s",
                    [application_name],
                )
            time.sleep(0.01)
        time.sleep(1)
        assert worker.poll() is None, "".join(lines)  # db_worker has exited by now
        enqueue = (
            "from subscriptions.tasks import deliver; "
            f"deliver.enqueue('moderation', 'mod@example.org', {{'comment': {comment.pk}}})"
        )
        manage(env, "shell", "-c", enqueue)
        assert worker.wait(timeout=60) == 0, "".join(lines)  # --max-tasks 1: it ran the task
    finally:
        if worker.poll() is None:
            worker.kill()
    messages = [path.read_text() for path in outbox.iterdir()]
    assert len(messages) == 1
    assert "mod@example.org" in messages[0]
    assert "Held for a look." in messages[0]
