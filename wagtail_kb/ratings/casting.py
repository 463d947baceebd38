"""Casting a vote: one vote per visitor per article, counted in the article's summary row.

The unique constraint (article, visitor hash) keeps one vote per visitor. The vote, its comment
and the summary's change are one transaction: a locked SQLite database undoes all of it.

How a vote learns the stars it replaces, race-free on every database (PostgreSQL cannot return
a row's old value from an upsert before version 18, MySQL cannot name the conflict at all):

1. In the transaction, write *conditionally*, first as if the visitor had not voted on this
   article yet (the usual case, and the only one for a new visitor, whose id was just made up):
   ``INSERT … ON CONFLICT DO NOTHING`` (MySQL: ``INSERT IGNORE``; there a returning visitor's
   earlier stars are read first, see ``cast_vote``).
2. When nothing was inserted, the visitor voted before (or a concurrent vote of theirs got there
   first): read their stars, locked (``SELECT … FOR UPDATE``), and write
   ``UPDATE … WHERE stars = <those stars>``. The database applies the condition to the row's
   current value (PostgreSQL re-checks it after waiting for a concurrent writer, InnoDB's
   ``UPDATE`` reads the latest version, SQLite serialises writers), so exactly one of two racing
   votes of one visitor succeeds as written; the other reads again and tries again.
3. Count the change in ``ArticleRatingSummary`` (``counters.count_vote``: ``+1`` for the new
   stars, ``-1`` for the replaced ones) and read the summary back in the same statement.
"""

from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models.feedback import FeedbackComment, RatingVote
from .counters import count_vote, insert_ignoring_conflict
from .summaries import votes_changed
from .transactions import (
    DatabaseBusy,
    is_deadlock,
    is_lock_error,
    run_transaction,
    summary_connection,
)

__all__ = [
    "LOCKED_MESSAGE",
    "DatabaseBusy",
    "VoteRefused",
    "cast_vote",
    "is_deadlock",
    "is_lock_error",
    "run_transaction",
    "save_comment",
    "write_vote",
]

LOCKED_MESSAGE = _("The database is busy. Please try again in a moment.")
# Attempts of the conditional write before giving up (two racing tabs of one visitor need two).
WRITE_ATTEMPTS = 8


class VoteRefused(Exception):
    """The vote was not stored (e.g. too many new visitors from one address)."""


def _previous_stars(article_id, visitor_key, lock=False):
    votes = RatingVote.objects.filter(article_id=article_id, visitor_hash=visitor_key)
    if lock:
        votes = votes.select_for_update()
    found = list(votes.values_list("stars", flat=True)[:1])
    return found[0] if found else None


def _insert_vote(connection, fields):
    """``INSERT … ON CONFLICT (article, visitor hash) DO NOTHING``; True when inserted."""
    quote = connection.ops.quote_name
    columns = [RatingVote._meta.get_field(name).column for name in fields]
    sql = insert_ignoring_conflict(
        connection,
        quote(RatingVote._meta.db_table),
        ", ".join(quote(column) for column in columns),
        "VALUES (" + ", ".join(["%s"] * len(columns)) + ")",
        f"{quote('article_id')}, {quote('visitor_hash')}",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(fields.values()))
        return cursor.rowcount == 1


def write_vote(article_id, visitor_key, ip_key, stars, revision_id, previous, *, new_visitor):
    """Write the vote conditionally (see the module docstring); the stars it replaced."""
    connection = summary_connection()
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    for _attempt in range(WRITE_ATTEMPTS):
        if previous is None:
            inserted = _insert_vote(
                connection,
                {
                    "article": article_id,
                    "visitor_hash": visitor_key,
                    "ip_hash": ip_key,
                    "stars": stars,
                    "revision": revision_id,
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )
            if inserted:
                return None
        else:
            updated = RatingVote.objects.filter(
                article_id=article_id, visitor_hash=visitor_key, stars=previous
            ).update(stars=stars, ip_hash=ip_key, revision_id=revision_id, updated_at=now)
            if updated:
                return previous
        if new_visitor:
            # A visitor id made up for this request cannot have voted: the insert was refused
            # for another reason (MySQL's INSERT IGNORE also skips e.g. a deleted article).
            raise VoteRefused("the vote could not be inserted")
        previous = _previous_stars(article_id, visitor_key, lock=True)
    raise OperationalError("the vote kept changing under a concurrent vote; try again")


def save_comment(article, stars, comment, revision_id, section=""):
    return FeedbackComment.objects.create(
        article=article, stars=stars, comment=comment, revision_id=revision_id, section=section
    )


def cast_vote(
    article,
    stars,
    visitor_key,
    ip_key=None,
    comment="",
    *,
    new_visitor=False,
    summarise_after=False,
    section="",
):
    """Record ``stars`` from the visitor ``visitor_key`` (a hash), and the optional comment.

    A second vote from the same visitor replaces the first; concurrent votes never lose or
    duplicate a row, and the article's summary row counts each visitor's last vote exactly once.
    ``new_visitor``: the visitor id was made for this request (no earlier vote to look up).
    Raises ``DatabaseBusy`` when SQLite is locked. ``summarise_after``: return the article's
    ``RatingSummary`` as the vote left it (read in the same transaction).
    """
    revision_id = article.live_revision_id
    stars = int(stars)

    connection = summary_connection()
    # InnoDB: ``INSERT IGNORE`` share-locks the row it meets, so two racing votes of a returning
    # visitor would each wait to lock it for update: a deadlock. There the earlier stars are read
    # first (outside the transaction, unlocked: the conditional write re-checks them).
    read_first = not new_visitor and connection.vendor == "mysql"

    def vote():
        previous = _previous_stars(article.pk, visitor_key) if read_first else None
        with transaction.atomic(using=connection.alias):
            replaced = write_vote(
                article.pk,
                visitor_key,
                ip_key,
                stars,
                revision_id,
                previous,
                new_visitor=new_visitor,
            )
            if comment:
                save_comment(article, stars, comment, revision_id, section)
            return count_vote(article.pk, stars, replaced, returning=summarise_after)

    summary = run_transaction(vote)
    votes_changed(article.pk)
    return summary
