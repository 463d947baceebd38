"""A cache of searches' ranked results: ids and hit data, never a page of HTML.

A search's ranking (the ids in order, the promoted ones, the highlighted terms, the
correction) and the hits of each page of it (title, URL, topic, snippet, date) are kept in
the KB's listing cache (``WAGTAILKB_CACHE_ALIAS``) for ``WAGTAILKB_SEARCH_CACHE_TIMEOUT``
seconds. The key is a digest of everything the answer depends on:

* the KB home, its locale and the active language; for hits, the request's site (URLs are
  relative to it) and the slice;
* the query as the search reads it (lower case, single spaces: the search folds case and
  splits words itself), instant or not, the number of results;
* the **tree version** (any page save, unpublish, move or deletion, any view restriction or
  site change: publishing is what writes the word index), the synonyms version, the promotions
  version, the documents' privacy version and the results version (``forget_results``, also
  replaced whenever the word index is written);
* the **privacy scope**: the KB's hidden branches (``scope.hidden_paths``: every page whose
  branch readers may not open). Every reader gets the same scope — search only ever lists
  articles that *every* reader may open — so one entry serves all, and a reader who passed a
  password restriction gets exactly what one who did not gets;
* the settings that shape results (``SEARCH_MAX_RESULTS``, ``SEARCH_SNIPPET_WORDS``,
  ``SEARCH_CORRECTIONS``, ``SEARCH_STOP_WORDS``).

What is never cached: the page's HTML, the JSON answer, the log entry and the click tokens
(made per request), and searches of a KB home with a view restriction on its branch. Nothing
is cached while the rate-limit counters share this cache (``enabled``).
"""

import hashlib

from django.utils.translation import get_language
from wagtail.models import Site

from ..cache_versions import current_versions, replace_version
from ..conf import kb_settings
from ..counter_cache import counter_cache_alias
from ..listing_cache import TREE_VERSION_KEY, listing_cache
from ..private_documents import VERSION_KEY as DOCUMENTS_VERSION_KEY
from .synonyms import VERSION_KEY as SYNONYMS_VERSION_KEY

RESULTS_VERSION_KEY = "wagtail_kb:search-results-version"
PROMOTIONS_VERSION_KEY = "wagtail_kb:promotions-version"
_VERSION_KEYS = (
    TREE_VERSION_KEY,
    SYNONYMS_VERSION_KEY,
    PROMOTIONS_VERSION_KEY,
    DOCUMENTS_VERSION_KEY,
    RESULTS_VERSION_KEY,
)


def forget_results(**kwargs):
    """Forget every cached search result (takes any keyword arguments: usable as a receiver)."""
    replace_version(RESULTS_VERSION_KEY)


def _versions():
    """The version tokens the results depend on, in one cache round trip when all exist."""
    return current_versions(_VERSION_KEYS)


def _settings():
    return (
        kb_settings.SEARCH_MAX_RESULTS,
        kb_settings.SEARCH_SNIPPET_WORDS,
        bool(kb_settings.SEARCH_CORRECTIONS),
        sorted((str(k), sorted(map(str, v))) for k, v in kb_settings.SEARCH_STOP_WORDS.items()),
    )


def enabled():
    """Whether results are cached: ``WAGTAILKB_SEARCH_CACHE_TIMEOUT`` is not 0 and the
    rate-limit counters have a cache of their own (``WAGTAILKB_RATE_LIMIT_CACHE_ALIAS``).

    Entries are keyed on what readers search for, so a reader can add as many as they like:
    in a cache the counters share, distinct searches would evict the counters, and with them
    every rate limit (issue 10). The listing cache may lose entries; the counters may not.
    """
    if not kb_settings.SEARCH_CACHE_TIMEOUT:
        return False
    return counter_cache_alias() != kb_settings.CACHE_ALIAS


def ranking_key(kb_home, query, *, instant, limit, hidden_paths):
    """The cache key of one search's ranking, or None when it must not be cached."""
    if not enabled() or getattr(kb_home, "kb_maybe_restricted", True):
        # No cache, or a KB home that may be view-restricted (or whose flag was not read):
        # searched afresh every time.
        return None
    parts = (
        kb_home.pk,
        kb_home.locale_id,
        get_language() or "",
        " ".join(query.lower().split()),
        bool(instant),
        int(limit),
        _versions(),
        tuple(hidden_paths),
        _settings(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"wagtail_kb:search-results:{kb_home.pk}:{digest}"


def hits_key(ranking, request, start, stop):
    """The key of the hits of ``[start:stop]`` of a cached ranking (None: not cached)."""
    if ranking is None:
        return None
    site = Site.find_for_request(request)  # remembered on the request: no query here
    return f"{ranking}:{getattr(site, 'pk', '-')}:{int(start)}:{int(stop)}"


def cached(key):
    return listing_cache().get(key) if key else None


def remember(key, value):
    if key:
        listing_cache().set(key, value, kb_settings.SEARCH_CACHE_TIMEOUT)
