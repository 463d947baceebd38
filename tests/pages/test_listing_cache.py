"""The KB home's topic grid and a topic's counts are cached, yet never outlive a change."""

from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import KBSettings, RatingWidget
from wagtail_kb.models.pages import invalidate_listings


def card_text(client, home):
    page = BeautifulSoup(client.get(home.url).content, "html.parser")
    return " ".join(card.get_text(" ", strip=True) for card in page.select(".kb-topic-card"))


class ListingCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.billing = make_topic(cls.home, "Billing")
        cls.sync = make_topic(cls.home, "Sync")
        cls.first = make_article(cls.billing, "Pay by card")

    def setUp(self):
        cache.clear()

    def test_publishing_an_article_shows_at_once(self):
        self.assertIn("1 article", card_text(self.client, self.home))
        make_article(self.billing, "Pay by invoice")
        text = card_text(self.client, self.home)
        self.assertIn("2 articles", text)
        self.assertIn("Pay by invoice", text)

    def test_unpublishing_deleting_and_moving_show_at_once(self):
        second = make_article(self.billing, "Refunds")
        self.assertIn("2 articles", card_text(self.client, self.home))
        second.unpublish()
        self.assertNotIn("Refunds", card_text(self.client, self.home))
        self.first.move(self.sync, pos="last-child")
        text = card_text(self.client, self.home)
        self.assertIn("Sync", text)
        self.assertIn("Pay by card", text)
        self.assertIn("0 articles", text)
        Page.objects.get(pk=self.first.pk).delete()
        self.assertNotIn("Pay by card", card_text(self.client, self.home))

    def test_a_raw_update_shows_after_invalidate_listings(self):
        self.assertIn("Pay by card", card_text(self.client, self.home))
        Page.objects.filter(pk=self.first.pk).update(live=False)
        invalidate_listings()
        self.assertNotIn("Pay by card", card_text(self.client, self.home))

    @override_settings(WAGTAILKB_TOPIC_ARTICLES_PER_PAGE=1)
    def test_topic_pagination_count_follows_new_articles(self):
        self.assertNotContains(self.client.get(self.billing.url), "Page 1 of")
        make_article(self.billing, "Receipts")
        self.assertContains(self.client.get(self.billing.url), "Page 1 of 2")

    def test_warm_home_reads_no_topic_or_article_rows(self):
        self.client.get(self.home.url)
        with CaptureQueriesContext(connection) as queries:
            self.client.get(self.home.url)
        listing = [
            q["sql"]
            for q in queries.captured_queries
            if "wagtail_kb_kbtopicpage" in q["sql"] or "wagtail_kb_kbarticlepage" in q["sql"]
        ]
        self.assertEqual(listing, [])


class RoutedAncestorsTests(TestCase):
    def test_the_breadcrumb_from_routing_equals_the_one_from_the_tree(self):
        home = make_home()
        topic = make_topic(home, "Billing")
        sub = make_topic(topic, "Invoices")
        article = make_article(sub, "Download an invoice")
        served = self.client.get(article.url)
        crumbs = [
            a.get_text()
            for a in BeautifulSoup(served.content, "html.parser").select(".kb-breadcrumb a")
        ]
        self.assertEqual(crumbs, ["Help centre", "Billing", "Invoices"])
        from_tree = [page.pk for page in article._kb_ancestors()]
        self.assertEqual(from_tree, [home.pk, topic.pk, sub.pk])


class FragmentCacheTests(TestCase):
    """The header and the rating card are cached fragments: they follow every change at once."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.article = make_article(make_topic(cls.home, "Billing"), "Pay by card")

    def setUp(self):
        cache.clear()

    def test_header_follows_the_kb_settings(self):
        self.assertNotContains(self.client.get(self.article.url), "Status page")
        site_settings = KBSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.navigation = [
            {
                "type": "link",
                "value": {"label": "Status page", "page": None, "url": "https://status.test/"},
            }
        ]
        site_settings.save()
        self.assertContains(self.client.get(self.article.url), "Status page")

    def test_header_follows_the_kb_home_title(self):
        self.client.get(self.article.url)
        self.home.title = "Help and answers"
        self.home.save_revision().publish()
        self.assertContains(self.client.get(self.article.url), "Help and answers")

    def test_rating_card_follows_votes_and_wording(self):
        self.assertContains(self.client.get(self.article.url), "No ratings yet.")
        self.client.post(self.article.url + "rate/", {"stars": "4"})
        page = BeautifulSoup(self.client.get(self.article.url).content, "html.parser")
        self.assertEqual(page.select_one("[data-kb-rating-average]").get_text(), "4.0")
        widget = RatingWidget.objects.create(name="Ours", question="Did this answer it?")
        site_settings = KBSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.default_rating_widget = widget
        site_settings.save()
        self.assertContains(self.client.get(self.article.url), "Did this answer it?")
        widget.question = "Was this useful?"
        widget.save()
        self.assertContains(self.client.get(self.article.url), "Was this useful?")
