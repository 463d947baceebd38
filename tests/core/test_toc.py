"""The table of contents: heading ids, the tree of entries, and its cache per page revision."""

from collections import Counter
from unittest import mock

from bs4 import BeautifulSoup
from django.core.cache import caches
from django.test import SimpleTestCase, TestCase, override_settings
from django.utils.text import slugify

from tests import embed_finders
from tests.core.test_embeds import CLOCKED_CACHE
from tests.utils import make_article, make_home, make_topic, publish, reload
from wagtail_kb import toc
from wagtail_kb.toc import RESERVED_IDS, RESERVED_PREFIX, build_toc


def outline(entries):
    """The TOC as nested ``(id, text, [children])`` tuples, easy to compare."""
    return [(e.id, e.text, outline(e.children)) for e in entries]


def heading_ids(html, levels=("h2", "h3")):
    soup = BeautifulSoup(html, "html.parser")
    return [tag.get("id") for tag in soup.find_all(levels)]


def all_ids(html):
    return [tag["id"] for tag in BeautifulSoup(html, "html.parser").find_all(id=True)]


class BuildTocTests(SimpleTestCase):
    def test_nested_h2_and_h3(self):
        html, entries, _ = build_toc(
            "<h2>Install</h2><p>Text.</p><h3>On Linux</h3><h3>On macOS</h3>"
            "<h2>Configure</h2><h3>Options</h3><h2>Next steps</h2>"
        )
        self.assertEqual(
            outline(entries),
            [
                (
                    "install",
                    "Install",
                    [("on-linux", "On Linux", []), ("on-macos", "On macOS", [])],
                ),
                ("configure", "Configure", [("options", "Options", [])]),
                ("next-steps", "Next steps", []),
            ],
        )
        self.assertEqual(
            heading_ids(html),
            ["install", "on-linux", "on-macos", "configure", "options", "next-steps"],
        )
        self.assertEqual([e.level for e in entries], [2, 2, 2])
        self.assertEqual([c.level for c in entries[0].children], [3, 3])

    def test_h3_before_any_h2_is_listed_at_the_top(self):
        html, entries, _ = build_toc("<h3>Before you start</h3><h2>Install</h2><h3>Linux</h3>")
        self.assertEqual(
            outline(entries),
            [
                ("before-you-start", "Before you start", []),
                ("install", "Install", [("linux", "Linux", [])]),
            ],
        )
        self.assertEqual(heading_ids(html), ["before-you-start", "install", "linux"])

    def test_repeated_headings_get_numbered_ids(self):
        html, entries, _ = build_toc(
            "<h2>Example</h2><h3>Notes</h3><h2>Example</h2><h3>Notes</h3><h2>Example</h2>"
            "<h2>Example 2</h2>"
        )
        ids = heading_ids(html)
        self.assertEqual(ids[:5], ["example", "notes", "example-2", "notes-2", "example-3"])
        self.assertEqual(len(set(ids)), len(ids), ids)
        self.assertEqual([e.text for e in entries], ["Example"] * 3 + ["Example 2"])

    def test_empty_headings_are_skipped(self):
        html, entries, _ = build_toc(
            "<h2></h2><h2>   </h2><h3><br></h3><h2><img src='/x.png' alt=''></h2>"
            "<h2>Real heading</h2>"
        )
        self.assertEqual(outline(entries), [("real-heading", "Real heading", [])])
        self.assertEqual(heading_ids(html), [None, None, None, None, "real-heading"])

    def test_empty_heading_keeps_its_id_and_no_other_heading_takes_it(self):
        html, entries, _ = build_toc('<h2 id="setup"></h2><h2>Setup</h2>')
        self.assertEqual([e.id for e in entries], ["setup-2"])
        self.assertEqual(all_ids(html), ["setup", "setup-2"])

    def test_headings_inside_rich_text(self):
        html, entries, _ = build_toc(
            '<h2 class="kb-heading">Account</h2>'
            '<div class="kb-block kb-paragraph"><p>Intro.</p><h3>Change your password</h3>'
            "<p>More.</p><h4>Not listed</h4></div>"
        )
        self.assertEqual(
            outline(entries),
            [("account", "Account", [("change-your-password", "Change your password", [])])],
        )
        self.assertNotIn("id=", str(BeautifulSoup(html, "html.parser").find("h4")))

    def test_heading_text_with_markup_and_spaces(self):
        _, entries, _ = build_toc("<h2>  Use <code>kb  --sync</code>\n now </h2>")
        self.assertEqual(outline(entries), [("use-kb-sync-now", "Use kb --sync now", [])])

    def test_unicode_headings_get_readable_unicode_ids(self):
        html, entries, _ = build_toc(
            "<h2>Überblick &amp; Einführung</h2><h2>安装指南</h2><h3>Café à Paris</h3>"
            "<h2>Настройка</h2><h2>🚀</h2>"
        )
        self.assertEqual(
            [e.id for e in entries],
            ["überblick-einführung", "安装指南", "настройка", "section"],
        )
        self.assertEqual(entries[1].children[0].id, "café-à-paris")
        self.assertEqual(entries[0].text, "Überblick & Einführung")
        self.assertIn('id="安装指南"', html)

    def test_ids_already_in_the_body_are_never_reused(self):
        html, entries, _ = build_toc(
            '<div id="install"><p>Box</p></div><h2>Install</h2><a id="faq" href="#">x</a>'
            "<h2>FAQ</h2>"
        )
        self.assertEqual([e.id for e in entries], ["install-2", "faq-2"])
        ids = all_ids(html)
        self.assertEqual(len(ids), len(set(ids)), ids)

    def test_the_page_templates_ids_are_never_taken(self):
        headings = "".join(f"<h2>{reserved.replace('-', ' ')}</h2>" for reserved in RESERVED_IDS)
        _, entries, _ = build_toc(headings)
        self.assertEqual(len(entries), len(RESERVED_IDS))
        self.assertFalse({e.id for e in entries} & RESERVED_IDS)

    def test_ids_in_the_templates_namespace_are_never_taken(self):
        html, entries, _ = build_toc(
            '<h2>KB rating title</h2><h2 id="kb-search">Search tips</h2><h2>KB</h2>'
        )
        self.assertEqual([e.id for e in entries], ["h-kb-rating-title", "search-tips", "kb"])

    def test_existing_heading_ids_are_kept(self):
        html, entries, _ = build_toc('<h2 id="custom-anchor">Install</h2><h3 id="deep">Linux</h3>')
        self.assertEqual(outline(entries), [("custom-anchor", "Install", [("deep", "Linux", [])])])
        self.assertEqual(heading_ids(html), ["custom-anchor", "deep"])

    def test_existing_heading_id_is_not_taken_by_an_earlier_heading(self):
        html, entries, _ = build_toc('<h2>Setup</h2><h2 id="setup">Other</h2>')
        self.assertEqual(outline(entries), [("setup-2", "Setup", []), ("setup", "Other", [])])

    def test_duplicate_or_reserved_existing_ids_are_replaced(self):
        html, entries, _ = build_toc(
            '<h2 id="a">One</h2><h2 id="a">Two</h2><h2 id="main-content">Three</h2>'
            '<p id="four">x</p><h2 id="four">Four</h2>'
        )
        self.assertEqual([e.id for e in entries], ["a", "two", "three", "four-2"])
        ids = all_ids(html)
        self.assertEqual(len(ids), len(set(ids)), ids)

    def test_word_count(self):
        _, _, words = build_toc("<h2>Two words</h2><p>and three more</p>")
        self.assertEqual(words, 5)

    @override_settings(WAGTAILKB_TOC_HEADING_LEVELS=("h2",))
    def test_heading_levels_setting(self):
        html, entries, _ = build_toc("<h2>Overview</h2><h3>Deep</h3>")
        self.assertEqual(outline(entries), [("overview", "Overview", [])])
        self.assertEqual(heading_ids(html, ("h3",)), [None])


class ArticleTocTests(TestCase):
    """The TOC as readers get it: through the test client, on a real article."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.topic = make_topic(cls.home, "Accounts")
        # A sibling, so that the side list of the topic's articles (and its ids) is drawn too.
        make_article(cls.topic, "Sibling", body=[("heading", "Sibling heading")])

    def setUp(self):
        caches["default"].clear()

    def get(self, page):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        return response

    def toc_links(self, soup):
        nav = soup.find("nav", class_="kb-toc")
        self.assertIsNotNone(nav, "no table of contents on the page")
        return [(a["href"], a.get_text(strip=True)) for a in nav.find_all("a")]

    def test_toc_links_every_body_heading(self):
        article = make_article(
            self.topic,
            "Manage your account",
            body=[
                ("heading", "Sign in"),
                ("paragraph", "<p>Use your e-mail.</p><h3>Forgot your password?</h3>"),
                ("heading", "Sign in"),
                ("heading", "Überblick"),
            ],
        )
        soup = BeautifulSoup(self.get(article).content, "html.parser")
        links = self.toc_links(soup)
        self.assertEqual(
            links,
            [
                ("#sign-in", "Sign in"),
                ("#forgot-your-password", "Forgot your password?"),
                ("#sign-in-2", "Sign in"),
                ("#überblick", "Überblick"),
            ],
        )
        for href, text in links:
            target = soup.find(id=href[1:])
            self.assertIsNotNone(target, href)
            self.assertEqual(target.get_text(strip=True), text)

    def test_no_id_appears_twice_on_the_page(self):
        empty = make_article(self.topic, "Empty article", body=[])
        template_ids = set(all_ids(self.get(empty).content.decode()))
        self.assertTrue(template_ids, "the page template has no ids at all?")
        unprotected = {
            i for i in template_ids if i not in RESERVED_IDS and not i.startswith(RESERVED_PREFIX)
        }
        self.assertEqual(
            unprotected,
            set(),
            "ids the page template uses must be in toc.RESERVED_IDS or start with "
            f"{RESERVED_PREFIX!r}, or a heading may take them",
        )

        # One heading per id the page itself uses (and per reserved id), each slugifying to it.
        ids = template_ids | RESERVED_IDS
        texts = sorted({i.replace("-", " ") for i in ids})
        self.assertTrue(all(slugify(t) in ids for t in texts))
        article = make_article(
            self.topic,
            "Colliding headings",
            body=[("heading", text) for text in texts]
            + [("paragraph", f"<h3>{text}</h3>") for text in texts],
        )
        html = self.get(article).content.decode()
        counts = Counter(all_ids(html))
        self.assertEqual([i for i, n in counts.items() if n > 1], [])
        soup = BeautifulSoup(html, "html.parser")
        body_ids = [h["id"] for h in soup.find(id="article-body").find_all(["h2", "h3"])]
        self.assertEqual(len(body_ids), 2 * len(texts))
        self.assertEqual(len(self.toc_links(soup)), 2 * len(texts))


@override_settings(
    CACHES=CLOCKED_CACHE,
    WAGTAILKB_TOC_CACHE_TIMEOUT=60 * 60 * 24,
    WAGTAILKB_EMBED_FAILURE_TIMEOUT=600,
)
class TocCacheTests(TestCase):
    """A warm render does not parse again; a new revision, an alias update or a preview does."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.topic = make_topic(cls.home, "Accounts")

    def setUp(self):
        self.cache = caches["default"]
        self.cache.clear()
        embed_finders.calls.clear()
        self.article = make_article(
            self.topic,
            "Reset your password",
            body=[("heading", "Open settings"), ("paragraph", "<p>Then choose Reset.</p>")],
        )

    def render(self, page):
        """GET the page; return ``(html, number of parses by wagtail_kb.toc.build_toc)``."""
        with mock.patch.object(toc, "build_toc", wraps=toc.build_toc) as parser:
            response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode(), parser.call_count

    def body_headings(self, html):
        body = BeautifulSoup(html, "html.parser").find(id="article-body")
        return [h.get_text(strip=True) for h in body.find_all(["h2", "h3"])]

    def test_a_warm_render_does_not_parse_again(self):
        first, parses = self.render(self.article)
        self.assertEqual(parses, 1)
        second, parses = self.render(self.article)
        self.assertEqual(parses, 0)
        self.assertEqual(first, second)
        self.assertIn('id="open-settings"', second)
        self.assertIn('href="#open-settings"', second)

    def test_the_cache_is_shared_through_djangos_cache_framework(self):
        self.render(self.article)
        self.assertEqual(self.render(self.article)[1], 0)
        self.cache.clear()  # what a deploy or another process's eviction does
        self.assertEqual(self.render(self.article)[1], 1)

    def test_publishing_a_new_revision_invalidates_it(self):
        self.render(self.article)
        article = reload(self.article)
        article.body = [("heading", "Open preferences")]
        publish(article)
        html, parses = self.render(article)
        self.assertEqual(parses, 1)
        self.assertEqual(self.body_headings(html), ["Open preferences"])
        self.assertIn('href="#open-preferences"', html)

    def test_a_draft_does_not_change_the_live_page(self):
        self.render(self.article)
        article = reload(self.article)
        article.body = [("heading", "Draft heading")]
        article.save_revision()
        html, parses = self.render(reload(article))
        self.assertEqual(parses, 0)
        self.assertEqual(self.body_headings(html), ["Open settings"])

    def test_a_body_saved_without_a_revision_is_not_served_stale(self):
        self.render(self.article)
        article = reload(self.article)
        article.body = [("heading", "Changed by a data migration")]
        article.save()
        html, _ = self.render(reload(article))
        self.assertEqual(self.body_headings(html), ["Changed by a data migration"])

    def test_an_alias_follows_its_original(self):
        other_topic = make_topic(self.home, "Security")
        alias = self.article.create_alias(parent=other_topic, update_slug="reset-password-alias")
        html, _ = self.render(alias)
        self.assertEqual(self.body_headings(html), ["Open settings"])

        article = reload(self.article)
        article.body = [("heading", "Open the security page")]
        publish(article)
        html, _ = self.render(reload(alias))
        self.assertEqual(self.body_headings(html), ["Open the security page"])

    def test_previews_are_never_cached(self):
        self.render(self.article)  # the live body is now cached
        article = reload(self.article)
        article.body = [("heading", "Previewed heading")]
        revision = article.save_revision()

        for _ in range(2):
            with mock.patch.object(toc, "build_toc", wraps=toc.build_toc) as parser:
                response = revision.as_object().make_preview_request()
                if hasattr(response, "render"):
                    response.render()
            self.assertEqual(response.status_code, 200)
            self.assertEqual(parser.call_count, 1, "a preview must parse its own body")
            self.assertEqual(self.body_headings(response.content.decode()), ["Previewed heading"])

        html, parses = self.render(reload(self.article))
        self.assertEqual(parses, 0)
        self.assertEqual(self.body_headings(html), ["Open settings"])

    def test_a_body_with_a_fallback_card_is_kept_only_as_long_as_the_failure(self):
        article = make_article(
            self.topic,
            "Video article",
            body=[
                ("heading", "Watch"),
                (
                    "video",
                    {
                        "heading": "",
                        "url": "https://videos.unreachable.example/1",
                        "caption": "Tour",
                        "transcript": "",
                    },
                ),
            ],
        )
        self.assertEqual(self.render(article)[1], 1)
        self.cache.advance(590)
        self.assertEqual(self.render(article)[1], 0)
        self.cache.advance(20)  # past WAGTAILKB_EMBED_FAILURE_TIMEOUT
        self.assertEqual(self.render(article)[1], 1)
        self.assertEqual(len(embed_finders.calls), 2, "the provider is tried again")

    def test_a_body_without_fallbacks_is_kept_for_the_toc_timeout(self):
        self.render(self.article)
        self.cache.advance(60 * 60 * 23)
        self.assertEqual(self.render(self.article)[1], 0)
        self.cache.advance(60 * 60 + 10)
        self.assertEqual(self.render(self.article)[1], 1)

    @override_settings(WAGTAILKB_TOC_CACHE_TIMEOUT=None)
    def test_a_forever_toc_timeout_still_expires_fallback_cards(self):
        article = make_article(
            self.topic,
            "Forever",
            body=[
                (
                    "video",
                    {
                        "heading": "Watch",
                        "url": "https://videos.unreachable.example/2",
                        "caption": "",
                        "transcript": "",
                    },
                )
            ],
        )
        self.assertEqual(self.render(article)[1], 1)
        self.assertEqual(self.render(article)[1], 0)
        self.cache.advance(610)
        self.assertEqual(self.render(article)[1], 1)
        self.cache.advance(60 * 60 * 24 * 365)
        self.assertEqual(self.render(self.article)[1], 1)  # first render of the other article
        self.cache.advance(60 * 60 * 24 * 365)
        self.assertEqual(self.render(self.article)[1], 0, "None means forever")
