"""The Searches report turns a search that found nothing into a synonym in one step."""

from django.test import TestCase
from wagtail.models import Locale

from tests.admin.helpers import SEARCHES_URL, make_user, soup, table
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import KBSynonym, SearchLogEntry

from .base import result_titles


class SynonymFromSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        make_article(make_topic(cls.home, "Accounts"), "Log in to your account")
        SearchLogEntry.objects.create(kb=cls.home, query="sign on", result_count=0)
        SearchLogEntry.objects.create(kb=cls.home, query="log in", result_count=1)
        SearchLogEntry.objects.create(
            kb=cls.home, query="lgo in", corrected_query="log in", result_count=1
        )
        cls.admin = make_user("admin", superuser=True)
        cls.viewer = make_user("viewer", "view_searchlogentry")

    def synonym_links(self, user):
        self.client.force_login(user)
        response = self.client.get(SEARCHES_URL)
        self.assertEqual(response.status_code, 200)
        return {
            row.find_all("td")[0].get_text(strip=True): row.select_one("a[href*='terms=']")
            for row in soup(response).select("table.kb-report tbody tr")
        }

    def test_a_zero_result_search_opens_the_synonym_editor_filled_in(self):
        links = self.synonym_links(self.admin)
        self.assertIsNone(links["log in"])
        add = self.client.get(links["sign on"]["href"])
        self.assertEqual(add.status_code, 200)
        field = soup(add).select_one("input[name=terms]")
        self.assertEqual(field["value"], "sign on, ")
        # The editor adds the articles' words and saves: the next search finds the article.
        url = links["sign on"]["href"].split("?")[0]
        response = self.client.post(url, {"terms": "sign on, log in"})
        self.assertEqual(response.status_code, 302)
        synonym = KBSynonym.objects.get()
        self.assertEqual(synonym.get_terms(), ["sign on", "log in"])
        self.assertEqual(synonym.locale, Locale.get_default())
        found = self.client.get(self.home.url + "search/", {"q": "sign on"})
        self.assertEqual(result_titles(found), ["Log in to your account"])

    def test_the_report_shows_the_corrected_query(self):
        self.client.force_login(self.admin)
        rows = table(self.client.get(SEARCHES_URL))
        corrected = {row["Search terms"]: row["Corrected to"] for row in rows}
        self.assertEqual(corrected["lgo in"], "log in")
        self.assertEqual(corrected["log in"], "")

    def test_no_link_without_the_permission_to_add_synonyms(self):
        links = self.synonym_links(self.viewer)
        self.assertIsNone(links["sign on"])
