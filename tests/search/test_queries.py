"""Search answers in a fixed number of SQL queries, whatever the page size."""

from django.core.files.base import ContentFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model

from tests.utils import make_article, make_topic
from wagtail_kb.search.cache import forget_results

from .base import JSON, SearchTestCase, paragraph, result_titles


class ConstantQueryTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        topics = [cls.topic, make_topic(cls.home, "Billing"), make_topic(cls.home, "Security")]
        Document = get_document_model()
        document = Document.objects.create(
            title="Manual", file=ContentFile(b"%PDF-1.4", name="manual.pdf")
        )
        deck = {"heading": "", "url": "", "document": document, "caption": "Slides"}
        for i in range(25):
            make_article(
                topics[i % 3],
                f"Backup guide {i}" if i % 2 else f"Guide {i}",
                slug=f"guide-{i}",
                body=[paragraph("How to backup your files."), ("deck", deck)],
            )

    def count(self, url, **extra):
        self.client.get(url, **extra)  # warm caches (site root paths, settings)
        forget_results()  # not the search's own: the ranking and the hits are built
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, **extra)
        self.assertEqual(response.status_code, 200)
        return len(queries), response

    def test_results_page_queries_do_not_grow_with_page_size(self):
        url = self.home.url + "search/?q=backup"
        with override_settings(WAGTAILKB_SEARCH_RESULTS_PER_PAGE=5):
            small, response = self.count(url)
            self.assertEqual(len(result_titles(response)), 5)
        with override_settings(WAGTAILKB_SEARCH_RESULTS_PER_PAGE=20):
            large, response = self.count(url)
            self.assertEqual(len(result_titles(response)), 20)
        self.assertEqual(small, large)
        self.assertLessEqual(small, 25, "query budget of the results page")

    def test_instant_results_queries_do_not_grow_with_the_limit(self):
        url = self.home.url + "search/?q=backup"
        with override_settings(WAGTAILKB_SEARCH_INSTANT_RESULTS=3):
            small, response = self.count(url, **JSON)
            self.assertEqual(len(response.json()), 3)
        with override_settings(WAGTAILKB_SEARCH_INSTANT_RESULTS=15):
            large, response = self.count(url, **JSON)
            self.assertEqual(len(response.json()), 15)
        self.assertEqual(small, large)
