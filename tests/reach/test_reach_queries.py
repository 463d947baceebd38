"""The llms files cost a fixed number of queries, whatever the number of articles."""

from django.core.cache import caches
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from tests.utils import make_article, make_home, make_topic


class LlmsQueryTests(TestCase):
    def build(self, slug, topics, articles):
        home = make_home(title=f"KB {slug}", slug=slug)
        for t in range(topics):
            topic = make_topic(home, f"Topic {t}", slug=f"t{t}")
            for a in range(articles):
                make_article(
                    topic,
                    f"A {t}.{a}",
                    slug=f"a{a}",
                    intro="An intro.",
                    body=[("heading", "Part"), ("paragraph", "<p>Text.</p>")],
                )
        return home

    def cold_queries(self, url):
        caches["default"].clear()
        self.client.get(url)  # the site's root paths
        caches["default"].clear()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_cold_llms_files_do_not_grow_with_the_kb(self):
        # Large: more topics and more articles in each (no list in these files is cut short, so
        # no limit to pass): a query per topic or per article would show.
        small, large = self.build("small", 1, 2), self.build("large", 2, 3)
        for name in ("llms.txt", "llms-full.txt"):
            with self.subTest(name):
                self.assertEqual(
                    self.cold_queries(small.url + name), self.cold_queries(large.url + name)
                )
