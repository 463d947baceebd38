"""Tags on articles and the KB's tag pages (``<kb home>tags/<slug>/``)."""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from tests.utils import make_article, make_home, make_topic, publish
from wagtail_kb.listing_cache import invalidate_listings

from .helpers import list_titles, retag, tag_links, tagged


class TagPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.billing = make_topic(cls.home, "Billing")
        cls.cards = tagged(cls.billing, "Card payments", ["payments", "cards"], intro="Pay.")
        cls.refunds = tagged(cls.billing, "Refunds", ["payments"])

    def setUp(self):
        cache.clear()

    def get(self, path, **kwargs):
        return self.client.get(self.home.url + path, **kwargs)

    def test_the_article_shows_its_tags_linking_to_the_tag_pages(self):
        html = self.client.get(self.cards.url).content.decode()
        self.assertEqual(
            tag_links(html),
            [("cards", "/help/tags/cards/"), ("payments", "/help/tags/payments/")],
        )
        self.assertEqual(self.home.get_tag_url("payments"), "/help/tags/payments/")

    def test_an_article_without_tags_shows_no_tag_list(self):
        plain = make_article(self.billing, "Invoices")
        self.assertNotContains(self.client.get(plain.url), 'class="kb-tags"')

    def test_the_tag_page_lists_the_kbs_live_public_articles_with_the_tag(self):
        response = self.get("tags/payments/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertEqual(list_titles(html), ["Card payments", "Refunds"])
        self.assertContains(response, "Articles tagged “payments”")
        self.assertContains(response, "2 articles")
        self.assertContains(response, "Pay.")  # intros are shown
        self.assertEqual(list_titles(self.get("tags/cards/").content.decode()), ["Card payments"])

    def test_private_draft_and_unreachable_articles_are_never_listed_nor_counted(self):
        secret = tagged(self.billing, "Internal pricing", ["payments"])
        PageViewRestriction.objects.create(
            page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        tagged(self.billing, "Next year's plans", ["payments"], live=False, slug="next")
        hidden_topic = make_topic(self.home, "Hidden")
        tagged(hidden_topic, "Below a draft topic", ["payments"])
        hidden_topic.unpublish()
        private_topic = make_topic(self.home, "Staff")
        tagged(private_topic, "Below a private topic", ["payments"])
        PageViewRestriction.objects.create(
            page=private_topic, restriction_type=PageViewRestriction.LOGIN
        )
        response = self.get("tags/payments/")
        self.assertEqual(list_titles(response.content.decode()), ["Card payments", "Refunds"])
        self.assertContains(response, "2 articles")
        for title in ("Internal pricing", "Next year", "Below a draft topic", "Below a private"):
            self.assertNotContains(response, title)

    def test_unknown_tags_and_tags_no_reader_may_open_here_are_404(self):
        self.assertEqual(self.get("tags/no-such-tag/").status_code, 404)
        secret = tagged(self.billing, "Internal pricing", ["internal"])
        PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
        self.assertEqual(self.get("tags/internal/").status_code, 404)
        tagged(self.billing, "Draft", ["someday"], live=False)
        self.assertEqual(self.get("tags/someday/").status_code, 404)

    def test_tags_of_another_kb_or_locale_are_not_mixed_in(self):
        other = make_home(title="Developers", slug="developers")
        tagged(other, "API payments", ["payments", "api"])
        german = Locale.objects.create(language_code="de")
        hilfe = make_home(title="Hilfe", slug="hilfe", locale=german)
        tagged(hilfe, "Zahlungen", ["payments"], locale=german)
        self.assertEqual(
            list_titles(self.get("tags/payments/").content.decode()), ["Card payments", "Refunds"]
        )
        self.assertEqual(self.get("tags/api/").status_code, 404)
        response = self.client.get(other.url + "tags/payments/")
        self.assertEqual(list_titles(response.content.decode()), ["API payments"])
        response = self.client.get(hilfe.url + "tags/payments/")
        self.assertEqual(list_titles(response.content.decode()), ["Zahlungen"])

    @override_settings(WAGTAILKB_TOPIC_ARTICLES_PER_PAGE=2)
    def test_the_tag_page_is_paginated(self):
        for n in range(3):
            tagged(self.billing, f"More {n}", ["payments"], slug=f"more-{n}")
        first = self.get("tags/payments/")
        self.assertEqual(list_titles(first.content.decode()), ["Card payments", "Refunds"])
        self.assertContains(first, "5 articles")
        self.assertContains(first, "Page 1 of 3")
        third = self.get("tags/payments/", data={"page": "3"})
        self.assertEqual(list_titles(third.content.decode()), ["More 2"])
        # Out of range or not a number: Django's get_page answers the last or first page.
        self.assertEqual(
            list_titles(self.get("tags/payments/?page=99").content.decode()), ["More 2"]
        )
        self.assertEqual(
            list_titles(self.get("tags/payments/?page=x").content.decode()),
            ["Card payments", "Refunds"],
        )

    def test_publishing_new_tags_shows_at_once(self):
        self.assertEqual(self.get("tags/refunds/").status_code, 404)
        retag(self.refunds, ["refunds"])
        self.assertEqual(list_titles(self.get("tags/refunds/").content.decode()), ["Refunds"])
        self.assertEqual(
            list_titles(self.get("tags/payments/").content.decode()), ["Card payments"]
        )
        self.refunds.unpublish()
        self.assertEqual(self.get("tags/refunds/").status_code, 404)

    def test_a_renamed_tag_shows_its_new_name(self):
        self.get("tags/cards/")
        tag = self.cards.tags.get(slug="cards")
        tag.name = "Cards & wallets"
        tag.save()
        self.assertContains(self.get("tags/cards/"), "Articles tagged “Cards &amp; wallets”")
        self.assertIn(
            ("Cards &amp; wallets", "/help/tags/cards/"),
            tag_links(self.client.get(self.cards.url).content.decode()),
        )

    def test_unicode_tags(self):
        retag(self.refunds, ["Überweisung"])
        links = tag_links(self.client.get(self.refunds.url).content.decode())
        self.assertEqual(len(links), 1)
        name, href = links[0]
        self.assertEqual(name, "Überweisung")
        response = self.client.get(href)
        self.assertEqual(list_titles(response.content.decode()), ["Refunds"])


class TagPageQueryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Small: one topic of two tagged articles. Large: 21 articles with the tag, past a tag
        # page's first page (WAGTAILKB_TOPIC_ARTICLES_PER_PAGE, 20) and the related list (3),
        # in two topics that both show on that first page (11 + 10: a query per topic or per
        # article listed would show); each article has a tag of its own as well.
        cls.small_home, cls.small_article = cls.build("small", [2])
        cls.large_home, cls.large_article = cls.build("large", [11, 10])

    @staticmethod
    def build(slug, articles_per_topic):
        home = make_home(slug=slug)
        first = None
        for t, articles in enumerate(articles_per_topic):
            topic = make_topic(home, f"Topic {t}", slug=f"t{t}")
            for a in range(articles):
                page = tagged(topic, f"A {t}.{a}", ["shared", f"tag-{a}"], slug=f"a{a}")
                first = first or page
        return home, first

    def setUp(self):
        cache.clear()

    def count(self, url):
        self.client.get(url)  # warm: site root paths, listings
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_queries_do_not_grow_with_the_number_of_tagged_articles(self):
        small = (
            self.count(self.small_home.url + "tags/shared/"),
            self.count(self.small_article.url),
        )
        large = (
            self.count(self.large_home.url + "tags/shared/"),
            self.count(self.large_article.url),
        )
        self.assertEqual(small, large)
        # Warm: the tag and its count, the article's tags and related list come from the cache.
        # Warm: the tag and its count come from the cache; the page of articles is one query more
        # than serving the KB home itself.
        self.assertLessEqual(small[0], self.count(self.small_home.url) + 1, small)

    def test_a_cold_tag_page_also_runs_a_fixed_number_of_queries(self):
        counts = []
        for home in (self.small_home, self.large_home):
            self.client.get(home.url)  # site root paths
            invalidate_listings()
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(home.url + "tags/shared/").status_code, 200)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])


class TagPublishingTests(TestCase):
    def test_a_page_published_again_keeps_its_tags(self):
        home = make_home()
        page = tagged(home, "Loose", ["one", "two"])
        publish(page)
        self.assertEqual(sorted(page.tags.names()), ["one", "two"])
