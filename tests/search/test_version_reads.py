"""Cache version tokens are read once per request (``wagtail_kb.cache_versions``).

A cold search depends on five tokens (tree, synonyms, promotions, private documents, results)
and used to read the tree version seven times: on Redis or Memcached a round trip each. Within
a request each token is read once, a token the request replaces is seen as replaced, and the
next request reads the cache again, so another worker's change shows at once.
"""

from collections import Counter

from django.core.cache.backends.locmem import LocMemCache
from django.test import SimpleTestCase, override_settings

from tests.utils import make_article
from wagtail_kb.cache_versions import (
    current_version,
    forget_after_requests,
    remember_during_requests,
    replace_version,
)
from wagtail_kb.listing_cache import TREE_VERSION_KEY, listing_cache
from wagtail_kb.search.cache import forget_results

from .base import SearchTestCase, paragraph, result_titles


class CountingLocMemCache(LocMemCache):
    """The local-memory cache, counting the reads of each key (``get_many``: one per key)."""

    reads = Counter()

    def get(self, key, default=None, version=None):
        CountingLocMemCache.reads[key] += 1
        return super().get(key, default, version)


COUNTING = "tests.search.test_version_reads.CountingLocMemCache"
COUNTING_CACHES = override_settings(
    CACHES={
        "default": {"BACKEND": COUNTING},
        "counters": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "c"},
    },
    WAGTAILKB_RATE_LIMIT_CACHE_ALIAS="counters",
)
VERSION_KEYS = [
    TREE_VERSION_KEY,
    "wagtail_kb:synonyms-version",
    "wagtail_kb:promotions-version",
    "wagtail_kb:document-privacy-version",
    "wagtail_kb:search-results-version",
]


@COUNTING_CACHES
class SearchReadsEachVersionOnceTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_article(cls.topic, "Feeding otters", body=[paragraph("Otters eat fish.")])

    def cold_search_reads(self):
        forget_results()
        CountingLocMemCache.reads.clear()
        response = self.search("otters")
        self.assertEqual(result_titles(response), ["Feeding otters"])
        return Counter({key: CountingLocMemCache.reads[key] for key in VERSION_KEYS})

    def test_a_cold_search_reads_each_token_once(self):
        self.search("otters")  # warm: sites, hidden branches, synonyms, listings
        reads = self.cold_search_reads()
        self.assertEqual(reads, Counter(dict.fromkeys(VERSION_KEYS, 1)))

    def test_the_next_request_reads_them_again_and_sees_another_workers_change(self):
        self.search("otters")
        self.cold_search_reads()
        # Another worker replaces the tree version: this request's successor reads it.
        listing_cache().set(TREE_VERSION_KEY, "from-another-worker", None)
        self.cold_search_reads()
        remember_during_requests()
        try:
            self.assertEqual(current_version(TREE_VERSION_KEY), "from-another-worker")
        finally:
            forget_after_requests()


@override_settings(CACHES={"default": {"BACKEND": COUNTING}})
class RequestMemoTests(SimpleTestCase):
    def setUp(self):
        listing_cache().clear()
        CountingLocMemCache.reads.clear()

    def test_outside_a_request_every_read_goes_to_the_cache(self):
        first = current_version("wagtail_kb:test-version")
        listing_cache().set("wagtail_kb:test-version", "changed", None)
        self.assertNotEqual(first, "changed")
        self.assertEqual(current_version("wagtail_kb:test-version"), "changed")

    def test_within_a_request_a_token_is_read_once_and_its_own_replacement_is_seen(self):
        remember_during_requests()
        try:
            first = current_version("wagtail_kb:test-version")
            self.assertEqual(current_version("wagtail_kb:test-version"), first)
            listing_cache().set("wagtail_kb:test-version", "another-worker", None)
            self.assertEqual(current_version("wagtail_kb:test-version"), first)
            replace_version("wagtail_kb:test-version")
            replaced = current_version("wagtail_kb:test-version")
            self.assertNotIn(replaced, (first, "another-worker"))
            self.assertEqual(listing_cache().get("wagtail_kb:test-version"), replaced)
        finally:
            forget_after_requests()
        listing_cache().set("wagtail_kb:test-version", "after", None)
        self.assertEqual(current_version("wagtail_kb:test-version"), "after")
