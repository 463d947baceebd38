"""Version tokens in the KB's cache (``WAGTAILKB_CACHE_ALIAS``).

A cached value's key holds the token of what it depends on; replacing the token forgets every
such value at once, on any cache backend (no key listing, no ``delete_many``).
"""

import uuid

from django.core.cache import caches

from .conf import kb_settings


def current_version(key):
    """The token stored under ``key``, created on first use."""
    cache = caches[kb_settings.CACHE_ALIAS]
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, None)  # add(): a racing worker's token wins
        version = cache.get(key)
    return version


def replace_version(key):
    """A new token under ``key``: what was cached under the old one is no longer read."""
    caches[kb_settings.CACHE_ALIAS].set(key, uuid.uuid4().hex, None)
