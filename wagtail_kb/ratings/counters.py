"""Per-article counters: ``ArticleRatingSummary`` (votes per star, views), ``ArticleViewDay``.

Every change is one atomic statement that the database applies to the row's current value
(``UPDATE … SET stars_4 = stars_4 + 1``), never a value read and written back, so concurrent
votes and views cannot lose an increment on SQLite, PostgreSQL or MySQL/MariaDB.

A summary row is created the first time an article is voted on or viewed, *from the raw rows*
(``INSERT … SELECT COUNT(…)``, ignored when a concurrent request created it first, which then
makes this request apply its own increment): an article voted on before the summaries existed
gets its true counts, not a count from zero. ``rebuild_summary`` recomputes one row from the raw
rows, under the row's lock, so it agrees with votes being cast while it runs.

Written as SQL rather than through the ORM: Django cannot ``UPDATE … RETURNING``, nor say
"insert unless present" and tell whether it did, and these statements run on every vote.
Table and column names come from the models; every value is a parameter.
"""

from django.db import transaction

from ..models.feedback import RatingVote
from ..models.health import ArticleRatingSummary, ArticleViewDay
from ..models.rating_summary import STAR_LEVELS
from .summaries import summary_from_counts
from .transactions import run_transaction, summary_connection

STAR_COLUMNS = tuple(f"stars_{n}" for n in STAR_LEVELS)


def _names(connection):
    quote = connection.ops.quote_name
    return {
        "summary": quote(ArticleRatingSummary._meta.db_table),
        "article": quote(ArticleRatingSummary._meta.pk.column),
        "views": quote("views"),
        "vote": quote(RatingVote._meta.db_table),
        "vote_article": quote(RatingVote._meta.get_field("article").column),
        "vote_stars": quote("stars"),
        "day_table": quote(ArticleViewDay._meta.db_table),
        "day_article": quote(ArticleViewDay._meta.get_field("article").column),
        "day": quote("day"),
        "day_views": quote("views"),
        "stars": [quote(column) for column in STAR_COLUMNS],
    }


def can_return_from_update(connection):
    """``UPDATE … RETURNING``: PostgreSQL, SQLite ≥ 3.35; not MySQL/MariaDB."""
    if connection.vendor == "postgresql":
        return True
    if connection.vendor == "sqlite":
        return connection.Database.sqlite_version_info >= (3, 35)
    return False


def insert_ignoring_conflict(connection, table, columns, rows_sql, conflict):
    """``INSERT INTO table (columns) <rows_sql>`` doing nothing when ``conflict`` exists.

    ``rows_sql``: ``VALUES (…)``, or a ``SELECT`` with a ``WHERE`` clause (which SQLite needs to
    read ``ON CONFLICT`` after it unambiguously).
    """
    if connection.vendor == "mysql":
        return f"INSERT IGNORE INTO {table} ({columns}) {rows_sql}"
    return f"INSERT INTO {table} ({columns}) {rows_sql} ON CONFLICT ({conflict}) DO NOTHING"


def _raw_counts_sql(connection):
    n = _names(connection)
    counts = ", ".join(
        f"COUNT(CASE WHEN {n['vote_stars']} = {level} THEN 1 END)" for level in STAR_LEVELS
    )
    views = (
        f"COALESCE((SELECT SUM({n['day_views']}) FROM {n['day_table']}"  # noqa: S608
        f" WHERE {n['day_article']} = %s), 0)"
    )
    return f"SELECT {counts}, {views} FROM {n['vote']} WHERE {n['vote_article']} = %s"  # noqa: S608


def read_raw_counts(cursor, connection, article_id):
    """``(stars_1 … stars_5, views)`` recounted from the votes and the daily views: one query.

    A plain (non-locking) read: it waits for no concurrent vote, and sees this transaction's own.
    """
    cursor.execute(_raw_counts_sql(connection), [article_id, article_id])
    return tuple(int(value or 0) for value in cursor.fetchone())


def _create_from_raw(cursor, connection, article_id):
    """Create the article's summary row from its votes and daily views; False if it existed."""
    n = _names(connection)
    counts = read_raw_counts(cursor, connection, article_id)
    columns = ", ".join([n["article"], *n["stars"], n["views"]])
    values = "VALUES (" + ", ".join(["%s"] * (len(counts) + 1)) + ")"
    sql = insert_ignoring_conflict(connection, n["summary"], columns, values, n["article"])
    cursor.execute(sql, [article_id, *counts])
    return cursor.rowcount == 1


def _update(cursor, connection, article_id, sets, returning):
    """Run ``UPDATE summary SET <sets>``; the star counts after it (or True), None if no row."""
    n = _names(connection)
    sql = f"UPDATE {n['summary']} SET {', '.join(sets)} WHERE {n['article']} = %s"  # noqa: S608
    if returning and can_return_from_update(connection):
        cursor.execute(f"{sql} RETURNING {', '.join(n['stars'])}", [article_id])
        rows = cursor.fetchall()
        return rows[0] if rows else None
    cursor.execute(sql, [article_id])
    if cursor.rowcount == 0:
        return None
    if not returning:
        return True
    cursor.execute(
        f"SELECT {', '.join(n['stars'])} FROM {n['summary']} WHERE {n['article']} = %s",  # noqa: S608
        [article_id],
    )
    return cursor.fetchone()


def _apply(article_id, sets, returning):
    """Apply ``sets`` to the article's row, creating it from the raw rows when missing.

    Call inside the transaction that wrote the raw row (vote or view): a row created here counts
    it already, so the increment is not applied twice.
    """
    connection = summary_connection()
    with connection.cursor() as cursor:
        result = _update(cursor, connection, article_id, sets, returning)
        if result is None:
            if not _create_from_raw(cursor, connection, article_id):
                # Created by a concurrent request since: apply this one's change to it.
                result = _update(cursor, connection, article_id, sets, returning)
            elif returning:
                result = _update(cursor, connection, article_id, [_noop(connection)], True)
            else:
                result = True
    if result is None:
        # Neither updated nor created: the article is gone (deleted while the vote ran).
        raise ArticleRatingSummary.DoesNotExist(f"no summary row for article {article_id}")
    return summary_from_counts(result) if returning else None


def _noop(connection):
    column = connection.ops.quote_name(STAR_COLUMNS[0])
    return f"{column} = {column}"


def count_vote(article_id, stars, previous=None, *, returning=False):
    """Count a vote of ``stars`` that replaced ``previous`` (None: a new vote).

    ``returning``: the article's ``RatingSummary`` after the change (read in the same statement
    where the database can). Call inside the vote's transaction.
    """
    connection = summary_connection()
    quote = connection.ops.quote_name
    if previous == stars:
        sets = [_noop(connection)]
    else:
        new = quote(f"stars_{int(stars)}")
        sets = [f"{new} = {new} + 1"]
        if previous is not None:
            old = quote(f"stars_{int(previous)}")
            # Never below zero, even for a summary an editor's deletion left behind.
            sets.append(f"{old} = CASE WHEN {old} > 0 THEN {old} - 1 ELSE 0 END")
    return _apply(article_id, sets, returning)


def count_view(article_id, day):
    """Add one view to the article's total for ``day`` and to its summary: two statements.

    Call inside a transaction (the view and its summary change are both or neither).
    """
    connection = summary_connection()
    n = _names(connection)
    columns = f"{n['day_article']}, {n['day']}, {n['day_views']}"
    if connection.vendor == "mysql":
        sql = (
            f"INSERT INTO {n['day_table']} ({columns}) VALUES (%s, %s, 1)"  # noqa: S608
            f" ON DUPLICATE KEY UPDATE {n['day_views']} = {n['day_views']} + 1"
        )
    else:
        sql = (
            f"INSERT INTO {n['day_table']} ({columns}) VALUES (%s, %s, 1)"  # noqa: S608
            f" ON CONFLICT ({n['day_article']}, {n['day']})"
            f" DO UPDATE SET {n['day_views']} = {n['day_table']}.{n['day_views']} + 1"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [article_id, day])
    _apply(article_id, [f"{n['views']} = {n['views']} + 1"], returning=False)


def rebuild_summary(article_id):
    """Recount the article's summary from its votes and daily views; True when it changed.

    The first statement locks the summary row (a no-op ``UPDATE``; on SQLite it takes the write
    lock), so a vote in flight either committed before the recount (and is in it) or applies its
    own change after it: the row agrees with the raw rows even while readers vote.
    """
    return run_transaction(lambda: _rebuild(article_id))


def _rebuild(article_id):
    connection = summary_connection()
    n = _names(connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if _update(cursor, connection, article_id, [_noop(connection)], False) is None:
            # No row: create one when there is something to count (else a vote or view will).
            if not any(read_raw_counts(cursor, connection, article_id)):
                return False
            return _create_from_raw(cursor, connection, article_id)
        counts = read_raw_counts(cursor, connection, article_id)
        cursor.execute(
            f"SELECT {', '.join(n['stars'])}, {n['views']} FROM {n['summary']}"  # noqa: S608
            f" WHERE {n['article']} = %s",
            [article_id],
        )
        if tuple(int(value) for value in cursor.fetchone()) == counts:
            return False
        sets = ", ".join(f"{column} = %s" for column in [*n["stars"], n["views"]])
        cursor.execute(
            f"UPDATE {n['summary']} SET {sets} WHERE {n['article']} = %s",  # noqa: S608
            [*counts, article_id],
        )
        return True
