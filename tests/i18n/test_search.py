"""Searching the bilingual KB: each language's search finds its own articles, with its synonyms.

MySQL and MariaDB index full text at commit only: there the class is a ``TransactionTestCase``
(``tests.database.SearchIndexTestCase``), so the tree is built for each test, in ``setUp``.
"""

from django.core.cache import caches

from tests.database import SearchIndexTestCase
from wagtail_kb.models import KBSynonym

from .base import soup, texts
from .site import BILINGUAL, build_bilingual_kb

JSON = {"HTTP_ACCEPT": "application/json"}


@BILINGUAL
class SearchWithinLocaleTests(SearchIndexTestCase):
    def setUp(self):
        caches["default"].clear()
        self.kb = build_bilingual_kb()

    def search(self, home, query, **headers):
        response = self.client.get(home.url + "search/", {"q": query}, **headers)
        self.assertEqual(response.status_code, 200)
        return response

    def titles(self, home, query):
        return texts(soup(self.search(home, query)).select(".kb-search-result__title"))

    def test_each_language_finds_its_own_articles(self):
        kb = self.kb
        self.assertEqual(self.titles(kb.home_de, "Passwort"), ["Passwort zurücksetzen"])
        self.assertEqual(self.titles(kb.home, "password"), ["Reset your password"])
        # The other language's words find nothing: no result leads out of the reader's tree
        # ("Passwort" would be corrected to "password" in English: a word with no near twin).
        self.assertEqual(self.titles(kb.home, "zurücksetzen"), [])
        self.assertEqual(self.titles(kb.home_de, "invoice"), [])
        results = self.search(kb.home_de, "Rechnung", **JSON).json()
        self.assertEqual([r["url"] for r in results], [kb.article_de("invoices").url])
        self.assertEqual(results[0]["topic"], "Abrechnung")

    def test_the_results_page_speaks_the_readers_language(self):
        response = self.search(self.kb.home_de, "Passwort")
        self.assertContains(response, "Ergebnisse für")
        self.assertNotContains(response, "Results for")

    def test_synonyms_of_the_readers_locale_else_the_default_ones(self):
        kb = self.kb
        english = KBSynonym.objects.create(terms="password, passphrase", locale=kb.en)
        german = english.copy_for_translation(kb.de)
        german.terms = "Passwort, Kennwort"
        german.save()
        # Only in English: German readers get it too (the default locale's version).
        KBSynonym.objects.create(terms="receipt, invoice, Beleg, Rechnung", locale=kb.en)
        self.assertEqual(self.titles(kb.home_de, "Kennwort"), ["Passwort zurücksetzen"])
        self.assertEqual(self.titles(kb.home, "passphrase"), ["Reset your password"])
        # The German version replaces the English one for German readers, and only for them.
        self.assertEqual(self.titles(kb.home_de, "passphrase"), [])
        self.assertEqual(self.titles(kb.home, "Kennwort"), [])
        self.assertEqual(self.titles(kb.home_de, "Beleg"), ["Rechnungen und Quittungen"])
