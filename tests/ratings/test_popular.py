"""The KB home's "Popular articles" (issue 15): most viewed lately, public only, flat in cost."""

import datetime

from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.utils import make_article, make_topic, publish
from wagtail_kb.models import ArticleViewDay
from wagtail_kb.ratings.popular import POPULAR_DAYS

from .base import RatingTestCase, soup


def add_views(article, views, days_ago=0):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    ArticleViewDay.objects.create(article=article, day=day, views=views)


class PopularArticlesTests(RatingTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.billing = make_topic(cls.home, "Billing")
        cls.invoice = make_article(cls.billing, "Download an invoice")
        cls.refund = make_article(cls.billing, "Ask for a refund")
        cls.quiet = make_article(cls.topic, "Close your account")

    def popular(self, client=None):
        page = soup((client or Client()).get(self.home.url))
        section = page.find(class_="kb-popular")
        if section is None:
            return None
        self.assertEqual(section.h2.get_text(), "Popular articles")
        return [link.get_text() for link in section.select("a")]

    def test_most_viewed_in_the_last_days_first(self):
        add_views(self.invoice, 30)
        add_views(self.refund, 12, days_ago=3)
        add_views(self.refund, 12, days_ago=POPULAR_DAYS - 1)
        add_views(self.article, 40)
        add_views(self.quiet, 500, days_ago=POPULAR_DAYS)  # too long ago to count
        self.assertEqual(
            self.popular(), ["Reset your password", "Download an invoice", "Ask for a refund"]
        )

    def test_no_section_without_views(self):
        self.assertIsNone(self.popular())

    @override_settings(WAGTAILKB_POPULAR_ARTICLES=1)
    def test_how_many_is_a_setting(self):
        add_views(self.invoice, 3)
        add_views(self.refund, 2)
        self.assertEqual(self.popular(), ["Download an invoice"])

    def test_private_unpublished_and_hidden_articles_are_never_listed(self):
        add_views(self.invoice, 30)
        add_views(self.refund, 20)
        add_views(self.article, 10)
        self.assertEqual(len(self.popular()), 3)
        # A view restriction added after the list was cached takes effect at once.
        restriction = PageViewRestriction.objects.create(
            page=self.invoice, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(Group.objects.create(name="Staff"))
        self.refund.unpublish()
        self.assertEqual(self.popular(), ["Reset your password"])
        # An unpublished topic hides its live articles too.
        self.topic.unpublish()
        self.assertIsNone(self.popular())

    def test_a_private_topics_articles_are_not_listed(self):
        add_views(self.invoice, 30)
        PageViewRestriction.objects.create(
            page=self.billing, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
        )
        self.assertIsNone(self.popular())

    def home_queries(self):
        Client().get(self.home.url)  # warm
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(self.home.url)
        self.assertEqual(response.status_code, 200)
        return len(queries.captured_queries)

    def test_costs_no_query_when_warm_and_stays_flat_as_views_and_articles_grow(self):
        add_views(self.invoice, 3)
        with override_settings(WAGTAILKB_POPULAR_ARTICLES=0):
            without = self.home_queries()
        small = self.home_queries()
        self.assertEqual(small, without)
        for number in range(12):
            article = make_article(self.billing, f"Article {number}", slug=f"article-{number}")
            for days_ago in range(5):
                add_views(article, 10**6 + number, days_ago=days_ago)
        self.assertEqual(self.home_queries(), small)
        self.assertEqual(len(self.popular()), 5)

    def test_cold_it_is_one_query(self):
        add_views(self.invoice, 3)
        Client().get(self.home.url)
        # A new day (or any page change) computes the list again: one query more.
        publish(self.quiet)
        with CaptureQueriesContext(connection) as cold:
            Client().get(self.home.url)
        with override_settings(WAGTAILKB_POPULAR_ARTICLES=0):
            publish(self.quiet)
            with CaptureQueriesContext(connection) as cold_without:
                Client().get(self.home.url)
        popular = [q for q in cold.captured_queries if "wagtail_kb_articleviewday" in q["sql"]]
        self.assertEqual(len(popular), 1)
        self.assertEqual(len(cold.captured_queries), len(cold_without.captured_queries) + 1)
