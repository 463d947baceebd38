"""The KB home's "Popular articles": the most viewed in the last ``POPULAR_DAYS`` days.

Ranked from the daily totals (``ArticleViewDay``: one row per article and day, whatever the
number of views, so the cost is flat in views), over the KB's listed articles only (public, below
live pages: ``KBPageQuerySet.listed``), in one query; cached under the tree version (any page or
view restriction change replaces it, so a newly private article leaves at once) for
``LISTING_CACHE_TIMEOUT``. ``WAGTAILKB_POPULAR_ARTICLES`` articles (0: none, no query).
"""

import datetime

from django.db.models import Q, Sum
from django.utils import timezone

from ..conf import kb_settings
from ..listing_cache import LISTING_CACHE_TIMEOUT, listing_cache, tree_version
from ..models import KBArticlePage

POPULAR_DAYS = 30


def rank_popular_articles(kb_home, limit, today=None):
    """The ``limit`` most viewed listed articles of ``kb_home`` since ``POPULAR_DAYS`` ago."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=POPULAR_DAYS - 1)
    return list(
        KBArticlePage.objects.descendants_of(kb_home)
        .live()
        .listed(kb_home)
        .defer_streamfields()
        .annotate(recent_views=Sum("view_days__views", filter=Q(view_days__day__gte=since)))
        .filter(recent_views__gt=0)
        .order_by("-recent_views", "path")[:limit]
    )


def popular_articles(kb_home):
    """``WAGTAILKB_POPULAR_ARTICLES`` popular articles of ``kb_home`` (cached; none when 0)."""
    limit = kb_settings.POPULAR_ARTICLES
    if not limit or kb_home is None:
        return []
    day = timezone.localdate().isoformat()
    return listing_cache().get_or_set(
        f"wagtail_kb:popular:{kb_home.pk}:{int(limit)}:{day}:{tree_version()}",
        lambda: rank_popular_articles(kb_home, int(limit)),
        LISTING_CACHE_TIMEOUT,
    )
