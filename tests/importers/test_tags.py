"""WordPress tags become the articles' ``tags`` (Echo KB, BetterDocs, Heroic KB exports made by
WordPress), and a second run brings them in line with the export."""

import tempfile
from pathlib import Path

from django.core.cache import cache
from django.test import TestCase
from taggit.models import Tag

from tests.taxonomy.helpers import list_titles, related_titles, tag_links
from wagtail_kb.models import KBArticlePage

from .base import ALL, BETTERDOCS, ECHO, HEROIC, ImportMixin, kb_import

CARD_TAGS = (
    '<category domain="epkb_post_type_1_tag" nicename="cards"><![CDATA[cards]]></category>',
    '<category domain="epkb_post_type_1_tag" nicename="payments"><![CDATA[payments]]></category>',
)


def tags_of(title):
    return sorted(KBArticlePage.objects.get(title=title).tags.names())


class ImportedTagTests(ImportMixin, TestCase):
    def setUp(self):
        super().setUp()
        cache.clear()

    def test_each_plugins_tags_become_the_articles_tags(self):
        kb_import(ECHO, BETTERDOCS, HEROIC, "--into", "/help/", "--publish")
        self.assertEqual(tags_of("Update your card"), ["cards", "payments"])
        self.assertEqual(tags_of("Change your plan"), ["payments", "plans"])
        self.assertEqual(tags_of("Welcome session recap"), ["onboarding", "video"])
        self.assertEqual(tags_of("Download an invoice"), [])
        for tag in ("calendar", "google"):  # BetterDocs doc_tag
            self.assertTrue(KBArticlePage.objects.filter(tags__slug=tag).exists(), tag)
        self.assertTrue(KBArticlePage.objects.filter(tags__slug="notes").exists())  # Heroic KB

    def test_the_readers_see_them_the_tag_page_and_related_articles(self):
        kb_import(ECHO, "--into", "/help/", "--publish")
        card = KBArticlePage.objects.get(title="Update your card")
        html = self.client.get(card.url).content.decode()
        self.assertEqual(
            tag_links(html), [("cards", "/help/tags/cards/"), ("payments", "/help/tags/payments/")]
        )
        # "Change your plan" shares "payments"; then the card article's topic (Invoices).
        self.assertEqual(related_titles(html)[:2], ["Change your plan", "Download an invoice"])
        response = self.client.get("/help/tags/payments/")
        self.assertEqual(
            sorted(list_titles(response.content.decode())), ["Change your plan", "Update your card"]
        )

    def test_the_report_names_them_and_a_dry_run_makes_none(self):
        output = kb_import(ECHO, "--into", "/help/", "--dry-run")
        self.assertIn("tags: cards, payments", output)
        self.assertFalse(Tag.objects.exists())

    def test_a_second_run_brings_the_tags_in_line_with_the_export(self):
        with tempfile.TemporaryDirectory() as folder:
            export = Path(folder) / "echo-kb.xml"
            text = ECHO.read_text()
            export.write_text(text)
            kb_import(export, "--into", "/help/", "--publish")
            tags_before = Tag.objects.count()
            # In WordPress, "payments" leaves the card article and "Account & Billing" joins it.
            self.assertEqual(text.count(CARD_TAGS[1]), 2)
            changed = text.replace(
                CARD_TAGS[1],
                '<category domain="epkb_post_type_1_tag" nicename="account-billing">'
                "<![CDATA[Account &amp; Billing]]></category>",
                1,
            )
            export.write_text(changed)
            output = kb_import(export, "--into", "/help/", "--publish")
            again = kb_import(export, "--into", "/help/", "--publish")
        self.assertEqual(tags_of("Update your card"), ["Account & Billing", "cards"])
        self.assertEqual(tags_of("Change your plan"), ["payments", "plans"])
        # The WordPress slug is kept; no tag is made twice.
        self.assertEqual(Tag.objects.get(name="Account & Billing").slug, "account-billing")
        self.assertEqual(Tag.objects.count(), tags_before + 1)
        self.assertIn("updated: 1 article", output)
        self.assertIn("unchanged: 6 topics, 14 articles.", again)
        # Readers see the change at once.
        card = KBArticlePage.objects.get(title="Update your card")
        self.assertEqual(
            [name for name, _href in tag_links(self.client.get(card.url).content.decode())],
            ["Account &amp; Billing", "cards"],
        )
        self.assertEqual(
            list_titles(self.client.get("/help/tags/payments/").content.decode()),
            ["Change your plan"],
        )

    def test_an_existing_tag_of_the_same_name_is_reused(self):
        existing = Tag.objects.create(name="payments", slug="money")
        kb_import(ECHO, "--into", "/help/", "--publish")
        card = KBArticlePage.objects.get(title="Update your card")
        self.assertIn(existing, card.tags.all())
        self.assertEqual(Tag.objects.filter(name="payments").count(), 1)

    def test_tags_of_private_items_never_list_them(self):
        kb_import(ALL, "--into", "/help/", "--publish")
        private = KBArticlePage.objects.get(title="Refund rules for support staff")
        self.assertFalse(private.live)
        for tag in Tag.objects.all():
            response = self.client.get(f"/help/tags/{tag.slug}/")
            self.assertNotIn("Refund rules for support staff", response.content.decode())
