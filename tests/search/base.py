"""Shared helpers of the search tests: a KB with one topic, and readers' requests."""

from bs4 import BeautifulSoup
from django.core.cache import caches
from django.test import TestCase

from tests.utils import make_home, make_topic

JSON = {"HTTP_ACCEPT": "application/json"}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def result_titles(response):
    return [
        " ".join(h.get_text().split()) for h in soup(response).select(".kb-search-result__title")
    ]


def paragraph(text):
    return ("paragraph", f"<p>{text}</p>")


class SearchHelpers:
    """A reader's searches of ``self.home``, with the default cache emptied before each test."""

    def setUp(self):
        super().setUp()
        caches["default"].clear()

    def search(self, q, home=None, **params):
        home = home or self.home
        return self.client.get(home.url + "search/", {"q": q, **params})

    def instant(self, q, home=None):
        home = home or self.home
        return self.client.get(home.url + "search/", {"q": q}, **JSON)


class SearchTestCase(SearchHelpers, TestCase):
    """A KB home with one topic, made once per class (each test runs in its own transaction)."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home(title="Help centre", slug="help")
        cls.topic = make_topic(cls.home, "Accounts")
