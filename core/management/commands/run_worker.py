"""``manage.py run_worker``: django-tasks-db's ``db_worker`` that outlives the database's bad
moments.

``db_worker`` exits on any database error its loop does not expect ("database is locked" while
it opens its exclusive transaction on SQLite, a connection lost when PostgreSQL restarts), and
queued e-mails then wait until someone notices. This worker runs the same loop (same options),
and when a database error escapes it, closes the connections, waits (1 s, 2 s, 4 s... up to
``--max-backoff``) and starts the loop again. A task whose outcome could not be written is put
back in the queue, so it runs again rather than staying "running" for ever.
"""

import logging
import os
import time

from django.core.management.base import CommandError
from django.db import DatabaseError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("django_tasks_db")


class RetryingWorker(db_worker.Worker):
    def __init__(self, *, max_backoff: float, **options):
        super().__init__(**options)
        self.max_backoff = max_backoff
        self.failures = 0
        self.unrecorded: DBTaskResult | None = None

    def run(self) -> None:
        while self.running:
            started = time.monotonic()
            try:
                self.requeue_unrecorded()
                return super().run()
            except DatabaseError as error:
                if time.monotonic() - started > self.max_backoff:
                    self.failures = 0  # it had been running well: a new run of bad luck
                self.failures += 1
                delay = min(self.max_backoff, 2 ** (self.failures - 1))
                logger.warning("Database error (%s); the worker goes on in %g s.", error, delay)
                close_connections()
                self.startup_delay = False
                time.sleep(delay)
        return None

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            super().run_task(db_task_result)
        except DatabaseError:
            self.unrecorded = db_task_result  # ran, or began to, but its outcome is not saved
            raise

    def requeue_unrecorded(self) -> None:
        """Put the task whose outcome could not be saved back in the queue (raises while the
        database is still unavailable, so the loop waits again)."""
        if self.unrecorded is not None:
            DBTaskResult.objects.filter(
                pk=self.unrecorded.pk, status=TaskResultStatus.RUNNING
            ).update(status=TaskResultStatus.READY, started_at=None)
            logger.warning("Task id=%s is queued again: its outcome was lost.", self.unrecorded.pk)
            self.unrecorded = None


def close_connections() -> None:
    """Drop every connection (a broken one cannot even say goodbye); the next query reconnects."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            connection.connection = None


class Command(db_worker.Command):
    help = "Run the task worker (db_worker's loop), going on after a database error."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--max-backoff",
            type=db_worker.valid_interval,
            default=60,
            help="Longest wait, in seconds, before trying the database again (default: 60).",
        )

    def handle(self, *, verbosity: int, reload: bool, batch: bool, **options) -> None:
        self.configure_logging(verbosity)
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = RetryingWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            max_backoff=options["max_backoff"],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
