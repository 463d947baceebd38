"""The header's navigation follows the reader's language: translated pages and labels."""

from django.test import SimpleTestCase
from django.utils import translation
from wagtail import blocks
from wagtail.models import Site

from wagtail_kb.blocks import NavigationLinkBlock
from wagtail_kb.models import KBSettings

from .base import BilingualTestCase, soup
from .site import BILINGUAL


class NavigationPerLocaleTests(BilingualTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        kb = cls.kb
        cls.billing, cls.billing_de = kb.topics["billing"]
        # A German translation that is still a draft: German readers get the English page.
        cls.invoices_de = kb.article_de("invoices")
        cls.invoices_de.unpublish()
        settings = KBSettings.for_site(Site.objects.get(is_default_site=True))
        settings.navigation = [
            ("link", link)
            for link in (
                {
                    "label": "Billing",
                    "page": cls.billing,
                    "url": "",
                    "translations": [{"language": "de", "label": "Abrechnung & Zahlung"}],
                },
                {"label": "Closing", "page": kb.article("close-account"), "url": ""},
                {"label": "Receipts", "page": kb.article("invoices"), "url": ""},
                {
                    "label": "Status",
                    "page": None,
                    "url": "https://status.example.com/",
                    "translations": [{"language": "de", "label": "Systemstatus"}],
                },
                # Chosen in German by a German editor: English readers get the English page.
                {"label": "Passwords", "page": kb.article_de("reset-password"), "url": ""},
            )
        ]
        settings.save()

    def navigation(self, page):
        nav = soup(self.get(page)).find(id="kb-nav")
        links = nav.select("a.kb-nav__link:not(.kb-nav__link--home)")
        return [(" ".join(a.get_text().split()), a["href"]) for a in links]

    def test_german_readers_get_german_pages_and_labels(self):
        kb = self.kb
        self.assertEqual(
            self.navigation(kb.article_de("reset-password")),
            [
                ("Abrechnung & Zahlung", self.billing_de.url),
                # No German version: the original, with the label as written.
                ("Closing", kb.article("close-account").url),
                # The German version is a draft: the original.
                ("Receipts", kb.article("invoices").url),
                ("Systemstatus", "https://status.example.com/"),
                ("Passwords", kb.article_de("reset-password").url),
            ],
        )

    def test_english_readers_get_english_pages_and_labels(self):
        kb = self.kb
        self.assertEqual(
            self.navigation(kb.article("reset-password")),
            [
                ("Billing", self.billing.url),
                ("Closing", kb.article("close-account").url),
                ("Receipts", kb.article("invoices").url),
                ("Status", "https://status.example.com/"),
                ("Passwords", kb.article("reset-password").url),
            ],
        )

    def test_every_kb_page_of_a_language_shares_its_navigation(self):
        kb = self.kb
        german = [kb.home_de, kb.topics["accounts"][1], kb.article_de("change-email")]
        self.assertEqual(len({tuple(self.navigation(page)) for page in german}), 1)
        self.assertEqual(self.navigation(kb.home_de)[0][1], "/de/hilfe/abrechnung/")

    def test_publishing_the_translation_changes_the_german_link_at_once(self):
        self.assertIn(
            ("Receipts", self.kb.article("invoices").url), self.navigation(self.kb.home_de)
        )
        self.invoices_de.save_revision().publish()
        self.assertIn(("Receipts", self.invoices_de.url), self.navigation(self.kb.home_de))

    def test_the_fragment_of_one_language_is_not_served_to_the_other(self):
        """Warm the German header first, then read English: no German label or URL leaks."""
        self.navigation(self.kb.home_de)
        english = self.navigation(self.kb.home)
        self.assertFalse([link for link in english if "/de/" in link[1] or "Abrechnung" in link[0]])


class RegionalLanguageTests(SimpleTestCase):
    def test_a_regional_variant_falls_back_to_the_languages_label(self):
        value = NavigationLinkBlock().to_python(
            {
                "label": "Billing",
                "page": None,
                "url": "https://example.com/",
                "translations": [{"language": "de", "label": "Abrechnung"}],
            }
        )
        with translation.override("de-at"):
            self.assertEqual(value.text(), "Abrechnung")
        with translation.override("fr"):
            self.assertEqual(value.text(), "Billing")


@BILINGUAL
class LabelLanguagesTests(SimpleTestCase):
    def clean(self, *languages):
        block = NavigationLinkBlock()
        value = block.to_python(
            {
                "label": "Billing",
                "page": None,
                "url": "https://example.com/",
                "translations": [{"language": code, "label": f"In {code}"} for code in languages],
            }
        )
        return block.clean(value)

    def test_one_label_per_language(self):
        self.assertEqual([t["language"] for t in self.clean("de")["translations"]], ["de"])

    def test_a_second_label_for_a_language_is_refused_where_it_is(self):
        with self.assertRaises(blocks.StructBlockValidationError) as raised:
            self.clean("de", "de")
        errors = raised.exception.as_json_data()["blockErrors"]["translations"]
        self.assertEqual(list(errors["blockErrors"]), [1])
        self.assertIn("has a label already", errors["blockErrors"][1]["messages"][0])


class OneValueManyLanguagesTests(BilingualTestCase):
    def test_a_link_value_follows_the_language_it_is_rendered_in(self):
        billing, billing_de = self.kb.topics["billing"]
        value = NavigationLinkBlock().to_python(
            {"label": "Billing", "page": billing.pk, "url": "", "translations": []}
        )
        with translation.override("de"):
            self.assertEqual(value.href(), billing_de.url)
        with translation.override("en"):
            self.assertEqual(value.href(), billing.url)
