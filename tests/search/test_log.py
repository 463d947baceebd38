"""The committed-search log: what is logged, click-through, failures, pruning."""

import logging
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import SearchClick, SearchLogEntry

from .base import SearchTestCase, paragraph, result_titles, soup


class LoggingTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.article = make_article(cls.topic, "Export your data", body=[paragraph("CSV export")])
        cls.other_home = make_home(title="Other", slug="other")
        cls.foreign = make_article(make_topic(cls.other_home, "T"), "Export elsewhere")

    def test_instant_requests_log_nothing(self):
        for prefix in ["ex", "exp", "expo", "expor", "export"]:
            self.instant(prefix)
        self.assertFalse(SearchLogEntry.objects.exists())

    def test_results_page_logs_the_normalised_query(self):
        self.search("  Export   DATA ")
        entry = SearchLogEntry.objects.get()
        self.assertEqual(
            (entry.query, entry.result_count, entry.kb_id, entry.source, entry.opened),
            ("export data", 1, self.home.pk, "page", False),
        )
        self.assertEqual(entry.searched_on, timezone.localdate())
        fields = {f.name for f in SearchLogEntry._meta.get_fields()} | {
            f.name for f in SearchClick._meta.get_fields()
        }
        self.assertFalse(fields & {"ip", "ip_address", "user", "user_agent", "session"})
        self.search("nothing here")
        self.assertEqual(SearchLogEntry.objects.get(query="nothing here").result_count, 0)

    def test_log_rows_stay_out_of_the_reference_index(self):
        from wagtail.models import ReferenceIndex

        before = ReferenceIndex.objects.count()
        link = soup(self.search("export")).select_one(".kb-search-result__title a")["href"]
        self.client.get(link)
        self.assertEqual(SearchClick.objects.count(), 1)
        self.assertEqual(ReferenceIndex.objects.count(), before)

    def test_paging_is_not_a_new_search(self):
        for i in range(12):
            make_article(self.topic, f"Export {i}", slug=f"export-{i}")
        first = self.search("export")
        next_link = soup(first).select_one(".kb-pagination a[rel=next]")["href"]
        self.client.get(self.home.url + "search/" + next_link)
        self.assertEqual(SearchLogEntry.objects.count(), 1)

    def test_click_through_records_the_opened_result(self):
        response = self.search("export")
        link = soup(response).select_one(".kb-search-result__title a")["href"]
        self.assertTrue(link.startswith(self.home.url + "search/go/?"))
        response = self.client.get(link)
        self.assertRedirects(response, self.article.url, fetch_redirect_response=False)
        entry = SearchLogEntry.objects.get()
        self.assertTrue(entry.opened)
        click = SearchClick.objects.get()
        self.assertEqual(
            (click.entry_id, click.page_id, click.position), (entry.pk, self.article.pk, 1)
        )

    def test_committed_instant_search_is_logged_with_its_click(self):
        (suggestion,) = self.instant("Expo").json()
        self.assertEqual(suggestion["id"], self.article.pk)
        url = self.home.url + "search/go/"
        params = {"q": "Expo", "to": self.article.pk, "e": suggestion["token"]}
        response = self.client.get(url, params)
        self.assertRedirects(response, self.article.url, fetch_redirect_response=False)
        entry = SearchLogEntry.objects.get()
        self.assertEqual(
            (entry.query, entry.source, entry.result_count, entry.opened),
            ("expo", "instant", 1, True),
        )
        click = SearchClick.objects.get()
        self.assertEqual((click.page_id, click.position), (self.article.pk, 1))

    def test_click_through_refuses_foreign_targets(self):
        topic_page = self.topic
        for target in [
            self.foreign.pk,
            topic_page.pk,
            self.home.pk,
            999999,
            "abc",
            "",
            "https://evil.example",
        ]:
            with self.subTest(target=target):
                response = self.client.get(
                    self.home.url + "search/go/", {"q": "export", "to": target}
                )
                self.assertEqual(response.status_code, 404)
        response = self.client.get(
            self.home.url + "search/go/",
            {"q": "x", "to": self.article.pk, "next": "https://evil.example"},
        )
        self.assertEqual(response["Location"], self.article.url)
        # Without a token a click-through only redirects: nothing is logged.
        self.assertFalse(SearchClick.objects.exists())
        self.assertFalse(SearchLogEntry.objects.exists())

    def test_forged_or_foreign_token_logs_nothing(self):
        self.search("export", home=self.other_home)
        foreign_link = soup(self.search("export", home=self.other_home)).select_one(
            ".kb-search-result__title a"
        )["href"]
        token = dict(pair.split("=", 1) for pair in foreign_link.split("?", 1)[1].split("&"))["e"]
        before = SearchLogEntry.objects.count()
        for bad in ["1:forged", token]:
            response = self.client.get(
                self.home.url + "search/go/", {"q": "export", "to": self.article.pk, "e": bad}
            )
            self.assertEqual(response.status_code, 302)
        self.assertEqual(SearchLogEntry.objects.count(), before)
        self.assertFalse(SearchClick.objects.exists())

    @override_settings(WAGTAILKB_SEARCH_ANALYTICS=False)
    def test_analytics_off(self):
        response = self.search("export")
        self.assertEqual(
            soup(response).select_one(".kb-search-result__title a")["href"], self.article.url
        )
        self.client.get(self.home.url + "search/go/", {"q": "export", "to": self.article.pk})
        self.assertFalse(SearchLogEntry.objects.exists())
        self.assertFalse(SearchClick.objects.exists())

    def test_logging_failure_does_not_fail_the_answer(self):
        with (
            mock.patch.object(
                SearchLogEntry.objects, "create", side_effect=DatabaseError("disk full")
            ),
            self.assertLogs("wagtail_kb.search", logging.ERROR) as logs,
        ):
            response = self.search("export")
            token = self.instant("export").json()[0]["token"]
            go = self.client.get(
                self.home.url + "search/go/", {"q": "export", "to": self.article.pk, "e": token}
            )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(result_titles(response), ["Export your data"])
        # Without a logged search the results link straight to the article.
        self.assertEqual(
            soup(response).select_one(".kb-search-result__title a")["href"], self.article.url
        )
        self.assertEqual(go.status_code, 302)
        self.assertEqual(len(logs.records), 2)  # the results page, then the instant click
        self.assertIn("disk full", logs.output[0])
        self.assertIn("disk full", logs.output[1])
        # The database connection is still usable after the failed insert.
        self.assertEqual(self.search("export").status_code, 200)
        self.assertEqual(SearchLogEntry.objects.count(), 1)

    def test_real_database_error_is_contained(self):
        failed = []  # where each failing statement is in the captured queries

        def broken_insert(**kwargs):
            failed.append(len(queries.captured_queries))
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM wagtail_kb_no_such_table")

        # A real failing statement: on PostgreSQL it aborts the transaction, so the rest of the
        # request (topics, template) only works because logging ran in a savepoint.
        with (
            mock.patch.object(SearchLogEntry.objects, "create", side_effect=broken_insert),
            self.assertLogs("wagtail_kb.search", logging.ERROR) as logs,
            CaptureQueriesContext(connection) as queries,
        ):
            response = self.search("export")
            nothing = self.search("nothing at all")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(result_titles(response), ["Export your data"])
        self.assertContains(nothing, "No articles match your search")
        self.assertEqual(len(logs.records), 2)
        self.assertIn("wagtail_kb_no_such_table", logs.output[0])
        # On every database: each failed insert ran in a savepoint that was rolled back.
        sql = [query["sql"] for query in queries.captured_queries]
        self.assertEqual(len(failed), 2)
        for index in failed:
            # (MySQLdb reports a failed statement with the text of the one before it.)
            if connection.vendor != "mysql":
                self.assertIn("wagtail_kb_no_such_table", sql[index])
            savepoints = [text for text in sql[:index] if text.startswith("SAVEPOINT")]
            self.assertTrue(savepoints, "the insert ran outside a savepoint")
            name = savepoints[-1].split()[-1]
            self.assertIn(f"ROLLBACK TO SAVEPOINT {name}", sql[index + 1 :])
        self.assertFalse(SearchLogEntry.objects.exists())

    def test_responses_are_not_shared_cached(self):
        response = self.search("export")
        self.assertIn("private", response["Cache-Control"])
        self.assertEqual(response["X-Robots-Tag"], "noindex")


class PruneCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.article = make_article(make_topic(cls.home, "T"), "A")
        today = timezone.localdate()
        for days in (0, 10, 100, 400):
            entry = SearchLogEntry.objects.create(
                kb=cls.home,
                query=f"q{days}",
                result_count=1,
                searched_on=today - timezone.timedelta(days=days),
            )
            SearchClick.objects.create(entry=entry, page=cls.article)

    def remaining(self):
        return sorted(SearchLogEntry.objects.values_list("query", flat=True))

    def test_default_retention(self):
        call_command("kb_prune_search_log", stdout=StringIO())
        self.assertEqual(self.remaining(), ["q0", "q10", "q100"])
        self.assertEqual(SearchClick.objects.count(), 3)

    @override_settings(WAGTAILKB_SEARCH_LOG_RETENTION_DAYS=30)
    def test_setting_and_option(self):
        call_command("kb_prune_search_log", "--dry-run", stdout=StringIO())
        self.assertEqual(len(self.remaining()), 4)
        call_command("kb_prune_search_log", stdout=StringIO())
        self.assertEqual(self.remaining(), ["q0", "q10"])
        call_command("kb_prune_search_log", "--days", "5", stdout=StringIO())
        self.assertEqual(self.remaining(), ["q0"])
