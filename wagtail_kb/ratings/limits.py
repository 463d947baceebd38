"""Rate limits per visitor and per hashed IP, counted in Django's cache; new visitors per address.

``WAGTAILKB_RATING_RATE_LIMIT_VISITOR`` / ``_IP``: ``(requests, seconds)``; ``None`` turns a
limit off. Fixed windows in the ``WAGTAILKB_RATE_LIMIT_CACHE_ALIAS`` cache (by default the
``WAGTAILKB_CACHE_ALIAS`` one): with a shared cache (Redis, Memcached) the limits hold across
workers; in a cache of their own, the KB's fragments and listings cannot evict them.
"""

import datetime
import time
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from ..conf import kb_settings
from ..counter_cache import counter_cache, increment
from ..models.feedback import RatingVote


@dataclass
class RateLimited:
    scope: str  # "visitor" or "ip"
    retry_after: int  # seconds


def _hit(cache, key, limit, period, now):
    """Count one request in the current fixed window; return seconds to wait if over ``limit``."""
    window = int(now // period)
    full_key = f"wagtail_kb:rating-limit:{key}:{period}:{window}"
    if increment(cache, full_key, period + 1) > limit:
        return max(1, int(period - (now % period)) + 1)
    return None


def check_rate_limits(visitor_key, ip_key):
    """Count this request against both limits; a ``RateLimited`` if either is exceeded."""
    cache = counter_cache()
    now = time.time()
    verdict = None
    for scope, key, setting in (
        ("visitor", visitor_key, kb_settings.RATING_RATE_LIMIT_VISITOR),
        ("ip", ip_key, kb_settings.RATING_RATE_LIMIT_IP),
    ):
        if not setting or key is None:
            continue
        limit, period = setting
        wait = _hit(cache, f"{scope}:{key}", int(limit), int(period), now)
        if wait is not None and (verdict is None or wait > verdict.retry_after):
            verdict = RateLimited(scope, wait)
    return verdict


def _recent_votes(ip_key, article_id, since):
    """Votes from ``ip_key`` on the article since ``since``: one look-up of the index on
    (IP hash, article, first-voted time). Written out: it runs on every new visitor's vote, and
    Django took longer to compile the aggregate than the database takes to answer it."""
    using = router.db_for_read(RatingVote)
    connection = connections[using]
    quote = connection.ops.quote_name
    opts = RatingVote._meta
    columns = {
        name: quote(opts.get_field(name).column) for name in ("ip_hash", "article", "created_at")
    }
    sql = (
        f"SELECT COUNT(*) FROM {quote(opts.db_table)} WHERE {columns['ip_hash']} = %s"  # noqa: S608
        f" AND {columns['article']} = %s AND {columns['created_at']} >= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ip_key, article_id, connection.ops.adapt_datetimefield_value(since)])
        return cursor.fetchone()[0]


@dataclass
class NewVisitorsRefusal:
    message: str
    headers: dict


# The window of ``WAGTAILKB_RATING_NEW_VISITORS_PER_IP``: a day, rolling.
NEW_VISITORS_WINDOW = datetime.timedelta(days=1)


def new_visitors_refusal(article, ip_key):
    """A refusal when ``ip_key`` already cast the day's allowance of new-visitor votes on it.

    Without the visitor cookie every request is a new visitor: at most
    ``WAGTAILKB_RATING_NEW_VISITORS_PER_IP`` such votes per hashed address per article in 24
    hours (``None``: no limit). Counted from the stored votes (index on IP hash, article and
    first-voted time), so the limit holds across workers whatever the cache: one query.
    """
    limit = kb_settings.RATING_NEW_VISITORS_PER_IP
    if limit is None or ip_key is None:
        return None
    now = timezone.now()
    if _recent_votes(ip_key, article.pk, now - NEW_VISITORS_WINDOW) < int(limit):
        return None
    found = RatingVote.objects.filter(
        ip_hash=ip_key, article_id=article.pk, created_at__gte=now - NEW_VISITORS_WINDOW
    ).aggregate(count=Count("pk"), oldest=Min("created_at"))
    retry_after = max(60, int((found["oldest"] + NEW_VISITORS_WINDOW - now).total_seconds()) + 1)
    message = _(
        "Too many readers from your network have rated this article today. "
        "Please try again tomorrow."
    )
    return NewVisitorsRefusal(str(message), {"Retry-After": str(retry_after)})
