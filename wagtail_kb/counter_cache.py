"""Where short-lived counters live: rate limits, used search tokens, views seen today.

``WAGTAILKB_RATE_LIMIT_CACHE_ALIAS`` (default: the ``WAGTAILKB_CACHE_ALIAS`` cache): a cache the
KB's own fragments do not fill, so they cannot evict a counter (docs/production.md).
"""

from django.core.cache import caches

from .conf import kb_settings


def counter_cache():
    return caches[kb_settings.RATE_LIMIT_CACHE_ALIAS or kb_settings.CACHE_ALIAS]


def increment(cache, key, timeout):
    """Add one to the counter ``key`` (created at 0, kept ``timeout`` seconds); the new count."""
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout)
        return 1
