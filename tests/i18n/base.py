"""What the bilingual tests share: the site (``site.BILINGUAL``), its tree, parsed responses."""

from bs4 import BeautifulSoup
from django.core.cache import caches
from django.test import TestCase

from .site import BILINGUAL, build_bilingual_kb


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def texts(elements):
    return [" ".join(element.get_text().split()) for element in elements]


@BILINGUAL
class BilingualTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Wagtail caches site root paths: an earlier class's sites must not shape these URLs.
        caches["default"].clear()
        cls.kb = build_bilingual_kb()

    def setUp(self):
        caches["default"].clear()

    def get(self, page, **params):
        response = self.client.get(page.url, params)
        self.assertEqual(response.status_code, 200, page.url)
        return response
