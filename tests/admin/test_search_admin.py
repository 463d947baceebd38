"""Knowledge base › Searches: what editors see of the search log, its export and permissions."""

import csv
import datetime
import io
from unittest import mock

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import admin_menu
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from tests.utils import make_article, make_home, make_topic
from wagtail_kb.admin import search as search_admin
from wagtail_kb.models import SearchClick, SearchLogEntry

REPORT_URL = "/admin/kb/searches/"
PROMOTE_URL = "/admin/kb/searches/promote/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def make_user(username, *codenames, superuser=False):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.com", "pw")
    user = User.objects.create_user(username, f"{username}@example.com", "pw")
    user.user_permissions.set(Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


def table_rows(page, heading_id):
    table = page.find("table", attrs={"aria-labelledby": heading_id})
    if table is None:
        return []
    return [
        [" ".join(td.get_text().split()) for td in tr.find_all("td")]
        for tr in table.select("tbody tr")
    ]


class SearchReportTests(TestCase):
    def setUp(self):
        self.home = make_home()
        self.other_home = make_home(title="Partners", slug="partners")
        self.article = make_article(make_topic(self.home, "T"), "Export your data")
        today = timezone.localdate()
        self.today = today

        def log(query, results, days_ago=0, opened=False, kb=None):
            entry = SearchLogEntry.objects.create(
                kb=kb or self.home,
                query=query,
                result_count=results,
                searched_on=today - datetime.timedelta(days=days_ago),
                opened=opened,
            )
            if opened:
                SearchClick.objects.create(entry=entry, page=self.article, position=1)
            return entry

        for _ in range(5):
            log("export", 3, opened=True)
        log("export", 3)
        for _ in range(3):
            log("dark mode", 0, days_ago=2)
        log("invoice", 2, days_ago=1)
        log("invoice", 2, days_ago=1)
        log("old question", 0, days_ago=200)
        log("partner portal", 0, kb=self.other_home)
        self.admin = make_user("admin", superuser=True)
        self.client.force_login(self.admin)

    def test_menu_item_in_the_knowledge_base_group(self):
        request = mock.Mock(user=self.admin)
        group = next(
            item
            for item in admin_menu.menu_items_for_request(request)
            if item.name == "knowledge-base"
        )
        labels = [str(item.label) for item in group.menu.menu_items_for_request(request)]
        self.assertIn("Searches", labels)
        self.assertEqual(reverse("kb_searches_modeladmin_index"), REPORT_URL)

    def test_top_and_no_result_queries_over_the_default_period(self):
        response = self.client.get(REPORT_URL)
        self.assertEqual(response.status_code, 200)
        page = soup(response)
        top = table_rows(page, "kb-top-searches")
        self.assertEqual(
            [row[:4] for row in top],
            [
                ["export", "6", "0", "5"],
                ["dark mode", "3", "3", "0"],
                ["invoice", "2", "0", "0"],
                ["partner portal", "1", "1", "0"],
            ],
        )
        none = table_rows(page, "kb-no-results")
        self.assertEqual([row[:2] for row in none], [["dark mode", "3"], ["partner portal", "1"]])
        unopened = table_rows(page, "kb-unopened")
        self.assertEqual([row[:2] for row in unopened], [["invoice", "2"]])
        self.assertNotIn("old question", page.get_text())  # outside the last 30 days

    def test_period_and_kb_filters(self):
        first = (self.today - datetime.timedelta(days=365)).isoformat()
        response = self.client.get(
            REPORT_URL, {"period": "custom", "date_from": first, "date_to": self.today.isoformat()}
        )
        self.assertIn("old question", [r[0] for r in table_rows(soup(response), "kb-no-results")])

        response = self.client.get(REPORT_URL, {"period": "7", "kb": self.other_home.pk})
        self.assertEqual(
            [r[0] for r in table_rows(soup(response), "kb-top-searches")], ["partner portal"]
        )
        # A day range that excludes today: only the searches of 1 and 2 days ago.
        day = (self.today - datetime.timedelta(days=1)).isoformat()
        two = (self.today - datetime.timedelta(days=2)).isoformat()
        response = self.client.get(
            REPORT_URL, {"period": "custom", "date_from": two, "date_to": day}
        )
        self.assertEqual(
            sorted(r[0] for r in table_rows(soup(response), "kb-top-searches")),
            ["dark mode", "invoice"],
        )

    def test_bad_filter_values_fall_back_to_the_default_period(self):
        for params in [{"period": "nonsense"}, {"date_from": "yesterday"}, {"kb": "abc"}]:
            with self.subTest(params=params):
                self.assertEqual(self.client.get(REPORT_URL, params).status_code, 200)

    def test_csv_export(self):
        SearchLogEntry.objects.create(
            kb=self.home, query='=HYPERLINK("http://x","y")', result_count=0
        )
        SearchLogEntry.objects.create(kb=self.home, query="+cmd|' /C calc'!A0", result_count=0)
        response = self.client.get(REPORT_URL, {"export": "csv"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/csv"))
        self.assertIn("attachment;", response["Content-Disposition"])
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual(
            rows[0],
            [
                "query",
                "searches",
                "searches_without_results",
                "searches_opened",
                "average_results",
                "last_searched",
            ],
        )
        by_query = {row[0]: row for row in rows[1:]}
        self.assertEqual(by_query["export"][1:4], ["6", "0", "5"])
        self.assertIn('\'=HYPERLINK("http://x","y")', by_query)
        self.assertIn("'+cmd|' /C calc'!A0", by_query)
        for row in rows[1:]:
            self.assertFalse(row[0].startswith(("=", "+", "-", "@")), row)
        # The export follows the filters.
        response = self.client.get(REPORT_URL, {"export": "csv", "kb": self.other_home.pk})
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual([row[0] for row in rows[1:]], ["partner portal"])

    def test_report_escapes_queries(self):
        SearchLogEntry.objects.create(
            kb=self.home, query="<img src=x onerror=alert(1)>", result_count=0
        )
        response = self.client.get(REPORT_URL)
        self.assertNotContains(response, "<img src=x onerror")
        self.assertContains(response, "&lt;img src=x onerror=alert(1)&gt;")


class PromotionFromReportTests(TestCase):
    def assertRefused(self, response):
        # Wagtail's admin answers PermissionDenied with a redirect and a message (or a 403).
        self.assertIn(response.status_code, (302, 403))
        self.assertNotIn("/admin/searchpicks/", response.get("Location", ""))

    def setUp(self):
        self.home = make_home()
        self.article = make_article(make_topic(self.home, "T"), "Dark theme")
        SearchLogEntry.objects.create(kb=self.home, query="dark mode", result_count=0)

    def test_promote_in_one_step(self):
        self.client.force_login(make_user("admin", superuser=True))
        page = soup(self.client.get(REPORT_URL))
        form = page.find("table", attrs={"aria-labelledby": "kb-no-results"}).find("form")
        self.assertEqual(form["action"], PROMOTE_URL)
        self.assertEqual(form.find("input", attrs={"name": "query"})["value"], "dark mode")

        response = self.client.post(PROMOTE_URL, {"query": "dark mode"})
        query = Query.objects.get(query_string="dark mode")
        self.assertRedirects(response, reverse("wagtailsearchpromotions:edit", args=[query.pk]))
        edit = self.client.get(response["Location"])
        self.assertEqual(edit.status_code, 200)
        self.assertContains(edit, 'value="dark mode"')

        # Once promoted, the report links to the promotion and the KB search shows it first.
        SearchPromotion.objects.create(query=query, page=self.article, sort_order=0)
        page = soup(self.client.get(REPORT_URL))
        link = page.find("table", attrs={"aria-labelledby": "kb-no-results"}).find("a")
        self.assertEqual(link["href"], reverse("wagtailsearchpromotions:edit", args=[query.pk]))
        results = soup(self.client.get(self.home.url + "search/", {"q": "Dark  Mode"}))
        first = results.select_one(".kb-search-result")
        self.assertIn("Dark theme", first.get_text())
        self.assertIn("kb-search-result--promoted", first["class"])

    def test_promote_needs_post_and_permission(self):
        viewer = make_user("viewer", "view_searchlogentry")
        self.client.force_login(viewer)
        page = soup(self.client.get(REPORT_URL))
        self.assertIsNone(
            page.find("table", attrs={"aria-labelledby": "kb-no-results"}).find("form")
        )
        self.assertRefused(self.client.post(PROMOTE_URL, {"query": "dark mode"}))
        self.assertFalse(Query.objects.filter(query_string="dark mode").exists())

        promoter = make_user(
            "promoter", "view_searchlogentry", "add_searchpromotion", "change_searchpromotion"
        )
        self.client.force_login(promoter)
        self.assertEqual(self.client.get(PROMOTE_URL).status_code, 405)
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
            page = soup(self.client.get(REPORT_URL))
            self.assertIn("dark mode", page.get_text())
            self.assertIsNone(
                page.find("table", attrs={"aria-labelledby": "kb-no-results"}).find("form")
            )
            self.assertRefused(self.client.post(PROMOTE_URL, {"query": "x"}))
            self.assertFalse(Query.objects.filter(query_string="x").exists())


class PermissionTests(TestCase):
    def setUp(self):
        self.home = make_home()
        SearchLogEntry.objects.create(kb=self.home, query="export", result_count=1)

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(REPORT_URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_editor_without_permission_is_refused(self):
        self.client.force_login(make_user("editor", "change_page"))
        self.assertIn(self.client.get(REPORT_URL).status_code, (302, 403))
        self.assertIn(self.client.get(REPORT_URL, {"export": "csv"}).status_code, (302, 403))

    def test_view_permission_is_enough_and_nothing_is_editable(self):
        self.client.force_login(make_user("analyst", "view_searchlogentry"))
        response = self.client.get(REPORT_URL)
        self.assertEqual(response.status_code, 200)
        self.assertIn("export", soup(response).get_text())
        entry = SearchLogEntry.objects.get()
        for action in ("create/", f"edit/{entry.pk}/", f"delete/{entry.pk}/"):
            with self.subTest(action=action):
                self.assertIn(self.client.get(REPORT_URL + action).status_code, (302, 403))
        self.assertTrue(SearchLogEntry.objects.exists())

    def test_only_the_view_permission_is_offered_to_groups(self):
        helper = search_admin.SearchReportPermissionHelper(SearchLogEntry)
        self.assertEqual(
            list(helper.get_all_model_permissions().values_list("codename", flat=True)),
            ["view_searchlogentry"],
        )
