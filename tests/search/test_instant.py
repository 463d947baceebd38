"""Instant (as-you-type) results, and queries and parameters no reader should send."""

from unittest import mock

from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page

from tests.utils import make_article
from wagtail_kb.search import results

from .base import SearchTestCase, paragraph, result_titles, soup


class InstantSearchTests(SearchTestCase):
    def test_json_shape(self):
        article = make_article(self.topic, "Install the desktop app", intro="Download it first.")
        response = self.instant("install")
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertIn("Accept", response["Vary"])
        data = response.json()
        self.assertEqual(len(data), 1)
        self.assertLessEqual({"title", "url", "topic", "snippet"}, set(data[0]))
        self.assertEqual(data[0]["title"], "Install the desktop app")
        self.assertEqual(data[0]["url"], article.url)
        self.assertEqual(data[0]["topic"], "Accounts")
        self.assertIsInstance(data[0]["snippet"], str)

    def test_word_prefixes_match(self):
        make_article(self.topic, "Installing the app")
        make_article(self.topic, "Printing", body=[paragraph("After reconfiguring the printer…")])
        self.assertEqual(
            [r["title"] for r in self.instant("instal").json()], ["Installing the app"]
        )
        self.assertEqual([r["title"] for r in self.instant("reconfig").json()], ["Printing"])
        self.assertEqual(self.instant("the instal").json()[0]["title"], "Installing the app")

    @override_settings(WAGTAILKB_SEARCH_INSTANT_RESULTS=3)
    def test_limited_and_title_matches_first(self):
        for i in range(5):
            make_article(self.topic, f"Note {i}", slug=f"n{i}", body=[paragraph("walrus facts")])
        make_article(self.topic, "Walrus basics", slug="walrus")
        data = self.instant("walr").json()
        self.assertEqual(len(data), 3)
        self.assertEqual(data[0]["title"], "Walrus basics")

    def test_title_matches_lead_even_beyond_the_pool(self):
        for i in range(5):
            make_article(self.topic, f"Note {i}", slug=f"n{i}", body=[paragraph("walrus facts")])
        title = make_article(self.topic, "Walrus basics", slug="walrus")
        Page.objects.filter(pk=title.pk).update(
            last_published_at=timezone.now() - timezone.timedelta(days=3650)
        )
        with (
            mock.patch.object(results, "INSTANT_POOL", 2),
            mock.patch.object(results, "ranking_is_quadratic", return_value=True),
            mock.patch.object(results, "SQLITE_RANKED_MATCHES", 0),
        ):
            data = self.instant("walr").json()
        self.assertEqual(data[0]["title"], "Walrus basics")
        self.assertEqual(len(data), 6)

    def test_browsers_get_html(self):
        make_article(self.topic, "Otter")
        response = self.client.get(
            self.home.url + "search/",
            {"q": "otter"},
            HTTP_ACCEPT="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        )
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")
        self.assertEqual(
            self.client.get(self.home.url + "search/", {"q": "otter"}, HTTP_ACCEPT="*/*")[
                "Content-Type"
            ],
            "text/html; charset=utf-8",
        )

    def test_empty_query_is_an_empty_list(self):
        self.assertEqual(self.instant("").json(), [])
        self.assertEqual(self.instant("   ").json(), [])

    def test_every_kb_page_offers_instant_search(self):
        article = make_article(self.topic, "Otter")
        for url in [self.home.url, self.topic.url, article.url, self.home.url + "search/?q=otter"]:
            page = soup(self.client.get(url))
            form = page.select_one("form.kb-search[data-kb-instant]")
            self.assertIsNotNone(form, url)
            self.assertEqual(form["action"], self.home.url + "search/")
            self.assertEqual(form.select_one("input#kb-search-input")["name"], "q")
            self.assertIsNotNone(
                page.select_one("script[src$='wagtail_kb/js/search.js'][defer]"), url
            )


class BadInputTests(SearchTestCase):
    NASTY = [
        "<script>alert(1)</script>",
        "' OR 1=1; DROP TABLE wagtailcore_page; --",
        '"unbalanced',
        "NEAR(a b) AND * OR -",
        "title:foo body:*",
        "a\x00b\x1bc\x07",
        "\u202e\u200b",
        "((((((",
        "%%%",
    ]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_article(
            cls.topic, "Alert settings", body=[paragraph("Drop shipping or table booking.")]
        )

    def test_nasty_queries_are_harmless(self):
        for query in self.NASTY:
            with self.subTest(query=query):
                response = self.search(query)
                self.assertEqual(response.status_code, 200)
                html = response.content.decode()
                self.assertNotIn("<script>alert(1)</script>", html)
                self.assertEqual(self.instant(query).status_code, 200)
        self.assertTrue(Page.objects.exists())
        response = self.search("<script>alert(1)</script>")
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", response.content.decode())
        self.assertEqual(
            soup(response).find(id="kb-search-input")["value"], "<script>alert(1)</script>"
        )
        # SQL-looking text is just words: it finds what those words find.
        self.assertEqual(result_titles(self.search("drop table")), ["Alert settings"])

    def test_control_characters_are_dropped(self):
        response = self.search("alert\x00\x1b settings")
        self.assertEqual(soup(response).find(id="kb-search-input")["value"], "alert settings")
        self.assertEqual(result_titles(response), ["Alert settings"])

    @override_settings(WAGTAILKB_SEARCH_QUERY_MAX_LENGTH=50)
    def test_overlong_query_is_cut(self):
        response = self.search("alert " + "x" * 5000)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(soup(response).find(id="kb-search-input")["value"]), 50)
        self.assertEqual(self.instant("alert " + "x" * 5000).status_code, 200)

    def test_odd_parameters(self):
        for params in [{"page": "-1"}, {"page": "abc"}, {"page": "1e9"}, {"e": "forged"}]:
            with self.subTest(params=params):
                self.assertEqual(self.search("alert", **params).status_code, 200)
        response = self.client.get(self.home.url + "search/?q=alert&q=other")
        self.assertEqual(response.status_code, 200)
