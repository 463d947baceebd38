"""Summaries (count, average, distribution) and views: what the card, the JSON and reports read.

- ``read_summary`` / ``summaries_by_article``: the all-time summary from the article's
  ``ArticleRatingSummary`` row (one primary-key read, whatever the number of votes), kept by
  ``cast_vote`` inside each vote's transaction (``wagtail_kb.ratings.counters``).
- ``summarise`` / ``summarise_all_time_and_live``: aggregates over the raw votes, the truth the
  rows are rebuilt from (``kb_rebuild_summaries``). "Since the last published change" is one of
  them: it reads only the votes cast while the live revision was live (index on article and
  revision), so its cost follows the votes since the last change, not all of them; only the
  admin (reports, the edit view's panel) shows it.
- ``views_by_article`` / ``views_per_day``: readers' views from the summary rows and the daily
  totals (``ArticleViewDay``).

The article page shows ``cached_summary``: the summary row cached under a per-article *votes
version* that every vote cast through ``cast_vote`` replaces after its transaction commits (a
replaced version, never an overwritten summary, so concurrent votes cannot leave an older count
behind). Votes written around ``cast_vote`` (raw SQL, bulk loads, deletions in the admin) need
``counters.rebuild_summary(article_id)`` (or ``manage.py kb_rebuild_summaries``) and then show at
once after ``votes_changed(article_id)``.
"""

from django.db.models import Sum

from ..cache_versions import current_version, replace_version
from ..listing_cache import LISTING_CACHE_TIMEOUT, listing_cache
from ..models.feedback import RatingVote
from ..models.health import ArticleRatingSummary, ArticleViewDay
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
    "read_summary",
    "summaries_by_article",
    "summarise",
    "summarise_all_time_and_live",
    "summary_from_counts",
    "summary_from_values",
    "views_by_article",
    "views_per_day",
    "votes_changed",
]

STAR_FIELDS = [f"stars_{n}" for n in STAR_LEVELS]


def summary_from_counts(counts):
    """A ``RatingSummary`` from the five star counts (1 … 5)."""
    distribution = {n: int(counts[i] or 0) for i, n in enumerate(STAR_LEVELS)}
    count = sum(distribution.values())
    average = sum(n * c for n, c in distribution.items()) / count if count else 0.0
    return RatingSummary(count=count, average=round(average, 1), distribution=distribution)


def summaries_by_article(article_ids):
    """``{article id: RatingSummary}`` from the summary rows, one query; empty when no row."""
    ids = list(article_ids)
    rows = ArticleRatingSummary.objects.filter(article_id__in=ids).values_list(
        "article_id", *STAR_FIELDS
    )
    found = {row[0]: summary_from_counts(row[1:]) for row in rows}
    return {article_id: found.get(article_id, RatingSummary()) for article_id in ids}


def read_summary(article):
    """The article's all-time summary from its summary row: one query.

    An article without a row has had no vote counted through ``cast_vote`` yet: one aggregate
    over its votes then (none, or votes loaded before the rows existed, until its next vote or
    ``kb_rebuild_summaries`` creates the row).
    """
    article_id = getattr(article, "pk", article)
    row = (
        ArticleRatingSummary.objects.filter(article_id=article_id).values_list(*STAR_FIELDS).first()
    )
    if row is None:
        return summarise(article_id)
    return summary_from_counts(row)


def views_by_article(article_ids, since=None):
    """``{article id: views}``; ``since`` (a date): only the days from it on. One query."""
    ids = list(article_ids)
    if since is None:
        rows = ArticleRatingSummary.objects.filter(article_id__in=ids).values_list(
            "article_id", "views"
        )
    else:
        rows = (
            ArticleViewDay.objects.filter(article_id__in=ids, day__gte=since)
            .order_by()
            .values("article_id")
            .annotate(total=Sum("views"))
            .values_list("article_id", "total")
        )
    found = dict(rows)
    return {article_id: int(found.get(article_id) or 0) for article_id in ids}


def views_per_day(article_id, since=None, until=None):
    """``[(day, views)]`` of one article, oldest first, days with views only. One query."""
    days = ArticleViewDay.objects.filter(article_id=article_id)
    if since is not None:
        days = days.filter(day__gte=since)
    if until is not None:
        days = days.filter(day__lte=until)
    return list(days.order_by("day").values_list("day", "views"))


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
    replace_version(_votes_version_key(article_id))


def cached_summary(article):
    """``read_summary(article)``, cached until the next vote on it."""
    version = current_version(_votes_version_key(article.pk))
    return listing_cache().get_or_set(
        f"wagtail_kb:rating-summary:{article.pk}:{version}",
        lambda: read_summary(article),
        LISTING_CACHE_TIMEOUT,
    )
