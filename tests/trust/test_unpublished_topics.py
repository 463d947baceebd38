"""Issue 10, item 9: readers never see an unpublished topic's title.

A topic unpublished while its articles stay live: Wagtail still serves those articles by URL
(routing passes through pages that are not live), so the KB serves them too, but their
breadcrumb and "In …" heading leave the topic out, and no listing or count includes pages below
a page that is not live.
"""

from django.core.cache import cache
from django.test import TestCase

from tests.utils import make_article, make_home, make_topic


class UnpublishedTopicTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.billing = make_topic(cls.home, "Billing")
        cls.open = make_article(cls.billing, "Pay by card")
        cls.hidden = make_topic(cls.billing, "Withdrawn topic")
        cls.a = make_article(cls.hidden, "Orphan one")
        cls.b = make_article(cls.hidden, "Orphan two")
        cls.hidden.unpublish()

    def setUp(self):
        cache.clear()

    def test_article_is_served_without_the_topic_title(self):
        response = self.client.get(self.a.url)
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertIn("Orphan one", body)
        self.assertNotIn("Withdrawn topic", body)
        # No link to it (the article's own URL still holds its slug, as Wagtail routes it).
        self.assertNotIn(f'href="{self.hidden.url}"', body)
        # The live ancestors still lead back.
        self.assertIn("Billing", body)

    def test_parent_counts_leave_out_articles_below_it(self):
        response = self.client.get(self.home.url)
        body = response.content.decode()
        self.assertIn("1 article", body)
        self.assertNotIn("3 articles", body)
        self.assertNotIn("Orphan", body)
        self.assertNotIn("Withdrawn topic", body)

    def test_topic_page_leaves_it_out(self):
        body = self.client.get(self.billing.url).content.decode()
        self.assertNotIn("Withdrawn topic", body)
        self.assertNotIn("Orphan", body)

    def test_deeper_unpublished_topic_is_left_out_of_counts(self):
        deep = make_topic(self.open.get_parent().specific, "Deep")
        inner = make_topic(deep, "Inner")
        make_article(inner, "Deep article")
        body = self.client.get(self.home.url).content.decode()
        self.assertIn("2 articles", body)
        deep.unpublish()
        body = self.client.get(self.home.url).content.decode()
        self.assertIn("1 article", body)
        self.assertNotIn("2 articles", body)

    def test_search_browse_topics_leave_it_out(self):
        response = self.client.get(self.home.get_search_url(), {"q": ""})
        body = response.content.decode()
        self.assertNotIn("Withdrawn topic", body)
        self.assertNotIn("Orphan", body)

    def test_republishing_shows_it_again(self):
        from tests.utils import publish

        publish(self.hidden)
        body = self.client.get(self.a.url).content.decode()
        self.assertIn("Withdrawn topic", body)
        self.assertIn("3 articles", self.client.get(self.home.url).content.decode())
