"""Where short-lived counters live: rate limits, used search tokens, views seen today.

``WAGTAILKB_RATE_LIMIT_CACHE_ALIAS`` (default: the ``WAGTAILKB_CACHE_ALIAS`` cache): a cache the
KB's own fragments do not fill, so they cannot evict a counter (docs/production.md).
"""

from django.core.cache import caches

from .conf import kb_settings


def counter_cache_alias():
    return kb_settings.RATE_LIMIT_CACHE_ALIAS or kb_settings.CACHE_ALIAS


def counter_cache():
    return caches[counter_cache_alias()]


def increment(cache, key, timeout):
    """Add one to the counter ``key`` (created at 1, kept ``timeout`` seconds); the new count.

    ``incr`` first: a counter is usually there already, and ``add`` then ``incr`` would cost a
    cache round trip more on every request (three with Django's Redis backend instead of two).
    """
    for _attempt in range(3):
        try:
            return cache.incr(key)
        except ValueError:  # not there (yet, or any more)
            if cache.add(key, 1, timeout):
                return 1
            # Another request created it in between: count on it.
    cache.set(key, 1, timeout)
    return 1
