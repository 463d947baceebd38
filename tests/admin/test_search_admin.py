"""Knowledge base › Searches: what editors see of the search log, and promoting from it."""

import datetime
from unittest import mock

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from tests.admin.helpers import PROMOTE_URL, SEARCHES_URL, make_user, soup, table
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.admin import search as search_admin
from wagtail_kb.models import SearchClick, SearchLogEntry


def columns(response, *names):
    return [[row[name] for name in names] for row in table(response)]


class SearchReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.other_home = make_home(title="Partners", slug="partners")
        cls.article = make_article(make_topic(cls.home, "T"), "Export your data")
        cls.today = today = timezone.localdate()

        def log(query, results, days_ago=0, opened=False, kb=None):
            entry = SearchLogEntry.objects.create(
                kb=kb or cls.home,
                query=query,
                result_count=results,
                searched_on=today - datetime.timedelta(days=days_ago),
                opened=opened,
            )
            if opened:
                SearchClick.objects.create(entry=entry, page=cls.article, position=1)

        for _ in range(5):
            log("export", 3, opened=True)
        log("export", 3)
        for _ in range(3):
            log("dark mode", 0, days_ago=2)
        log("invoice", 2, days_ago=1)
        log("invoice", 2, days_ago=1)
        log("old question", 0, days_ago=200)
        log("partner portal", 0, kb=cls.other_home)
        cls.admin = make_user("admin", superuser=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def get(self, **params):
        response = self.client.get(SEARCHES_URL, params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_top_searches_over_the_last_30_days_by_default(self):
        response = self.get()
        self.assertEqual(
            columns(response, "Search terms", "Searches", "Without results", "Result opened"),
            [
                ["export", "6", "0", "5"],
                ["dark mode", "3", "3", "0"],
                ["invoice", "2", "0", "0"],
                ["partner portal", "1", "1", "0"],
            ],
        )
        first = self.today - datetime.timedelta(days=29)
        totals = (
            soup(response).find(attrs={"data-kb-search-totals": True}).get_text(" ", strip=True)
        )
        self.assertEqual(
            " ".join(totals.split()),
            f"From {first:%b. %-d, %Y} to {self.today:%b. %-d, %Y}: 12 searches, "
            "4 without results, 5 where a result was opened.",
        )

    def test_searches_that_found_nothing_and_those_nobody_opened(self):
        self.assertEqual(
            columns(self.get(outcome="no_results"), "Search terms", "Without results"),
            [["dark mode", "3"], ["partner portal", "1"]],
        )
        self.assertEqual(
            columns(self.get(outcome="unopened"), "Search terms", "Searches"), [["invoice", "2"]]
        )

    def test_period_dates_and_kb_filters(self):
        queries = [row[0] for row in columns(self.get(period="all"), "Search terms")]
        self.assertIn("old question", queries)
        self.assertEqual(
            columns(self.get(period="7", kb=self.other_home.pk), "Search terms"),
            [["partner portal"]],
        )
        # Chosen days replace the period: only the searches of 1 and 2 days ago.
        response = self.get(
            searched_on_from=(self.today - datetime.timedelta(days=2)).isoformat(),
            searched_on_to=(self.today - datetime.timedelta(days=1)).isoformat(),
        )
        self.assertEqual(
            sorted(row[0] for row in columns(response, "Search terms")), ["dark mode", "invoice"]
        )
        first = (self.today - datetime.timedelta(days=365)).isoformat()
        response = self.get(searched_on_from=first)
        self.assertIn("old question", [row[0] for row in columns(response, "Search terms")])

    def test_search_and_sort(self):
        self.assertEqual(
            columns(self.get(q="port"), "Search terms"), [["export"], ["partner portal"]]
        )
        self.assertEqual(
            [row[0] for row in columns(self.get(ordering="query"), "Search terms")],
            ["dark mode", "export", "invoice", "partner portal"],
        )

    def test_report_escapes_queries(self):
        SearchLogEntry.objects.create(
            kb=self.home, query="<img src=x onerror=alert(1)>", result_count=0
        )
        response = self.get()
        self.assertNotContains(response, "<img src=x onerror")
        self.assertContains(response, "&lt;img src=x onerror=alert(1)&gt;")

    def test_report_says_when_analytics_are_off(self):
        with self.settings(WAGTAILKB_SEARCH_ANALYTICS=False):
            self.assertContains(self.get(), "Search analytics are turned off")
        self.assertNotContains(self.get(), "Search analytics are turned off")


class PromotionFromReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.article = make_article(make_topic(cls.home, "T"), "Dark theme")
        SearchLogEntry.objects.create(kb=cls.home, query="dark mode", result_count=0)
        SearchLogEntry.objects.create(kb=cls.home, query="export", result_count=2)

    def promote_buttons(self):
        page = soup(self.client.get(SEARCHES_URL))
        return page, page.select('button[form="kb-promote"]')

    def test_promote_in_one_step(self):
        self.client.force_login(make_user("admin", superuser=True))
        page, buttons = self.promote_buttons()
        self.assertEqual([b["value"] for b in buttons], ["dark mode"])  # only what found nothing
        self.assertEqual(page.find("form", id="kb-promote")["action"], PROMOTE_URL)

        response = self.client.post(PROMOTE_URL, {"query": "dark mode"})
        query = Query.objects.get(query_string="dark mode")
        self.assertRedirects(response, reverse("wagtailsearchpromotions:edit", args=[query.pk]))
        edit = self.client.get(response["Location"])
        self.assertContains(edit, 'value="dark mode"')

        # Once promoted, the report links to the promotion and the KB search shows it first.
        SearchPromotion.objects.create(query=query, page=self.article, sort_order=0)
        page, buttons = self.promote_buttons()
        self.assertEqual(buttons, [])
        self.assertEqual(
            page.find("a", string="Edit promoted articles")["href"],
            reverse("wagtailsearchpromotions:edit", args=[query.pk]),
        )
        results = soup(self.client.get(self.home.url + "search/", {"q": "Dark  Mode"}))
        first = results.select_one(".kb-search-result")
        self.assertIn("Dark theme", first.get_text())
        self.assertIn("kb-search-result--promoted", first["class"])

    def test_promote_needs_post_the_promotion_permissions_and_a_query(self):
        self.client.force_login(make_user("viewer", "view_searchlogentry"))
        self.assertEqual(self.promote_buttons()[1], [])
        self.assertEqual(self.client.post(PROMOTE_URL, {"query": "dark mode"}).status_code, 403)
        self.assertFalse(Query.objects.filter(query_string="dark mode").exists())

        promoter = make_user(
            "promoter", "view_searchlogentry", "add_searchpromotion", "change_searchpromotion"
        )
        self.client.force_login(promoter)
        self.assertEqual(self.client.get(PROMOTE_URL).status_code, 405)
        self.assertEqual(self.client.post(PROMOTE_URL, {"query": "   "}).status_code, 400)
        self.assertFalse(Query.objects.exists())
        response = self.client.post(PROMOTE_URL, {"query": "dark mode"})
        query = Query.objects.get(query_string="dark mode")
        self.assertRedirects(response, reverse("wagtailsearchpromotions:edit", args=[query.pk]))

    def test_without_search_promotions_installed(self):
        self.client.force_login(make_user("admin", superuser=True))
        real = search_admin.apps.is_installed
        with mock.patch.object(
            search_admin.apps,
            "is_installed",
            side_effect=lambda name: name != search_admin.PROMOTIONS_APP and real(name),
        ):
            page, buttons = self.promote_buttons()
            self.assertIn("dark mode", page.get_text())
            self.assertEqual(buttons, [])
            self.assertEqual(self.client.post(PROMOTE_URL, {"query": "x"}).status_code, 403)
            self.assertFalse(Query.objects.filter(query_string="x").exists())
