"""Malformed filter values never reach the database: the reports show the unfiltered list.

Wagtail's listings ignore a filter set that does not validate; the reports then say which filter
was ignored and why. The parameters are read from each report's filter set, so a filter added
later is covered too. A Hypothesis test sends arbitrary values for all of them.
"""

from bs4 import BeautifulSoup
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.admin.helpers import FEEDBACK_URL, RATINGS_URL, SEARCHES_URL, make_user, soup, table
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.admin.feedback import FeedbackIndexView
from wagtail_kb.admin.ratings import RatingsIndexView
from wagtail_kb.admin.search import SearchesIndexView
from wagtail_kb.models import FeedbackComment, RatingVote, SearchLogEntry

REPORTS = {
    "ratings": (RATINGS_URL, RatingsIndexView),
    "feedback": (FEEDBACK_URL, FeedbackIndexView),
    "searches": (SEARCHES_URL, SearchesIndexView),
}
# Each filter gets these; the fuzz test below draws from a longer list.
MALFORMED = ["abc", "99999999999999999999", "2024-13-45", "²", "\x00"]
ODD = [*MALFORMED, "-1", "0", "1.5", "x" * 300, "١", " ", "2024-02-30", "1e3", "0001-01-01"]
# The names modeladmin's listing used to accept (?stars__exact=abc answered 500).
LEGACY = {"stars__exact": "abc", "created_at__gte": "x", "status__exact": "x", "e": "1"}
# Any text a test client can send (no lone surrogates, which UTF-8 cannot encode).
SENDABLE = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


def rows(response):
    """The table without its dates, which read "Just now" one moment and "1 minute ago" the next
    (of a response, or of its results already parsed)."""
    dates = ("Sent", "Last vote", "Last searched")
    return [{k: v for k, v in row.items() if k not in dates} for row in table(response)]


def listing_results(response):
    """The report page from its results on (the notice of ignored filters, the table), parsed:
    parsing the whole admin page (menu, header, filter drawer) is most of a check's cost and the
    test below makes 90. The page itself is rendered in full, drawer and all."""
    html = response.content.decode()
    start = html.find('<div id="listing-results"')
    if start < 0:
        raise AssertionError("no listing results on the page")
    return BeautifulSoup(html[start:], "html.parser")


def filter_params(view_class):
    """The query-string names of the report's filters (date ranges have two: _from, _to)."""
    names = []
    for name, field in view_class.filterset_class().form.fields.items():
        suffixes = getattr(field.widget, "suffixes", None)
        names += [f"{name}_{suffix}" for suffix in suffixes] if suffixes else [name]
    return names


def all_params(view_class):
    extra = ["ordering", "p", "export"] + (["q"] if view_class.is_searchable else [])
    return filter_params(view_class) + extra


class ReportFixture:
    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.topic = make_topic(home, "Accounts")
        cls.article = make_article(cls.topic, "Reset your password")
        RatingVote.objects.create(
            article=cls.article, visitor_hash="v", stars=4, revision_id=cls.article.live_revision_id
        )
        FeedbackComment.objects.create(article=cls.article, stars=4, comment="Clear, thanks.")
        FeedbackComment.objects.create(article=cls.article, stars=1, comment="Wrong button.")
        SearchLogEntry.objects.create(kb=home, query="reset", result_count=1)
        SearchLogEntry.objects.create(kb=home, query="sso", result_count=0)
        cls.admin = make_user("admin", superuser=True)


class MalformedFilterTests(ReportFixture, TestCase):
    def test_the_filters_under_test(self):
        self.assertEqual(
            filter_params(RatingsIndexView), ["topic", "locale", "voted_from", "voted_to"]
        )
        self.assertEqual(
            filter_params(FeedbackIndexView),
            [
                "status",
                "stars",
                "created_at_from",
                "created_at_to",
                "topic",
                "locale",
                "section",
                "article",
            ],
        )
        self.assertEqual(
            filter_params(SearchesIndexView),
            ["period", "searched_on_from", "searched_on_to", "kb", "locale", "outcome"],
        )

    def test_every_malformed_filter_value_shows_the_unfiltered_list_and_says_so(self):
        self.client.force_login(self.admin)
        for report, (url, view_class) in REPORTS.items():
            unfiltered = rows(self.client.get(url))
            self.assertNotEqual(unfiltered, [])
            labels = {
                name: str(field.label)
                for name, field in view_class.filterset_class().form.fields.items()
            }
            for param in filter_params(view_class):
                field = next(name for name in labels if param.startswith(name))
                ignored = 0
                for value in MALFORMED:
                    with self.subTest(report=report, param=param, value=value):
                        response = self.client.get(url, {param: value})
                        self.assertEqual(response.status_code, 200)
                        results = listing_results(response)
                        notice = results.find(attrs={"data-kb-ignored-filters": True})
                        if notice is None:  # the value was valid after all (e.g. stars=1)
                            continue
                        self.assertIn(labels[field], notice.get_text())
                        self.assertEqual(rows(results), unfiltered)
                        ignored += 1
                # Not every value is valid for every filter (the notice is really looked for).
                self.assertGreater(ignored, 0, (report, param))

    def test_the_values_of_the_issue(self):
        self.client.force_login(self.admin)
        for url, params in [
            (FEEDBACK_URL, {"stars": "abc"}),
            (FEEDBACK_URL, {"created_at_from": "x"}),
            (FEEDBACK_URL, {"article": "x"}),
            (FEEDBACK_URL, {"article": str(self.topic.pk)}),  # a page, but not an article
            (RATINGS_URL, {"topic": "x"}),
            (SEARCHES_URL, {"kb": "x", "period": "1000"}),
        ]:
            with self.subTest(url=url, params=params):
                response = self.client.get(url, params)
                self.assertEqual(response.status_code, 200)
                self.assertIsNotNone(soup(response).find(attrs={"data-kb-ignored-filters": True}))
                self.assertEqual(len(table(response)), 2 if url != RATINGS_URL else 1)

    def test_days_without_a_utc_moment_in_the_sites_time_zone(self):
        self.client.force_login(self.admin)
        for time_zone, param, day in [
            ("America/New_York", "_to", "9999-12-31"),  # ends after 9999 in UTC
            ("Asia/Tokyo", "_from", "0001-01-01"),  # starts before year 1 in UTC
        ]:
            for url, name in [
                (FEEDBACK_URL, "created_at"),
                (RATINGS_URL, "voted"),
                (SEARCHES_URL, "searched_on"),
            ]:
                with self.subTest(time_zone=time_zone, url=url), self.settings(TIME_ZONE=time_zone):
                    response = self.client.get(url, {name + param: day})
                    self.assertEqual(response.status_code, 200)
                    notice = soup(response).find(attrs={"data-kb-ignored-filters": True})
                    self.assertIn("between the years 1 and 9999", notice.get_text())

    def test_legacy_lookups_results_and_exports_never_fail(self):
        self.client.force_login(self.admin)
        for url in (RATINGS_URL, FEEDBACK_URL, SEARCHES_URL):
            for suffix in ("", "results/"):
                with self.subTest(url=url + suffix):
                    response = self.client.get(url + suffix, LEGACY)
                    self.assertEqual(response.status_code, 200)
                    self.assertIsNone(soup(response).find(attrs={"data-kb-ignored-filters": True}))
            for export in ("csv", "xlsx"):
                with self.subTest(url=url, export=export):
                    bad = {"export": export, "topic": "x", "kb": "x", "stars": "x"}
                    self.assertEqual(self.client.get(url, bad).status_code, 200)


def query_strings(view_class):
    names = st.one_of(st.sampled_from(all_params(view_class)), SENDABLE)
    return st.dictionaries(names, st.one_of(st.sampled_from(ODD), SENDABLE), max_size=4)


class FuzzedFilterTests(ReportFixture, TestCase):
    def fetch(self, url, params):
        self.client.force_login(self.admin)
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, params)

    @settings(max_examples=20, deadline=None, derandomize=True, database=None)
    @given(query_strings(RatingsIndexView))
    @example({"voted_from": "0001-01-01", "voted_to": "9999-12-31", "ordering": "-average"})
    def test_ratings(self, params):
        self.fetch(RATINGS_URL, params)

    @settings(max_examples=20, deadline=None, derandomize=True, database=None)
    @given(query_strings(FeedbackIndexView))
    @example({"created_at_from": "0001-01-01", "created_at_to": "9999-12-31", "q": "\x00"})
    def test_feedback(self, params):
        self.fetch(FEEDBACK_URL, params)

    @settings(max_examples=20, deadline=None, derandomize=True, database=None)
    @given(query_strings(SearchesIndexView))
    @example({"searched_on_from": "0001-01-01", "period": "all", "p": "99999999999999999999"})
    def test_searches(self, params):
        self.fetch(SEARCHES_URL, params)
