"""Videos and slide decks: local players, the offline oEmbed finder, fallback cards, no network.

Every test runs with ``tests.embed_finders.OfflineFinder`` (see tests/settings.py): it answers for
``KNOWN_URL`` and fails like an unreachable provider for anything else, recording each call.
"""

import time

from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.files.base import ContentFile
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from wagtail.blocks import StructBlockValidationError
from wagtail.documents import get_document_model
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests import embed_finders
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.blocks import DeckBlock, VideoBlock
from wagtail_kb.embeds import player_url, resolve_embed
from wagtail_kb.models import KBArticlePage

UNREACHABLE_VIDEO = "https://videos.unreachable.example/watch/42"
UNREACHABLE_DECK = "https://slides.unreachable.example/deck/7"


class ClockedLocMemCache(LocMemCache):
    """Django's local-memory cache with a clock the tests can move forward (``advance``)."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self.offset = 0.0

    def advance(self, seconds):
        self.offset += seconds

    def get_backend_timeout(self, timeout=DEFAULT_TIMEOUT):
        expiry = super().get_backend_timeout(timeout)
        return None if expiry is None else expiry + self.offset

    def _has_expired(self, key):
        expiry = self._expire_info.get(key, -1)
        return expiry is not None and expiry <= time.time() + self.offset


CLOCKED_CACHE = {
    "default": {"BACKEND": "tests.core.test_embeds.ClockedLocMemCache", "LOCATION": "kb-clocked"}
}


def reset_embeds():
    """Forget cached failures, cached bodies and recorded finder calls."""
    caches["default"].clear()
    embed_finders.calls.clear()


def video(url, heading="", caption="", transcript=""):
    return ("video", {"heading": heading, "url": url, "caption": caption, "transcript": transcript})


def deck(url="", document=None, heading="", caption=""):
    return ("deck", {"heading": heading, "url": url, "document": document, "caption": caption})


def make_pdf(title="Training slides", name="training.pdf"):
    Document = get_document_model()
    return Document.objects.create(title=title, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name=name))


class LocalPlayerTests(SimpleTestCase):
    """Providers whose player URL is derived from the page URL: an iframe, no look-up at all."""

    def setUp(self):
        embed_finders.calls.clear()

    def assertPlayer(self, url, expected_src, provider):
        embed = resolve_embed(url, title="Demo")
        self.assertEqual(embed.kind, "iframe", url)
        self.assertEqual(embed.src, expected_src)
        self.assertEqual(embed.provider, provider)
        self.assertEqual(embed.url, url)
        self.assertEqual(embed.title, "Demo")
        self.assertEqual(embed_finders.calls, [], "a local player must not consult a finder")

    def test_youtube_urls_become_privacy_enhanced_players(self):
        nocookie = "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
        for url in (
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            "https://youtube.com/watch?v=aqz-KE-bpKQ&list=PL123&index=2",
            "https://m.youtube.com/watch?v=aqz-KE-bpKQ",
            "https://youtu.be/aqz-KE-bpKQ",
            "https://www.youtube.com/embed/aqz-KE-bpKQ",
            "https://www.youtube.com/shorts/aqz-KE-bpKQ",
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        ):
            with self.subTest(url=url):
                self.assertPlayer(url, nocookie, "YouTube")

    def test_youtube_start_time_is_kept(self):
        nocookie = "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?start=90"
        for url in (
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=90",
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=90s",
            "https://youtu.be/aqz-KE-bpKQ?t=1m30s",
            "https://www.youtube.com/embed/aqz-KE-bpKQ?start=90",
        ):
            with self.subTest(url=url):
                self.assertPlayer(url, nocookie, "YouTube")

    def test_lookalike_hosts_are_not_youtube(self):
        self.assertIsNone(player_url("https://notyoutube.com/watch?v=aqz-KE-bpKQ"))
        self.assertIsNone(player_url("https://youtube.com.evil.example/watch?v=aqz-KE-bpKQ"))

    def test_vimeo(self):
        cases = {
            "https://vimeo.com/76979871": "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871/8272103f6e": (
                "https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1"
            ),
            "https://player.vimeo.com/video/76979871": (
                "https://player.vimeo.com/video/76979871?dnt=1"
            ),
            "https://player.vimeo.com/video/76979871?h=8272103f6e": (
                "https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1"
            ),
        }
        for url, src in cases.items():
            with self.subTest(url=url):
                self.assertPlayer(url, src, "Vimeo")

    def test_google_slides(self):
        cases = {
            "https://docs.google.com/presentation/d/1AbC_dEf-123/edit#slide=id.p": (
                "https://docs.google.com/presentation/d/1AbC_dEf-123/embed"
            ),
            "https://docs.google.com/presentation/d/1AbC_dEf-123/edit?usp=sharing": (
                "https://docs.google.com/presentation/d/1AbC_dEf-123/embed"
            ),
            "https://docs.google.com/presentation/d/e/2PACX-1vQxYz/pub?start=false&loop=false": (
                "https://docs.google.com/presentation/d/e/2PACX-1vQxYz/embed"
            ),
        }
        for url, src in cases.items():
            with self.subTest(url=url):
                self.assertPlayer(url, src, "Google Slides")


class ResolveEmbedTests(TestCase):
    def setUp(self):
        reset_embeds()

    def test_unknown_provider_answered_by_the_embeds_framework(self):
        embed = resolve_embed(embed_finders.KNOWN_URL)
        self.assertEqual(embed.kind, "html")
        self.assertIn("https://media.example.com/player/offline-first", embed.html)
        self.assertEqual(embed.title, "Offline first")  # the provider's title when none is given
        self.assertEqual(embed.provider, "Example Media")

    def test_unreachable_provider_gives_a_fallback(self):
        embed = resolve_embed(UNREACHABLE_VIDEO, title="Setting up")
        self.assertEqual(embed.kind, "fallback")
        self.assertTrue(embed.is_fallback)
        self.assertEqual(embed.url, UNREACHABLE_VIDEO)
        self.assertEqual(embed.title, "Setting up")
        self.assertEqual(embed.src, "")
        self.assertEqual(embed.html, "")

    def test_a_failure_is_remembered(self):
        for _ in range(3):
            self.assertTrue(resolve_embed(UNREACHABLE_VIDEO).is_fallback)
        self.assertEqual(embed_finders.calls, [UNREACHABLE_VIDEO])

    def test_junk_urls_never_give_a_player_nor_a_dangerous_link(self):
        for url in (
            "javascript:alert(1)",
            " JavaScript:alert(document.cookie)",
            "ftp://files.example.com/talk.mp4",
            "data:text/html,<script>alert(1)</script>",
            "",
            "   ",
            None,
            "not a url",
            "https://",
            "http://[::1",
        ):
            with self.subTest(url=url):
                embed = resolve_embed(url, title="Video")
                self.assertEqual(embed.kind, "fallback")
                self.assertEqual(embed.src, "")
                self.assertEqual(embed.html, "")
                self.assertNotIn("javascript", embed.url.lower())
                self.assertNotIn("data:", embed.url)
        self.assertEqual(embed_finders.calls, [], "junk is never sent to a provider")


class BlockValidationTests(SimpleTestCase):
    def test_video_with_an_unknown_url_saves_without_the_network(self):
        embed_finders.calls.clear()
        value = VideoBlock().to_python(
            {"heading": "", "url": UNREACHABLE_VIDEO, "caption": "", "transcript": ""}
        )
        cleaned = VideoBlock().clean(value)
        self.assertEqual(cleaned["url"], UNREACHABLE_VIDEO)
        self.assertEqual(embed_finders.calls, [])

    def test_deck_with_an_unknown_url_saves_without_the_network(self):
        embed_finders.calls.clear()
        block = DeckBlock()
        value = block.to_python(
            {"heading": "", "url": UNREACHABLE_DECK, "document": None, "caption": ""}
        )
        self.assertEqual(block.clean(value)["url"], UNREACHABLE_DECK)
        self.assertEqual(embed_finders.calls, [])

    def test_deck_needs_a_url_or_a_document(self):
        block = DeckBlock()
        value = block.to_python({"heading": "Slides", "url": "", "document": None, "caption": ""})
        with self.assertRaises(StructBlockValidationError) as caught:
            block.clean(value)
        messages = caught.exception.block_errors["url"].messages
        self.assertEqual(messages, ["Enter the deck's URL or choose a document."])


@override_settings(CACHES=CLOCKED_CACHE, WAGTAILKB_EMBED_FAILURE_TIMEOUT=600)
class EmbedRenderingTests(TestCase):
    """Videos and decks as readers see them, through the test client."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.topic = make_topic(cls.home, "Getting started")

    def setUp(self):
        reset_embeds()
        self.clock = caches["default"]

    def get_soup(self, page):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        return BeautifulSoup(response.content, "html.parser")

    def body(self, page):
        return self.get_soup(page).find(id="article-body")

    def test_known_provider_is_embedded_from_the_finder(self):
        article = make_article(
            self.topic, "Offline talk", body=[video(embed_finders.KNOWN_URL, heading="The talk")]
        )
        frames = self.body(article).find_all("iframe")
        self.assertEqual(
            [frame["src"] for frame in frames], ["https://media.example.com/player/offline-first"]
        )

    def test_youtube_is_embedded_locally_with_a_title_and_lazy_loading(self):
        article = make_article(
            self.topic,
            "Tour",
            body=[video("https://www.youtube.com/watch?v=aqz-KE-bpKQ", heading="A short tour")],
        )
        (frame,) = self.body(article).find_all("iframe")
        self.assertEqual(frame["src"], "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ")
        self.assertEqual(frame["title"], "A short tour")
        self.assertEqual(frame["loading"], "lazy")
        self.assertEqual(embed_finders.calls, [])

    def test_unreachable_provider_renders_a_fallback_card(self):
        article = make_article(
            self.topic,
            "Lost video",
            body=[video(UNREACHABLE_VIDEO, heading="Installing the app", caption="Two minutes")],
        )
        body = self.body(article)
        self.assertIsNone(body.find("iframe"))
        links = [a for a in body.find_all("a") if a.get("href") == UNREACHABLE_VIDEO]
        self.assertEqual(len(links), 1, "the card links to the video's page")
        card = links[0].parent
        self.assertIn("Installing the app", card.get_text())

    def test_a_failed_lookup_is_cached_then_retried_after_its_ttl(self):
        first = make_article(self.topic, "First", body=[video(UNREACHABLE_VIDEO, caption="One")])
        second = make_article(self.topic, "Second", body=[video(UNREACHABLE_VIDEO, caption="Two")])

        self.assertIsNone(self.body(first).find("iframe"))
        self.assertIsNone(self.body(second).find("iframe"))
        self.assertIsNone(self.body(first).find("iframe"))
        self.assertEqual(embed_finders.calls, [UNREACHABLE_VIDEO], "one look-up for both pages")

        self.clock.advance(590)  # still within WAGTAILKB_EMBED_FAILURE_TIMEOUT
        self.body(second)
        self.assertEqual(len(embed_finders.calls), 1)

        self.clock.advance(20)  # past it: the provider gets another chance
        self.body(second)
        self.assertEqual(embed_finders.calls, [UNREACHABLE_VIDEO, UNREACHABLE_VIDEO])

    def test_junk_url_saved_by_a_script_renders_no_iframe_and_no_script_link(self):
        article = make_article(
            self.topic,
            "Junk",
            body=[video("javascript:alert(1)", caption="Bad"), video("ftp://example.com/v.mp4")],
        )
        body = self.body(article)
        self.assertIsNone(body.find("iframe"))
        hrefs = [a.get("href", "") for a in body.find_all("a")]
        self.assertFalse([h for h in hrefs if h.lower().startswith(("javascript:", "ftp:"))])
        self.assertEqual(embed_finders.calls, [])

    def test_deck_with_a_pdf_document_shows_it_and_offers_the_download(self):
        pdf = make_pdf()
        article = make_article(
            self.topic, "Training", body=[deck(document=pdf, heading="Training slides")]
        )
        body = self.body(article)
        (frame,) = body.find_all("iframe")
        self.assertEqual(frame["src"], pdf.url)
        self.assertEqual(frame["title"], "Training slides")
        downloads = [a for a in body.find_all("a") if a.has_attr("download")]
        self.assertEqual([a["href"] for a in downloads], [pdf.url])
        self.assertIn("Training slides", downloads[0].get_text())

    def test_deck_url_and_document_shows_the_player_and_still_the_download(self):
        pdf = make_pdf()
        article = make_article(
            self.topic,
            "Training 2",
            body=[deck(url="https://docs.google.com/presentation/d/1AbC/edit", document=pdf)],
        )
        body = self.body(article)
        self.assertEqual(
            [f["src"] for f in body.find_all("iframe")],
            ["https://docs.google.com/presentation/d/1AbC/embed"],
        )
        self.assertEqual(
            [a["href"] for a in body.find_all("a") if a.has_attr("download")], [pdf.url]
        )

    def test_deck_with_an_unreachable_url_and_a_pdf_still_offers_the_download(self):
        pdf = make_pdf()
        article = make_article(self.topic, "Training 3", body=[deck(UNREACHABLE_DECK, pdf)])
        body = self.body(article)
        self.assertIsNone(body.find("iframe"))
        hrefs = [a["href"] for a in body.find_all("a")]
        self.assertIn(UNREACHABLE_DECK, hrefs)
        self.assertEqual(
            [a["href"] for a in body.find_all("a") if a.has_attr("download")], [pdf.url]
        )

    def test_deck_with_a_file_browsers_cannot_frame_offers_only_the_download(self):
        slides = make_pdf(title="Workshop", name="workshop.pptx")
        article = make_article(self.topic, "Workshop", body=[deck(document=slides)])
        body = self.body(article)
        self.assertIsNone(body.find("iframe"))
        self.assertEqual([a["href"] for a in body.find_all("a")], [slides.url])
        self.assertTrue(body.find("a").has_attr("download"))


class SaveThroughTheAdminTests(WagtailPageTestCase):
    """Editors save videos and decks whose providers cannot be reached: saving needs no network."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.topic = make_topic(cls.home, "Getting started")

    def setUp(self):
        reset_embeds()
        self.login()

    def form(self, slug, body):
        return nested_form_data(
            {
                "title": "Media article",
                "slug": slug,
                "intro": "Watch and read.",
                "body": streamfield(body),
                "comments": inline_formset([]),
            }
        )

    def test_article_with_unreachable_video_and_deck_is_saved_and_published(self):
        body = [
            ("paragraph", rich_text("<p>Before the video.</p>")),
            (
                "video",
                {
                    "heading": "Walkthrough",
                    "url": UNREACHABLE_VIDEO,
                    "caption": "",
                    "transcript": "Hello.",
                },
            ),
            ("deck", {"heading": "", "url": UNREACHABLE_DECK, "document": "", "caption": ""}),
        ]
        self.assertCanCreate(self.topic, KBArticlePage, self.form("media", body))
        self.assertEqual(embed_finders.calls, [], "saving consulted an embed finder")

        article = KBArticlePage.objects.get(slug="media")
        self.assertTrue(article.live)
        self.assertEqual(
            [block.block_type for block in article.body], ["paragraph", "video", "deck"]
        )
        self.assertEqual(article.body[1].value["url"], UNREACHABLE_VIDEO)
        self.assertEqual(article.body[2].value["url"], UNREACHABLE_DECK)

        self.client.logout()
        response = self.client.get(article.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'href="{UNREACHABLE_VIDEO}"')
        self.assertContains(response, f'href="{UNREACHABLE_DECK}"')

    def test_deck_without_url_or_document_is_refused_with_a_clear_message(self):
        add_url = reverse(
            "wagtailadmin_pages:add", args=("wagtail_kb", "kbarticlepage", self.topic.pk)
        )
        data = self.form(
            "empty-deck",
            [("deck", {"heading": "Slides", "url": "", "document": "", "caption": ""})],
        )
        response = self.client.post(add_url, {**data, "action-publish": "action-publish"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(KBArticlePage.objects.filter(slug="empty-deck").exists())
        self.assertContains(response, "Enter the deck&#x27;s URL or choose a document.")
