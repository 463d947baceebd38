"""``wagtail.contrib.sitemaps`` lists KB pages with lastmod: public, live, reachable, once each."""

import xml.etree.ElementTree as ET
from datetime import datetime

from django.test import override_settings

from tests.reach.base import ReachTestCase
from tests.utils import make_article

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@override_settings(ROOT_URLCONF="tests.reach.urls")
class SitemapTests(ReachTestCase):
    def entries(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        root = ET.fromstring(response.content)  # noqa: S314  (the site's own sitemap)
        return {
            url.find("s:loc", NS).text: url.findtext("s:lastmod", None, NS)
            for url in root.findall("s:url", NS)
        }

    def test_public_live_kb_pages_with_lastmod(self):
        entries = self.entries()
        for page in (self.home, self.topic, self.article, self.second, self.loose):
            with self.subTest(page.title):
                self.assertIn(page.full_url, entries)
                lastmod = datetime.fromisoformat(entries[page.full_url]).date()
                self.assertEqual(lastmod, page.last_published_at.date())

    def test_private_draft_and_unreachable_pages_are_left_out(self):
        urls = set(self.entries())
        for page in (self.private, self.grouped, self.orphan, self.hidden_topic):
            with self.subTest(page.title):
                self.assertNotIn(page.full_url, urls)
        self.assertFalse([url for url in urls if "secret-draft-plan" in url])

    @override_settings(WAGTAILKB_TOPIC_ARTICLES_PER_PAGE=1)
    def test_a_paginated_topic_is_listed_once(self):
        for number in range(3):
            make_article(self.topic, f"Extra {number}")
        response = self.client.get("/sitemap.xml")
        text = response.content.decode()
        self.assertEqual(text.count(f"<loc>{self.topic.full_url}</loc>"), 1)
        self.assertNotIn("?page=", text)
        self.assertEqual(len(self.entries()), len(set(self.entries())))

    def test_lastmod_follows_publishing(self):
        before = self.entries()[self.second.full_url]
        self.second.title = "Read a trail map well"
        self.republish(self.second)
        after = self.entries()[self.second.full_url]
        self.assertGreaterEqual(after, before)
        self.assertEqual(datetime.fromisoformat(after).date(), self.second.last_published_at.date())
