"""The most helpful articles of a KB, by readers' ratings: offered when a search finds nothing."""

import logging

from django.core.cache import caches
from django.db.models import FloatField, Value
from django.db.models.functions import Cast, Coalesce

from ..conf import kb_settings
from ..search.scope import kb_articles, load_articles
from . import aggregate_expressions

logger = logging.getLogger(__name__)

# Bayesian prior for "most helpful": an article with few votes counts as this many votes of
# PRIOR_STARS, so one 5-star vote does not outrank a hundred 4.8-star ones.
PRIOR_VOTES = 5
PRIOR_STARS = 3.0

# Seconds the order of the "most helpful" articles is kept (it changes slowly; computing it
# aggregates every vote of the KB).
HELPFUL_CACHE_SECONDS = 600


def helpful_articles(kb_home, limit=None):
    """The articles to offer when a search finds nothing: the most helpful first.

    Ordered by the readers' ratings (``aggregate_expressions``, weighted towards the middle
    when there are few votes), then by the most recently updated. The order is computed in one
    query and cached for ``HELPFUL_CACHE_SECONDS`` (by id, in the ``WAGTAILKB_CACHE_ALIAS``
    cache); the articles are then loaded in one query, so an unpublished article drops out at
    once. ``rank_helpful_articles`` is the hook to change the order.
    """
    limit = limit or kb_settings.SEARCH_SUGGESTED_ARTICLES
    articles = kb_articles(kb_home).defer_streamfields()
    cache = caches[kb_settings.CACHE_ALIAS]
    key = f"wagtail_kb:search:helpful:{kb_home.pk}:{limit}"
    ids = cache.get(key)
    if ids is None:
        try:
            ids = [article.pk for article in rank_helpful_articles(articles, limit)]
        except Exception:
            logger.exception("Could not rank articles by rating; offering the most recent ones")
            ids = list(
                articles.order_by("-last_published_at", "path").values_list("pk", flat=True)[:limit]
            )
        cache.set(key, ids, HELPFUL_CACHE_SECONDS)
    return load_articles(articles, ids)


def rank_helpful_articles(articles, limit):
    """The ``limit`` best-rated of ``articles`` (Bayesian average of their stars), in one query."""
    expressions = aggregate_expressions(prefix="rating_votes__")
    count = Cast(expressions["count"], FloatField())
    average = Coalesce(expressions["average"], Value(PRIOR_STARS), output_field=FloatField())
    score = (average * count + Value(PRIOR_STARS * PRIOR_VOTES)) / (count + Value(PRIOR_VOTES))
    return list(
        articles.annotate(**expressions, helpful_score=score).order_by(
            "-helpful_score", "-last_published_at", "path"
        )[:limit]
    )
