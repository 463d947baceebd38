"""Issue 10 item 4: readers cannot evict the rating endpoint's rate-limit counters.

Django's per-process ``LocMemCache`` keeps 300 entries by default (here 60, so that the test needs
fewer requests) and culls the least recently used when full. A cached fragment keyed on what a
reader typed (the header was cached per search query) let anyone flush the counters with a few
hundred distinct searches, and with them every rate limit.
"""

from django.core.cache import caches
from django.test import TestCase, override_settings

from tests.ratings.base import SAME_ORIGIN, make_rated_article
from tests.utils import make_article

SMALL = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 60}}
# Two votes per window. The windows are fixed (now // period): a window of 10**9 seconds does not
# end during a test (the next boundary is in 2033), where one of 10 minutes could end between the
# votes of a slow run and reset the counter for the wrong reason.
LIMIT = {
    "WAGTAILKB_RATING_RATE_LIMIT_VISITOR": (2, 10**9),
    "WAGTAILKB_RATING_RATE_LIMIT_IP": None,
}


class RateLimitCacheTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        caches["default"].clear()
        cls.home, cls.topic, cls.article = make_rated_article()
        cls.rate_url = cls.article.url + "rate/"

    def setUp(self):
        for alias in ("default", "rate-limits"):
            if alias in caches.settings:
                caches[alias].clear()

    def vote(self):
        return self.client.post(self.rate_url, {"stars": "4"}, **SAME_ORIGIN)

    def use_up_the_limit(self):
        self.assertEqual([self.vote().status_code for _ in range(3)], [303, 303, 429])


@override_settings(CACHES={"default": SMALL}, **LIMIT)
class SearchesDoNotResetLimitsTests(RateLimitCacheTestCase):
    def test_distinct_searches_leave_the_counters_alone(self):
        self.use_up_the_limit()
        for number in range(100):
            response = self.client.get(self.home.url + "search/", {"q": f"word{number}"})
            self.assertEqual(response.status_code, 200)
        self.assertEqual(self.vote().status_code, 429)

    def test_the_header_still_shows_the_readers_query(self):
        """The search box keeps the query, though the header is no longer cached per query."""
        for query in ("first query", "second query"):
            response = self.client.get(self.home.url + "search/", {"q": query})
            self.assertContains(response, f'value="{query}"', count=1)

    def test_the_header_is_cached_once_whatever_is_searched(self):
        self.client.get(self.home.url + "search/", {"q": "warm"})
        before = len(caches["default"]._cache)
        for number in range(20):
            self.client.get(self.home.url + "search/", {"q": f"other{number}"})
        self.assertLessEqual(len(caches["default"]._cache) - before, 2)


TINY = {**SMALL, "OPTIONS": {"MAX_ENTRIES": 20}}
RATE_LIMITS = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "limits"}


@override_settings(
    CACHES={"default": SMALL, "rate-limits": RATE_LIMITS},
    WAGTAILKB_RATE_LIMIT_CACHE_ALIAS="rate-limits",
    **LIMIT,
)
class SeparateRateLimitCacheTests(RateLimitCacheTestCase):
    def test_counters_live_in_their_own_cache(self):
        self.use_up_the_limit()
        self.assertTrue(any("rating-limit" in key for key in caches["rate-limits"]._cache))
        self.assertFalse(any("rating-limit" in key for key in caches["default"]._cache))

    @override_settings(CACHES={"default": TINY, "rate-limits": RATE_LIMITS})
    def test_browsing_many_pages_leaves_the_counters_alone(self):
        """The KB's own fragments (one per page and language) churn the default cache, not these."""
        # A default cache of TINY's 20 entries, which a dozen articles' fragments overflow (so
        # that few pages need publishing); the test checks that it really culled.
        articles = [make_article(self.topic, f"Article {n}", slug=f"a-{n}") for n in range(12)]
        self.use_up_the_limit()
        self.assertEqual(self.client.get(articles[0].url).status_code, 200)
        first_fragments = set(caches["default"]._cache)
        for article in articles[1:]:
            self.assertEqual(self.client.get(article.url).status_code, 200)
        self.assertFalse(first_fragments <= set(caches["default"]._cache), "nothing was culled")
        self.assertEqual(self.vote().status_code, 429)
