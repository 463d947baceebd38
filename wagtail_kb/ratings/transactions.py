"""Running a ratings transaction: SQLite's "database is locked", deadlocks broken by the database.

A leaf of the ratings service (the models only): ``casting``, ``counters`` and ``seen`` use it.
"""

import random
import time

from django.db import OperationalError, connections, router

from ..models.health import ArticleRatingSummary

# Runs of a transaction that a deadlock may undo before the error is let through.
DEADLOCK_ATTEMPTS = 6


class DatabaseBusy(Exception):
    """The database refused to write right now (SQLite "database is locked"); try again."""


def is_lock_error(error):
    """SQLite's "database is locked" / "database table is locked" (busy timeout exceeded)."""
    message = str(error).lower()
    return "database is locked" in message or "database table is locked" in message


def is_deadlock(error):
    """A deadlock the database broke by rolling this transaction back (InnoDB 1213, PostgreSQL
    40P01): the whole transaction may simply run again."""
    code = error.args[0] if error.args else None
    return code == 1213 or "deadlock" in str(error).lower()


def summary_connection():
    """The connection votes, views and their summary rows are written through."""
    return connections[router.db_for_write(ArticleRatingSummary)]


def run_transaction(work):
    """``work()`` (which opens its own transaction), run again after a deadlock.

    InnoDB can pick a vote as a deadlock victim when two tabs of one visitor insert the same
    vote at once (both wait on the duplicate key, then both want the row). Only retried when no
    outer transaction is open (then the victim's whole transaction was undone). Raises
    ``DatabaseBusy`` for SQLite's "database is locked".
    """
    retry = not summary_connection().in_atomic_block
    for attempt in range(DEADLOCK_ATTEMPTS):
        try:
            return work()
        except OperationalError as error:
            if is_lock_error(error):
                raise DatabaseBusy(str(error)) from error
            if not (retry and is_deadlock(error)) or attempt + 1 == DEADLOCK_ATTEMPTS:
                raise
            time.sleep(random.uniform(0, 0.01 * (attempt + 1)))  # noqa: S311 (jitter, not secrets)
    raise AssertionError("unreachable")
