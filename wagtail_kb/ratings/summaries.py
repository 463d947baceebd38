"""Summaries (count, average, distribution): one aggregate query, whatever the number of votes.

The summary type and its aggregates live with the votes (``wagtail_kb.models.rating_summary``,
``RatingVote.objects.summary()``); this module says which votes a summary covers.
"""

from ..models.feedback import RatingVote
from ..models.rating_summary import (
    STAR_LEVELS,
    RatingSummary,
    aggregate_expressions,
    summary_from_values,
)

__all__ = [
    "STAR_LEVELS",
    "RatingSummary",
    "aggregate_expressions",
    "summarise",
    "summarise_all_time_and_live",
    "summary_from_values",
]


def summarise(article, since_revision=None):
    """The article's rating summary, in one query.

    ``since_revision``: only votes cast while that revision (id) was live.
    """
    votes = RatingVote.objects.filter(article_id=getattr(article, "pk", article))
    if since_revision is not None:
        votes = votes.filter(revision_id=since_revision)
    return votes.summary()


def summarise_all_time_and_live(article):
    """``(all_time, since_last_published_change)`` in one query."""
    votes = RatingVote.objects.filter(article_id=article.pk)
    return votes.summaries_all_time_and_live(getattr(article, "live_revision_id", None))
