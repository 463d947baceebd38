"""Rate limits per visitor and per hashed IP, counted in Django's cache.

``WAGTAILKB_RATING_RATE_LIMIT_VISITOR`` / ``_IP``: ``(requests, seconds)``; ``None`` turns a
limit off. Fixed windows in the ``WAGTAILKB_RATE_LIMIT_CACHE_ALIAS`` cache (by default the
``WAGTAILKB_CACHE_ALIAS`` one): with a shared cache (Redis, Memcached) the limits hold across
workers; in a cache of their own, the KB's fragments and listings cannot evict them.
"""

import time
from dataclasses import dataclass

from django.core.cache import caches

from ..conf import kb_settings


@dataclass
class RateLimited:
    scope: str  # "visitor" or "ip"
    retry_after: int  # seconds


def _hit(cache, key, limit, period, now):
    """Count one request in the current fixed window; return seconds to wait if over ``limit``."""
    window = int(now // period)
    full_key = f"wagtail_kb:rating-limit:{key}:{period}:{window}"
    cache.add(full_key, 0, timeout=period + 1)
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add() and incr()
        cache.set(full_key, 1, timeout=period + 1)
        count = 1
    if count > limit:
        return max(1, int(period - (now % period)) + 1)
    return None


def check_rate_limits(visitor_key, ip_key):
    """Count this request against both limits; a ``RateLimited`` if either is exceeded."""
    cache = caches[kb_settings.RATE_LIMIT_CACHE_ALIAS or kb_settings.CACHE_ALIAS]
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
