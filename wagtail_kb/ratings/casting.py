"""Casting a vote: one vote per visitor per article, written in one transaction.

The unique constraint (article, visitor hash) plus an atomic upsert make a second vote replace
the first, even when both arrive at the same instant. The vote, its comment and (when asked) the
summary read are one transaction: a locked SQLite database undoes all of it.
"""

from django.db import OperationalError, connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models.feedback import FeedbackComment, RatingVote
from .summaries import summarise, votes_changed

LOCKED_MESSAGE = _("The database is busy. Please try again in a moment.")


class DatabaseBusy(Exception):
    """The database refused to write right now (SQLite "database is locked"); try again."""


def is_lock_error(error):
    """SQLite's "database is locked" / "database table is locked" (busy timeout exceeded)."""
    message = str(error).lower()
    return "database is locked" in message or "database table is locked" in message


def upsert_vote(vote):
    """Insert ``vote``, or replace the visitor's earlier vote on that article: one statement.

    PostgreSQL and SQLite name the conflict (``ON CONFLICT (article, visitor hash) DO UPDATE``).
    MySQL and MariaDB cannot name it (Django refuses ``unique_fields`` there) and say ``ON
    DUPLICATE KEY UPDATE``, which reacts to any unique key: the only one a new vote can collide
    on is (article, visitor hash), so the guarantee is the same.
    """
    connection = connections[router.db_for_write(RatingVote)]
    target = {}
    if connection.features.supports_update_conflicts_with_target:
        target["unique_fields"] = ["article", "visitor_hash"]
    RatingVote.objects.bulk_create(
        [vote],
        update_conflicts=True,
        update_fields=["stars", "ip_hash", "revision", "updated_at"],
        **target,
    )


def save_comment(article, stars, comment, revision_id, section=""):
    return FeedbackComment.objects.create(
        article=article, stars=stars, comment=comment, revision_id=revision_id, section=section
    )


def cast_vote(
    article, stars, visitor_key, ip_key=None, comment="", *, section="", summarise_after=False
):
    """Record ``stars`` from the visitor ``visitor_key`` (a hash), and the optional comment.

    One atomic upsert keyed on (article, visitor hash): a second vote from the same visitor
    replaces the first; concurrent votes never lose or duplicate a row. The vote and its comment
    are written in one transaction: both or neither. Raises ``DatabaseBusy`` when SQLite is
    locked. ``section``: the heading id the comment is about. ``summarise_after``: return the
    article's summary, read in that transaction.
    """
    now = timezone.now()
    revision_id = article.live_revision_id
    vote = RatingVote(
        article=article,
        visitor_hash=visitor_key,
        ip_hash=ip_key,
        stars=stars,
        revision_id=revision_id,
        created_at=now,
        updated_at=now,
    )
    try:
        with transaction.atomic():
            upsert_vote(vote)
            if comment:
                save_comment(article, stars, comment, revision_id, section)
            # Read in the same transaction: a summary that cannot be read (SQLite locked by
            # another writer) undoes the vote too, so a reader never gets an error for a vote
            # that was stored (and retries it as a new visitor).
            summary = summarise(article) if summarise_after else None
    except OperationalError as error:
        if is_lock_error(error):
            raise DatabaseBusy(str(error)) from error
        raise
    votes_changed(article.pk)
    return summary
