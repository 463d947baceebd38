"""Listings and template fragments cached per state of the page tree.

Counting a branch's articles reads every one of them, and so does picking a page's children out
of its branch (the path index orders a page's descendants with its children). The home's topic
grid, a topic's sub-topics and article count, an article's side list, and the header and rating
card fragments are therefore cached under a *tree version*: a random token in the cache
``WAGTAILKB_CACHE_ALIAS`` that ``wagtail_kb.signal_handlers`` replaces on any page save,
deletion, move or unpublish, and on any change of the site records, KB settings or rating
wording those listings show. Every worker sees the new token through the shared cache.

Changes that bypass signals (``QuerySet.update()``, raw SQL) show within
``LISTING_CACHE_TIMEOUT``, or at once after ``invalidate_listings()``.
"""

from django.core.cache import caches
from django.utils.translation import get_language

from .cache_versions import current_version, replace_version
from .conf import kb_settings

TREE_VERSION_KEY = "wagtail_kb:tree-version"
LISTING_CACHE_TIMEOUT = 60 * 10


def listing_cache():
    return caches[kb_settings.CACHE_ALIAS]


def tree_version():
    """The current tree version (created on first use; replaced by ``invalidate_listings``)."""
    return current_version(TREE_VERSION_KEY)


def invalidate_listings(**kwargs):
    """Forget every cached listing (call it after changing pages with ``update()`` or raw SQL).

    Takes any keyword arguments so it can be connected to signals as it is.
    """
    replace_version(TREE_VERSION_KEY)


def listing_key(name, pk):
    return f"wagtail_kb:{name}:{pk}:{tree_version()}"


def cached_listing(name, page, compute):
    """``compute()`` for ``page``, cached until the tree changes."""
    return listing_cache().get_or_set(listing_key(name, page.pk), compute, LISTING_CACHE_TIMEOUT)


def fragment_context():
    """What the templates' ``{% cache %}`` fragments need: the alias, the timeout, the key."""
    return {
        "kb_cache_alias": kb_settings.CACHE_ALIAS,
        "kb_fragment_timeout": LISTING_CACHE_TIMEOUT,
        "kb_fragment_key": f"{tree_version()}:{get_language() or ''}",
    }
