"""The demo knowledge base uses tags: articles show them and a "Related articles" list."""

from io import StringIO

from demo import content
from django.core.cache import caches
from django.core.management import call_command
from django.test import TestCase

from wagtail_kb.models import KBArticlePage

from .helpers import list_titles, related_titles, tag_links


class DemoTagTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_kb_demo", stdout=StringIO())
        cls.second_output = StringIO()
        call_command("load_kb_demo", stdout=cls.second_output)

    def setUp(self):
        caches["default"].clear()

    def test_articles_carry_their_tags_and_a_second_run_changes_nothing(self):
        for slug, tags in content.ARTICLE_TAGS.items():
            page = KBArticlePage.objects.get(slug=slug)
            self.assertEqual(sorted(page.tags.names()), sorted(tags), slug)
        self.assertIn("0 pages created, 0 published", self.second_output.getvalue())

    def test_an_article_shows_tags_and_related_articles(self):
        page = KBArticlePage.objects.get(slug="work-offline")
        html = self.client.get(page.url).content.decode()
        names = [name for name, _href in tag_links(html)]
        self.assertEqual(names, ["mobile app", "offline", "sync"])
        # One shared tag each ("mobile app", "offline"), in the tree's order.
        self.assertEqual(
            related_titles(html),
            [
                "Getting started with Mossbook",
                "Install Mossbook on phones, tablets and computers",
                "Download maps for offline use",
            ],
        )
        offline = dict(tag_links(html))["offline"]
        self.assertEqual(
            sorted(list_titles(self.client.get(offline).content.decode())),
            ["Download maps for offline use", "Work offline and sync later"],
        )
