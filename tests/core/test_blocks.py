"""Every article block as readers see it, and as editors find it (label, help, preview)."""

import io

from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.files.images import ImageFile
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.blocks import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.test.utils import WagtailTestUtils

from tests import embed_finders
from tests.utils import make_article, make_home, make_topic, site_root
from wagtail_kb.blocks import ArticleBodyBlock, NavigationBlock, NavigationLinkBlock
from wagtail_kb.models import KBArticlePage

BODY_BLOCK = KBArticlePage._meta.get_field("body").stream_block


def make_image(title="Sync settings screen", size=(1600, 900)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (40, 120, 160)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name="sync-settings.png")
    )


def body_of(response):
    return BeautifulSoup(response.content, "html.parser").find(id="article-body")


def heading_in(body, text):
    """The ``<h2>`` of the body with this text (there must be exactly one)."""
    found = [h for h in body.find_all("h2") if h.get_text(strip=True) == text]
    assert len(found) == 1, f"{len(found)} <h2> with text {text!r}"
    return found[0]


class BlockRenderingTests(TestCase):
    """An article using every block, rendered through the test client."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.topic = make_topic(cls.home, "Syncing")
        cls.image = make_image()
        image_value = BODY_BLOCK.child_blocks["image"].to_python(
            {"image": cls.image.pk, "alt_text": "The sync settings screen", "decorative": False}
        )
        cls.article = make_article(
            cls.topic,
            "Sync your devices",
            body=[
                ("heading", "Before you begin"),
                (
                    "paragraph",
                    "<p>Open <b>Settings</b> first.</p><h3>Check your version</h3>"
                    "<p>Version 2 or later.</p>",
                ),
                (
                    "video",
                    {
                        "heading": "Watch the setup",
                        "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                        "caption": "A three-minute tour",
                        "transcript": "Hello and welcome.\n\nFirst, open the settings.",
                    },
                ),
                (
                    "deck",
                    {
                        "heading": "Training slides",
                        "url": "https://docs.google.com/presentation/d/1AbC_dEf/edit",
                        "document": None,
                        "caption": "Twelve slides",
                    },
                ),
                (
                    "highlights",
                    {
                        "heading": "What you get",
                        "items": [
                            "<p>Works offline</p>",
                            "<p>Syncs on reconnect</p>",
                            "<p>End-to-end encrypted</p>",
                        ],
                    },
                ),
                (
                    "takeaways",
                    {
                        "heading": "Remember",
                        "items": [
                            "<p>Back up first</p>",
                            "<p>One device at a time</p>",
                            "<p>Stay on Wi-Fi</p>",
                            "<p>Check the result</p>",
                        ],
                    },
                ),
                ("callout", {"tone": "tip", "heading": "", "text": "<p>You can undo.</p>"}),
                (
                    "callout",
                    {"tone": "warning", "heading": "Mind the battery", "text": "<p>Plug in.</p>"},
                ),
                ("image", image_value),
            ],
        )

    def setUp(self):
        caches["default"].clear()
        embed_finders.calls.clear()
        response = self.client.get(self.article.url)
        self.assertEqual(response.status_code, 200)
        self.soup = BeautifulSoup(response.content, "html.parser")
        self.body = self.soup.find(id="article-body")
        toc = self.soup.find("nav", class_="kb-toc")
        self.toc = [(a["href"], a.get_text(strip=True)) for a in toc.find_all("a")]

    def test_heading_is_an_h2_with_an_id_listed_in_the_toc(self):
        h2 = heading_in(self.body, "Before you begin")
        self.assertTrue(h2.get("id"))
        self.assertIn((f"#{h2['id']}", "Before you begin"), self.toc)

    def test_paragraph_rich_text_and_its_subheadings(self):
        bold = self.body.find("b", string="Settings")
        self.assertIsNotNone(bold)
        h3 = self.body.find("h3", string="Check your version")
        self.assertIn((f"#{h3['id']}", "Check your version"), self.toc)

    def test_video_with_player_caption_and_transcript(self):
        h2 = heading_in(self.body, "Watch the setup")
        frame = h2.find_next("iframe")
        self.assertEqual(frame["src"], "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ")
        self.assertEqual(frame["title"], "Watch the setup")
        self.assertEqual(frame["loading"], "lazy")
        self.assertIn("A three-minute tour", h2.find_next("figcaption").get_text())
        details = h2.find_next("details")
        self.assertIn("Transcript", details.find("summary").get_text())
        self.assertIn("First, open the settings.", details.get_text())
        self.assertEqual(embed_finders.calls, [])

    def test_deck(self):
        h2 = heading_in(self.body, "Training slides")
        frame = h2.find_next("iframe")
        self.assertEqual(frame["src"], "https://docs.google.com/presentation/d/1AbC_dEf/embed")
        self.assertEqual(frame["title"], "Training slides")
        self.assertIn("Twelve slides", h2.find_next("figcaption").get_text())

    def test_highlights_are_a_bulleted_list(self):
        items = heading_in(self.body, "What you get").find_next("ul").find_all("li")
        self.assertEqual(
            [li.get_text(strip=True) for li in items],
            ["Works offline", "Syncs on reconnect", "End-to-end encrypted"],
        )

    def test_takeaways_are_a_numbered_list(self):
        items = heading_in(self.body, "Remember").find_next("ol").find_all("li")
        self.assertEqual(len(items), 4)
        self.assertEqual(items[0].get_text(strip=True), "Back up first")

    def test_callout_shows_its_tone(self):
        tip = self.body.find(string="You can undo.").find_parent("aside")
        self.assertIn("Tip", tip.get_text())
        self.assertIn("kb-callout--tip", tip["class"])
        warning = self.body.find(string="Plug in.").find_parent("aside")
        self.assertIn("Mind the battery", warning.get_text())
        self.assertEqual(warning["aria-label"], "Warning")  # the tone, for screen readers

    def test_image_with_alt_text(self):
        (img,) = self.body.find_all("img")
        self.assertEqual(img["alt"], "The sync settings screen")
        self.assertLessEqual(int(img["width"]), 1200)
        self.assertTrue(img["src"])

    def test_block_headings_are_in_the_toc_in_order(self):
        self.assertEqual(
            [text for _, text in self.toc],
            [
                "Before you begin",
                "Check your version",
                "Watch the setup",
                "Training slides",
                "What you get",
                "Remember",
            ],
        )
        for href, _ in self.toc:
            self.assertIsNotNone(self.body.find(id=href[1:]), href)

    def test_callout_heading_stays_out_of_the_toc(self):
        self.assertNotIn("Mind the battery", [text for _, text in self.toc])


class BlockDefinitionTests(SimpleTestCase):
    def all_blocks(self):
        blocks = dict(ArticleBodyBlock().child_blocks)
        blocks["link"] = NavigationBlock().child_blocks["link"]
        return blocks

    def test_contract_block_names(self):
        self.assertEqual(
            list(BODY_BLOCK.child_blocks)[:6],
            ["heading", "paragraph", "video", "deck", "highlights", "takeaways"],
        )
        fields = {
            "video": ["heading", "url", "caption", "transcript"],
            "deck": ["heading", "url", "document", "caption"],
            "highlights": ["heading", "items"],
            "takeaways": ["heading", "items"],
        }
        for name, expected in fields.items():
            with self.subTest(block=name):
                self.assertEqual(list(BODY_BLOCK.child_blocks[name].child_blocks), expected)
        # The contract's fields, then the labels in other languages (issue 12).
        self.assertEqual(
            list(NavigationLinkBlock().child_blocks), ["label", "page", "url", "translations"]
        )

    def test_every_block_has_an_icon_a_label_and_help(self):
        for name, block in self.all_blocks().items():
            with self.subTest(block=name):
                self.assertTrue(block.meta.icon)
                self.assertNotEqual(block.meta.icon, "placeholder")
                self.assertTrue(block.meta.label, f"{name} has no (translatable) label of its own")
                self.assertTrue(str(block.label))
                help_text = getattr(block.meta, "help_text", None) or getattr(
                    getattr(block, "field", None), "help_text", None
                )
                self.assertTrue(
                    str(block.get_description() or "") or str(help_text or ""),
                    f"{name} has neither a description nor help text",
                )

    def test_blocks_with_a_preview_template_are_previewable(self):
        previewable = [
            name
            for name, block in BODY_BLOCK.child_blocks.items()
            if hasattr(block.meta, "preview_template")
        ]
        self.assertEqual(
            previewable,
            list(BODY_BLOCK.child_blocks),  # every block, as README says
        )
        for name in previewable:
            block = BODY_BLOCK.child_blocks[name]
            with self.subTest(block=name):
                if hasattr(block, "is_previewable"):
                    self.assertTrue(block.is_previewable)
                self.assertTrue(str(block.get_description()))


class BlockPreviewTests(WagtailTestUtils, TestCase):
    """Each block's preview as the block picker loads it: Wagtail's block preview view."""

    PREVIEW_TEXT = {
        "heading": "Before you begin",
        "paragraph": "Changes are saved as you go.",
        "video": "Watch the walkthrough",
        "deck": "Slides from the training",
        "highlights": "Syncs when you reconnect",
        "takeaways": "Update one device at a time",
        "callout": "You can undo this step at any time",
        "image": "An image with its alternative text",
    }

    def setUp(self):
        caches["default"].clear()
        embed_finders.calls.clear()
        self.login()

    def test_every_preview_renders_without_the_network(self):
        for name, text in self.PREVIEW_TEXT.items():
            block = BODY_BLOCK.child_blocks[name]
            with self.subTest(block=name):
                response = self.client.get(
                    reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, text)
                self.assertContains(response, "wagtail_kb/css/kb.css")
        self.assertEqual(embed_finders.calls, [])

    def test_image_preview_needs_no_uploaded_image(self):
        self.assertFalse(get_image_model().objects.exists())
        block = BODY_BLOCK.child_blocks["image"]
        response = self.client.get(
            reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
        )
        self.assertEqual(response.status_code, 200)
        figure = BeautifulSoup(response.content, "html.parser").select_one(".kb-image")
        self.assertEqual(figure["class"], ["kb-block", "kb-image"])
        self.assertIsNotNone(figure.find("svg", attrs={"role": "img"}))
        self.assertIsNone(figure.find("img"))

    def test_media_previews_draw_no_player(self):
        for name in ("video", "deck"):
            block = BODY_BLOCK.child_blocks[name]
            with self.subTest(block=name):
                response = self.client.get(
                    reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
                )
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "<iframe")


class NavigationLinkBlockTests(TestCase):
    def setUp(self):
        self.block = NavigationLinkBlock()
        self.page = site_root()

    def clean(self, **value):
        return self.block.clean(
            self.block.to_python({"label": "Docs", "page": None, "url": "", **value})
        )

    def test_a_page_or_a_url(self):
        by_page = self.clean(page=self.page.pk)
        self.assertEqual(by_page.href(), self.page.url)
        by_url = self.clean(url="https://docs.example.com/")
        self.assertEqual(by_url.href(), "https://docs.example.com/")
        self.assertEqual(by_url.text(), "Docs")

    def test_not_both(self):
        with self.assertRaises(StructBlockValidationError) as caught:
            self.clean(page=self.page.pk, url="https://docs.example.com/")
        self.assertIn("not both", " ".join(caught.exception.block_errors["url"].messages))

    def test_not_neither(self):
        with self.assertRaises(StructBlockValidationError) as caught:
            self.clean()
        self.assertEqual(
            caught.exception.block_errors["url"].messages, ["Choose a page or enter a URL."]
        )

    def test_renders_a_link(self):
        value = self.clean(url="https://docs.example.com/")
        soup = BeautifulSoup(self.block.render(value), "html.parser")
        self.assertEqual(soup.a["href"], "https://docs.example.com/")
        self.assertEqual(soup.a.get_text(strip=True), "Docs")
