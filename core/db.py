"""Transactions for rows that a crash of the machine may take without harm.

On PostgreSQL each commit waits until its record is flushed to disk: on the virtual disks we
measured, one flush takes 1-8 ms, more than everything else a comment POST does. A comment is
worth that wait; some rows written beside it are not: the reader's new session (lost, they are
a visitor again) and a queued e-mail (lost, the moderators still find the comment in their queue).
``commit_without_waiting()`` writes such rows in a transaction of their own whose commit does not
wait for the flush (PostgreSQL's ``synchronous_commit`` off, for that transaction only): the row
is on disk a fraction of a second later, and the database stays consistent whatever happens. On
SQLite (write-ahead log, ``synchronous=NORMAL``) commits do not wait for the disk anyway, and
nothing is changed.
"""

import contextlib

from django.db import DEFAULT_DB_ALIAS, connections, transaction


@contextlib.contextmanager
def commit_without_waiting(using: str = DEFAULT_DB_ALIAS):
    """Run the block in a transaction whose commit does not wait for the disk (PostgreSQL)."""
    connection = connections[using]
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # Inside another transaction the block commits with it, on that one's terms.
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield
