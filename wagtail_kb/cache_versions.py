"""Version tokens in the KB's cache (``WAGTAILKB_CACHE_ALIAS``).

A cached value's key holds the token of what it depends on; replacing the token forgets every
such value at once, on any cache backend (no key listing, no ``delete_many``).

During a request each token is read from the cache once: the tokens read are remembered until
the request ends (``remember_during_requests``, connected to Django's request signals in
``ready()``). A page therefore shows one state of the KB throughout, and a search reads the tree
version once rather than seven times (a cache round trip each on Redis or Memcached). A token
the request replaces itself is remembered as replaced. Outside requests (commands, tasks, the
shell) every read goes to the cache.
"""

import uuid

from asgiref.local import Local
from django.core.cache import caches

from .conf import kb_settings

_request = Local()


def _memo():
    return getattr(_request, "versions", None)


def current_version(key):
    """The token stored under ``key``, created on first use."""
    return current_versions((key,))[0]


def current_versions(keys):
    """The tokens stored under ``keys`` (a tuple of them), each created on first use: one cache
    round trip when they exist, none for those this request read already."""
    memo = _memo()
    known = memo if memo is not None else {}
    missing = [key for key in keys if key not in known]
    if missing:
        cache = caches[kb_settings.CACHE_ALIAS]
        found = cache.get_many(missing)
        for key in missing:
            version = found.get(key)
            if version is None:
                cache.add(key, uuid.uuid4().hex, None)  # add(): a racing worker's token wins
                version = cache.get(key)
            known[key] = version
    return tuple(known[key] for key in keys)


def replace_version(key):
    """A new token under ``key``: what was cached under the old one is no longer read."""
    version = uuid.uuid4().hex
    caches[kb_settings.CACHE_ALIAS].set(key, version, None)
    memo = _memo()
    if memo is not None:
        memo[key] = version


def remember_during_requests(**kwargs):
    """Start remembering the tokens read (connected to ``request_started``)."""
    _request.versions = {}


def forget_after_requests(**kwargs):
    """Stop remembering them (connected to ``request_finished``)."""
    _request.versions = None
