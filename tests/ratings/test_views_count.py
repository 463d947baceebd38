"""Views without tracking (issue 15): ``POST <article url>seen/`` from the article's script.

Counted at most once per reader per article a day (a day-scoped keyed hash, no cookie, no
per-visit row), bots and prefetches left out, a daily total per article plus the summary row.
"""

import datetime
from unittest import mock

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.utils import make_article, publish
from wagtail_kb import ratings
from wagtail_kb.models import ArticleRatingSummary, ArticleViewDay
from wagtail_kb.ratings.seen import VIEWS_PER_ADDRESS_PER_DAY

from .base import SAME_ORIGIN, RatingTestCase, soup

CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
    "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0.0.0 Safari/537.36",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "",
]


class ViewCountTestCase(RatingTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.seen_url = cls.article.url + "seen/"

    def seen(self, user_agent=CHROME, address="192.0.2.10", url=None, **headers):
        # As the beacon sends it: CSRF enforced, same origin, no cookie.
        return Client(enforce_csrf_checks=True).post(
            url or self.seen_url,
            HTTP_USER_AGENT=user_agent,
            REMOTE_ADDR=address,
            **{**SAME_ORIGIN, **headers},
        )

    def views(self, article=None):
        article = article or self.article
        days = list(ArticleViewDay.objects.filter(article=article).values_list("day", "views"))
        summary = ArticleRatingSummary.objects.filter(article=article).first()
        return days, summary.views if summary else 0


class ViewCountTests(ViewCountTestCase):
    def test_a_readers_view_is_counted_once_a_day(self):
        response = self.seen()
        self.assertEqual(response.status_code, 204)
        self.assertFalse(response.cookies)
        self.assertIn("no-cache", response["Cache-Control"])
        for _ in range(3):
            self.assertEqual(self.seen().status_code, 204)
        today = timezone.localdate()
        self.assertEqual(self.views(), ([(today, 1)], 1))

    def test_other_readers_count_separately(self):
        self.seen()
        self.seen(user_agent=FIREFOX)
        self.seen(address="198.51.100.4")
        self.assertEqual(self.views()[1], 3)
        self.assertEqual(ArticleViewDay.objects.count(), 1)  # a daily total, no row per visit

    def test_the_next_day_counts_again_in_a_new_daily_total(self):
        self.seen()
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        with mock.patch("wagtail_kb.ratings.seen.timezone.localdate", return_value=tomorrow):
            self.seen()
            self.seen()
        days, total = self.views()
        self.assertEqual([views for _day, views in days], [1, 1])
        self.assertEqual(total, 2)
        self.assertEqual(
            ratings.views_by_article([self.article.pk], since=tomorrow), {self.article.pk: 1}
        )
        self.assertEqual(ratings.views_per_day(self.article.pk, since=tomorrow), [(tomorrow, 1)])

    def test_bots_are_not_counted(self):
        for user_agent in BOTS:
            with self.subTest(user_agent=user_agent):
                self.assertEqual(self.seen(user_agent=user_agent).status_code, 204)
        self.assertEqual(self.views(), ([], 0))

    def test_prefetches_and_prerenders_are_not_counted(self):
        for headers in (
            {"HTTP_SEC_PURPOSE": "prefetch"},
            {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
            {"HTTP_PURPOSE": "prefetch"},
            {"HTTP_X_MOZ": "prefetch"},
        ):
            with self.subTest(headers=headers):
                self.assertEqual(self.seen(**headers).status_code, 204)
        self.assertEqual(self.views(), ([], 0))

    def test_one_address_counts_a_bounded_number_of_readers(self):
        for number in range(VIEWS_PER_ADDRESS_PER_DAY + 5):
            self.seen(user_agent=f"{CHROME} reader/{number}")
        self.assertEqual(self.views()[1], VIEWS_PER_ADDRESS_PER_DAY)

    def test_other_methods_answer_405(self):
        for method in ("get", "put", "delete", "patch", "options"):
            with self.subTest(method):
                response = getattr(Client(enforce_csrf_checks=True), method)(
                    self.seen_url, HTTP_USER_AGENT=CHROME, **SAME_ORIGIN
                )
                self.assertEqual(response.status_code, 405)
                self.assertEqual(response["Allow"], "POST")
        self.assertEqual(self.views(), ([], 0))

    def test_another_sites_page_cannot_count_views(self):
        response = self.seen(HTTP_ORIGIN="https://elsewhere.example")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.views(), ([], 0))

    def test_only_live_articles_count(self):
        draft = make_article(self.topic, "Not yet", live=False)
        for url in (
            f"/help/accounts/{draft.slug}/seen/",
            "/help/accounts/no-such-article/seen/",
            self.topic.url + "seen/",
            self.home.url + "seen/",
        ):
            with self.subTest(url):
                self.assertEqual(self.seen(url=url).status_code, 404)
        self.assertFalse(ArticleViewDay.objects.exists())

    def test_views_count_with_ratings_switched_off(self):
        self.article.ratings_enabled = False
        publish(self.article)
        self.assertEqual(self.seen().status_code, 204)
        self.assertEqual(self.views()[1], 1)

    def test_a_private_article_answers_as_the_page_does(self):
        restriction = PageViewRestriction.objects.create(
            page=self.article, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.create(name="Staff"))
        response = self.seen()
        self.assertEqual(response.status_code, 302)  # to the login page, as the article
        self.assertEqual(self.views(), ([], 0))

    def test_a_counted_view_costs_a_fixed_number_of_queries(self):
        self.seen(address="203.0.113.1")  # warm: the summary row exists, the sites are cached
        for many in (False, True):
            if many:
                ArticleViewDay.objects.filter(article=self.article).update(views=10**6)
            with CaptureQueriesContext(connection) as queries:
                self.seen(address=f"203.0.113.{2 + many}")
            # The article; then the transaction: the daily total's upsert, the summary's
            # increment (savepoints inside a TestCase).
            self.assertEqual(len(queries.captured_queries), 5, queries.captured_queries)


class ArticleHtmlTests(ViewCountTestCase):
    def test_the_article_loads_the_beacon_and_is_the_same_for_everyone(self):
        first = Client(HTTP_USER_AGENT=CHROME).get(self.article.url)
        second = Client(HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="198.51.100.9").get(self.article.url)
        self.assertEqual(first.content, second.content)
        self.assertFalse(first.cookies)
        script = soup(first).find("script", attrs={"data-kb-seen-url": True})
        self.assertEqual(script["data-kb-seen-url"], self.seen_url)
        self.assertTrue(script["src"].endswith("wagtail_kb/js/kb-seen.js"))
        # Rendering the page counts nothing: only the script's POST does.
        self.assertEqual(self.views(), ([], 0))

    @override_settings(WAGTAILKB_RATING_RATE_LIMIT_IP=(1, 600))
    def test_views_do_not_use_up_the_rating_limits(self):
        for number in range(3):
            self.seen(user_agent=f"{CHROME} {number}")
        self.assertEqual(self.views()[1], 3)
        response = self.client.post(self.rate_url, {"stars": "4"}, REMOTE_ADDR="192.0.2.10")
        self.assertEqual(response.status_code, 303)
