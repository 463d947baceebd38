"""An article's "Related articles": the KB's live, public articles sharing most tags, then its
topic's; ``WAGTAILKB_RELATED_ARTICLES`` of them; cached until the tree changes."""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.utils import make_article, make_home, make_topic
from wagtail_kb.listing_cache import invalidate_listings

from .helpers import related_titles, retag, tagged


class RelatedArticlesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.billing = make_topic(cls.home, "Billing")
        cls.account = make_topic(cls.home, "Account")
        cls.article = tagged(cls.billing, "Card payments", ["payments", "cards", "fees"])

    def setUp(self):
        cache.clear()

    def related(self, page=None):
        return related_titles(self.client.get((page or self.article).url).content.decode())

    def test_most_shared_tags_first_then_the_same_topic(self):
        tagged(self.account, "One shared", ["fees"])
        tagged(self.account, "Three shared", ["payments", "cards", "fees"])
        tagged(self.account, "Two shared", ["payments", "cards", "other"])
        tagged(self.account, "None shared", ["other"])
        self.assertEqual(self.related(), ["Three shared", "Two shared", "One shared"])
        with override_settings(WAGTAILKB_RELATED_ARTICLES=5):
            # Then the topic's other articles, in the editor's order.
            make_article(self.billing, "Invoices")
            make_article(self.billing, "Refunds")
            self.assertEqual(
                self.related(), ["Three shared", "Two shared", "One shared", "Invoices", "Refunds"]
            )

    def test_an_article_without_tags_shows_its_topics_articles(self):
        plain = make_article(self.billing, "Invoices")
        make_article(self.account, "Elsewhere")
        self.assertEqual(self.related(plain), ["Card payments"])

    def test_never_private_draft_unreachable_or_from_another_kb(self):
        secret = tagged(self.account, "Secret", ["payments", "cards", "fees"])
        PageViewRestriction.objects.create(
            page=secret, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        tagged(self.account, "Draft", ["payments", "cards", "fees"], live=False)
        hidden = make_topic(self.home, "Hidden")
        tagged(hidden, "Below a draft topic", ["payments", "cards", "fees"])
        hidden.unpublish()
        other = make_home(title="Other", slug="other")
        tagged(other, "Other KB", ["payments", "cards", "fees"])
        private_sibling = make_article(self.billing, "Private sibling")
        PageViewRestriction.objects.create(
            page=private_sibling, restriction_type=PageViewRestriction.LOGIN
        )
        tagged(self.account, "Public", ["fees"])
        self.assertEqual(self.related(), ["Public"])

    def test_the_setting_limits_and_zero_turns_it_off(self):
        for n in range(4):
            tagged(self.account, f"Shared {n}", ["fees"], slug=f"shared-{n}")
        self.assertEqual(len(self.related()), 3)
        with override_settings(WAGTAILKB_RELATED_ARTICLES=1):
            self.assertEqual(self.related(), ["Shared 0"])
        with override_settings(WAGTAILKB_RELATED_ARTICLES=0):
            response = self.client.get(self.article.url)
            self.assertNotContains(response, 'class="kb-related"')

    def test_publishing_unpublishing_and_tag_changes_show_at_once(self):
        self.assertEqual(self.related(), [])
        other = tagged(self.account, "Fees explained", ["fees"])
        self.assertEqual(self.related(), ["Fees explained"])
        other.unpublish()
        self.assertEqual(self.related(), [])
        other.save_revision().publish()
        self.assertEqual(self.related(), ["Fees explained"])
        retag(other, ["unrelated"])
        self.assertEqual(self.related(), [])
        retag(self.article, ["unrelated"])
        self.assertEqual(self.related(), ["Fees explained"])

    def test_queries_do_not_grow_with_the_number_of_related_candidates(self):
        def warm_and_cold(article):
            self.client.get(article.url)
            with CaptureQueriesContext(connection) as warm:
                self.client.get(article.url)
            invalidate_listings()
            with CaptureQueriesContext(connection) as cold:
                self.client.get(article.url)
            return len(warm), len(cold)

        small = warm_and_cold(self.article)
        # Past WAGTAILKB_RELATED_ARTICLES (3) both ways, with one or two shared tags: enough
        # candidates sharing tags to fill the list alone, and enough siblings to fill it alone
        # (a query per candidate, per tag or per sibling would show as 4 or more).
        for n in range(4):
            tagged(self.account, f"Candidate {n}", ["fees", "cards"][: 1 + n % 2], slug=f"c{n}")
            make_article(self.billing, f"Sibling {n}", slug=f"s{n}")
        large = warm_and_cold(self.article)
        self.assertEqual(small, large)
        self.assertEqual(len(self.related()), 3)
