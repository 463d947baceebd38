"""The click-through route cannot poison the search log (issue 10, item 5).

A click is logged only with a signed token minted by a search the server really ran: the query
text and the result count come from the server's own log entry (results page) or signed token
(instant search), never from the URL, and each token logs at most once. Without a valid token
the route only redirects, and only to a live article of this KB that readers may open.
"""

import time
from unittest import mock
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup
from django.core import signing
from django.core.cache import caches
from django.test import TestCase, override_settings
from wagtail.models import PageViewRestriction

from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import SearchClick, SearchLogEntry

JSON = {"HTTP_ACCEPT": "application/json"}


def result_links(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [a["href"] for a in page.select(".kb-search-result__title a")]


def with_params(link, **changes):
    """``link`` with some query parameters replaced (as a reader could edit the URL)."""
    parts = urlsplit(link)
    params = {key: values[0] for key, values in parse_qs(parts.query).items()}
    params.update({key: str(value) for key, value in changes.items()})
    return parts.path, params


class ClickLogTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home(title="Help centre", slug="help")
        topic = make_topic(cls.home, "Accounts")
        cls.export = make_article(topic, "Export your data", body=[("paragraph", "<p>CSV</p>")])
        cls.import_ = make_article(topic, "Import a data file")
        cls.draft = make_article(topic, "Draft export notes", live=False)
        private = make_topic(cls.home, "Staff only")
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        cls.private = make_article(private, "Private export notes")
        cls.go = cls.home.url + "search/go/"

    def setUp(self):
        caches["default"].clear()

    def instant_tokens(self, q):
        return {
            item["id"]: item["token"]
            for item in self.client.get(self.home.url + "search/", {"q": q}, **JSON).json()
        }

    def test_tokenless_click_only_redirects(self):
        response = self.client.get(
            self.go, {"q": "anything at all", "to": self.export.pk, "n": 1000000, "p": 3}
        )
        self.assertRedirects(response, self.export.url, fetch_redirect_response=False)
        self.assertEqual(
            response["Cache-Control"], "max-age=0, no-cache, no-store, must-revalidate, private"
        )
        self.assertFalse(SearchLogEntry.objects.exists())
        self.assertFalse(SearchClick.objects.exists())

    def test_tokenless_click_to_what_readers_cannot_open_is_a_404(self):
        for target in [self.draft.pk, self.private.pk]:
            with self.subTest(target=target):
                response = self.client.get(self.go, {"q": "export", "to": target})
                self.assertEqual(response.status_code, 404)
        self.assertFalse(SearchLogEntry.objects.exists())

    def test_results_page_click_takes_query_count_and_position_from_the_server(self):
        link = result_links(self.client.get(self.home.url + "search/", {"q": "export"}))[0]
        path, params = with_params(link, q="poisoned words", n=1000000, p=99)
        response = self.client.get(path, params)
        self.assertRedirects(response, self.export.url, fetch_redirect_response=False)
        entry = SearchLogEntry.objects.get()
        self.assertEqual(
            (entry.query, entry.result_count, entry.source, entry.opened),
            ("export", 1, "page", True),
        )
        click = SearchClick.objects.get()
        self.assertEqual(
            (click.entry_id, click.page_id, click.position), (entry.pk, self.export.pk, 1)
        )

    def test_a_results_page_token_logs_once(self):
        link = result_links(self.client.get(self.home.url + "search/", {"q": "data"}))[0]
        for _ in range(3):
            self.assertEqual(self.client.get(link).status_code, 302)
        self.assertEqual(SearchClick.objects.count(), 1)
        self.assertEqual(SearchLogEntry.objects.count(), 1)

    def test_each_result_of_a_search_can_be_opened_once(self):
        links = result_links(self.client.get(self.home.url + "search/", {"q": "data"}))
        targets = [int(parse_qs(urlsplit(link).query)["to"][0]) for link in links]
        self.assertCountEqual(targets, [self.export.pk, self.import_.pk])
        for link in links + links:
            self.client.get(link)
        entry = SearchLogEntry.objects.get()
        self.assertEqual(
            list(entry.clicks.order_by("position").values_list("page_id", "position")),
            [(targets[0], 1), (targets[1], 2)],
        )

    def test_a_token_for_one_result_does_not_log_another(self):
        response = self.client.get(self.home.url + "search/", {"q": "export"})
        path, params = with_params(result_links(response)[0], to=self.import_.pk)
        response = self.client.get(path, params)
        self.assertRedirects(response, self.import_.url, fetch_redirect_response=False)
        self.assertFalse(SearchClick.objects.exists())
        self.assertFalse(SearchLogEntry.objects.get().opened)

    @override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "counters": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "counters",
            },
        },
        WAGTAILKB_RATE_LIMIT_CACHE_ALIAS="counters",
    )
    def test_a_used_instant_token_stays_used_when_the_kbs_cache_is_flushed(self):
        """Used tokens live with the rate-limit counters, which the KB's fragments cannot evict."""
        caches["counters"].clear()
        tokens = self.instant_tokens("Dat")
        params = {"q": "Dat", "to": self.import_.pk, "e": tokens[self.import_.pk]}
        self.client.get(self.go, params)
        caches["default"].clear()
        self.client.get(self.go, params)
        self.assertEqual(SearchClick.objects.count(), 1)
        self.assertTrue(any("used-token" in key for key in caches["counters"]._cache))

    def test_instant_click_is_logged_once_with_the_servers_count(self):
        tokens = self.instant_tokens("Dat")
        self.assertEqual(set(tokens), {self.export.pk, self.import_.pk})
        self.assertFalse(SearchLogEntry.objects.exists())  # showing suggestions logs nothing
        params = {"q": "Dat", "to": self.import_.pk, "e": tokens[self.import_.pk], "n": 1000000}
        for _ in range(3):
            response = self.client.get(self.go, params)
            self.assertRedirects(response, self.import_.url, fetch_redirect_response=False)
        entry = SearchLogEntry.objects.get()
        self.assertEqual(
            (entry.query, entry.result_count, entry.source, entry.opened),
            ("dat", 2, "instant", True),
        )
        self.assertEqual(SearchClick.objects.get().page_id, self.import_.pk)

    def test_instant_token_is_bound_to_its_query_article_and_kb(self):
        tokens = self.instant_tokens("export")
        token = tokens[self.export.pk]
        other = make_home(title="Other", slug="other")
        foreign = make_article(make_topic(other, "T"), "Export elsewhere")
        attempts = [
            (self.go, {"q": "something else", "to": self.export.pk, "e": token}),
            (self.go, {"q": "export", "to": self.import_.pk, "e": token}),
            (other.url + "search/go/", {"q": "export", "to": foreign.pk, "e": token}),
        ]
        for url, params in attempts:
            with self.subTest(params=params):
                self.assertEqual(self.client.get(url, params).status_code, 302)
        self.assertFalse(SearchLogEntry.objects.exists())

    def test_an_old_instant_token_logs_nothing(self):
        hours_ago = signing.b62_encode(int(time.time()) - 2 * 60 * 60)
        with mock.patch.object(signing.TimestampSigner, "timestamp", return_value=hours_ago):
            token = self.instant_tokens("export")[self.export.pk]
        response = self.client.get(self.go, {"q": "export", "to": self.export.pk, "e": token})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(SearchLogEntry.objects.exists())

    @override_settings(WAGTAILKB_SEARCH_RESULTS_PER_PAGE=1)
    def test_paging_token_is_bound_to_its_query(self):
        first = self.client.get(self.home.url + "search/", {"q": "data"})
        next_link = BeautifulSoup(first.content, "html.parser").select_one(
            ".kb-pagination a[rel=next]"
        )["href"]
        token = parse_qs(urlsplit(next_link).query)["e"][0]
        search = self.home.url + "search/"
        self.client.get(search, {"q": " DATA", "page": 2, "e": token})  # the same search
        self.assertEqual(SearchLogEntry.objects.count(), 1)
        # Any word of "data xylophone" finds the same two articles: a new search all the same.
        self.client.get(search, {"q": "data xylophone", "page": 2, "e": token})
        self.assertEqual(
            sorted(SearchLogEntry.objects.values_list("query", flat=True)),
            ["data", "data xylophone"],
        )
