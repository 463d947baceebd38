"""Summaries (count, average, distribution): one aggregate query, whatever the number of votes.

The summary type and its aggregates live with the votes (``wagtail_kb.models.rating_summary``,
``RatingVote.objects.summary()``); this module says which votes a summary covers.

The article page shows ``cached_summary``: the summary cached under a per-article *votes
version* that every vote cast through ``cast_vote`` replaces after its transaction commits (a
replaced version, never an overwritten summary, so concurrent votes cannot leave an older count
behind). Votes written around ``cast_vote`` (raw SQL, bulk loads) show within
``LISTING_CACHE_TIMEOUT``, or at once after ``votes_changed(article_id)``.
"""

import uuid

from ..listing_cache import LISTING_CACHE_TIMEOUT, listing_cache
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
    "cached_summary",
    "summarise",
    "summarise_all_time_and_live",
    "summary_from_values",
    "votes_changed",
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


def _votes_version_key(article_id):
    return f"wagtail_kb:votes-version:{article_id}"


def votes_changed(article_id):
    """Forget the article's cached summary (``cast_vote`` calls it after each vote)."""
    listing_cache().set(_votes_version_key(article_id), uuid.uuid4().hex, None)


def cached_summary(article):
    """``summarise(article)``, cached until the next vote on it."""
    cache = listing_cache()
    version_key = _votes_version_key(article.pk)
    version = cache.get(version_key)
    if version is None:
        cache.add(version_key, uuid.uuid4().hex, None)
        version = cache.get(version_key)
    return cache.get_or_set(
        f"wagtail_kb:rating-summary:{article.pk}:{version}",
        lambda: summarise(article),
        LISTING_CACHE_TIMEOUT,
    )
