"""KB pages inside site base templates of their own (templates/host/), read through the test client.

``host/minimal.html`` has only ``title`` and ``content`` (no ``extra_head``/``extra_js``), its own
header and a fixed meta description; ``host/bootstrap.html`` has the four blocks, a search box
``id="search-input"``, a breadcrumb, ``<main id="main-content">`` and Wagtail's default meta
description (only when the page has a search description). The browser tests
(tests/browser/test_host_sites.py) look at the same pages in Chromium.
"""

from collections import Counter
from unittest import mock

from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.checks import run_checks
from django.test import TestCase, override_settings

from tests.utils import make_article, make_home, make_topic, publish
from wagtail_kb import base_template, toc

MINIMAL = "host/minimal.html"
BOOTSTRAP = "host/bootstrap.html"
STYLESHEET = "/static/wagtail_kb/css/kb.css"
SCRIPT = "/static/wagtail_kb/js/kb.js"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def ids(page):
    return Counter(tag["id"] for tag in page.find_all(id=True))


def mains(page):
    return page.find_all(lambda tag: tag.name == "main" or tag.get("role") == "main")


class HostTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home(title="Help centre", slug="help")
        cls.topic = make_topic(cls.home, "Getting started", intro="Install and sign in.")
        cls.article = make_article(
            cls.topic,
            "Find a note",
            intro="Search by any word of a note.",
            body=[
                ("heading", "Search input"),
                ("paragraph", "<p>Type a word.</p><h3>Main content</h3><p>More text.</p>"),
                ("heading", "Content"),
            ],
        )
        make_article(cls.topic, "Second article", body=[("heading", "Next")])

    def setUp(self):
        caches["default"].clear()

    def urls(self):
        return {
            "home": self.home.url,
            "topic": self.topic.url,
            "article": self.article.url,
            "search": self.home.url + "search/?q=note",
        }

    def get(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return soup(response)


@override_settings(WAGTAILKB_BASE_TEMPLATE=MINIMAL)
class MinimalBaseTemplateTests(HostTestCase):
    """No extra_head, no extra_js, no <main>, a banner of its own, a fixed meta description."""

    def test_stylesheet_and_script_load_once_inside_the_content(self):
        for name, url in self.urls().items():
            with self.subTest(name):
                page = self.get(url)
                sheets = page.find_all("link", rel="stylesheet", href=STYLESHEET)
                self.assertEqual(len(sheets), 1)
                self.assertIsNotNone(sheets[0].find_parent("body"))
                # Before the KB's markup, so that it is styled from the first paint.
                self.assertIn("kb", sheets[0].find_next_sibling()["class"])
                scripts = page.find_all("script", src=SCRIPT)
                self.assertEqual(len(scripts), 1)
                self.assertIsNotNone(scripts[0].find_parent("body"))

    def test_one_main_landmark_and_no_second_banner(self):
        for name, url in self.urls().items():
            with self.subTest(name):
                page = self.get(url)
                main = mains(page)
                self.assertEqual(len(main), 1)
                # The site has a banner: the whole KB is the main landmark, its header band in it.
                self.assertIn("kb", main[0]["class"])
                self.assertEqual(main[0]["id"], "main-content")
                banners = [h for h in page.find_all("header") if not h.find_parent("main")]
                self.assertEqual([h["class"] for h in banners], [["site-header"]])

    def test_the_sites_meta_description_is_the_only_one(self):
        for name, url in self.urls().items():
            with self.subTest(name):
                descriptions = self.get(url).find_all("meta", attrs={"name": "description"})
                self.assertEqual(
                    [d["content"] for d in descriptions],
                    ["Acme Tools makes garden tools that last a lifetime."],
                )

    def test_no_id_twice(self):
        for name, url in self.urls().items():
            with self.subTest(name):
                counts = ids(self.get(url))
                self.assertEqual([i for i, n in counts.items() if n > 1], [])


@override_settings(WAGTAILKB_BASE_TEMPLATE=BOOTSTRAP)
class BootstrapBaseTemplateTests(HostTestCase):
    """The four blocks, its own <main id="main-content">, search box, breadcrumb."""

    def test_stylesheet_in_the_head_and_script_in_extra_js_once(self):
        for name, url in self.urls().items():
            with self.subTest(name):
                page = self.get(url)
                sheets = page.find_all("link", rel="stylesheet", href=STYLESHEET)
                self.assertEqual([s.parent.name for s in sheets], ["head"])
                scripts = page.find_all("script", src=SCRIPT)
                self.assertEqual(len(scripts), 1)
                self.assertIsNone(scripts[0].find_parent("main"), "not inside the content")

    def test_the_sites_main_is_the_only_main(self):
        for name, url in self.urls().items():
            with self.subTest(name):
                page = self.get(url)
                self.assertEqual([m.get("id") for m in mains(page)], ["main-content"])
                self.assertEqual(page.select_one(".kb").name, "div")
                self.assertEqual(page.select_one(".kb-main").name, "div")
                self.assertEqual(ids(page)["main-content"], 1)

    def test_heading_ids_avoid_the_sites_ids(self):
        page = self.get(self.article.url)
        body = page.find(id="article-body")
        heading_ids = [h["id"] for h in body.find_all(["h2", "h3"])]
        self.assertEqual(heading_ids, ["search-input-2", "main-content-2", "content-2"])
        self.assertEqual(page.find(id="search-input").name, "input")
        self.assertEqual([i for i, n in ids(page).items() if n > 1], [])
        toc_links = [a["href"] for a in page.select(".kb-toc a")]
        self.assertEqual(toc_links, ["#search-input-2", "#main-content-2", "#content-2"])

    def test_one_meta_description_with_and_without_a_search_description(self):
        def descriptions(url):
            tags = self.get(url).find_all("meta", attrs={"name": "description"})
            return [tag["content"] for tag in tags]

        # Without a search description the site prints none: the KB's (the intro) is the one.
        self.assertEqual(descriptions(self.article.url), ["Search by any word of a note."])
        self.assertEqual(descriptions(self.topic.url), ["Install and sign in."])
        # With one, the site prints it (as Wagtail's project template does); the KB adds none.
        self.article.search_description = "How to find any note."
        publish(self.article)
        self.assertEqual(descriptions(self.article.url), ["How to find any note."])

    def test_breadcrumb_can_be_switched_off(self):
        for name in ("topic", "article"):
            url = self.urls()[name]
            with self.subTest(name):
                self.assertIsNotNone(self.get(url).select_one("nav.kb-breadcrumb"))
                with override_settings(WAGTAILKB_SHOW_BREADCRUMB=False):
                    page = self.get(url)
                    self.assertIsNone(page.select_one(".kb-breadcrumb"))
                    self.assertEqual(
                        len(page.find_all("nav", attrs={"aria-label": "Breadcrumb"})), 1
                    )


class DefaultLayoutTests(HostTestCase):
    """wagtail_kb/layout.html: the KB's header band is the banner, its main column the main."""

    def test_landmarks_and_description(self):
        for name, url in self.urls().items():
            with self.subTest(name):
                page = self.get(url)
                self.assertEqual([m["class"] for m in mains(page)], [["kb-main"]])
                self.assertEqual(mains(page)[0]["id"], "main-content")
                self.assertEqual(page.select_one(".kb").name, "div")
                self.assertEqual(page.select_one(".kb-header").parent["class"][0], "kb")
                self.assertEqual(len(page.find_all("meta", attrs={"name": "description"})), 1)
                sheets = page.find_all("link", rel="stylesheet", href=STYLESHEET)
                self.assertEqual([s.parent.name for s in sheets], ["head"])

    def test_heading_ids_keep_their_slugs(self):
        body = self.get(self.article.url).find(id="article-body")
        heading_ids = [h["id"] for h in body.find_all(["h2", "h3"])]
        self.assertEqual(heading_ids, ["search-input", "main-content-2", "content-2"])


class TocCacheFollowsTheBaseTemplateTests(HostTestCase):
    """The TOC is cached per revision; a body made for another base template's ids is not used."""

    def parses(self, url):
        with mock.patch.object(toc, "build_toc", wraps=toc.build_toc) as parser:
            page = self.get(url)
        body = page.find(id="article-body")
        return [h["id"] for h in body.find_all("h2")], parser.call_count

    def test_switching_base_templates(self):
        url = self.article.url
        self.assertEqual(self.parses(url), (["search-input", "content-2"], 1))
        self.assertEqual(self.parses(url), (["search-input", "content-2"], 0))
        with override_settings(WAGTAILKB_BASE_TEMPLATE=BOOTSTRAP):
            self.assertEqual(self.parses(url), (["search-input-2", "content-2"], 1))
            self.assertEqual(self.parses(url), (["search-input-2", "content-2"], 0))
        self.assertEqual(self.parses(url), (["search-input", "content-2"], 1))

    def test_ids_reserved_in_settings(self):
        url = self.article.url
        self.assertEqual(self.parses(url), (["search-input", "content-2"], 1))
        with override_settings(WAGTAILKB_RESERVED_IDS=["search-input"]):
            self.assertEqual(self.parses(url), (["search-input-2", "content-2"], 1))
            self.assertEqual(self.parses(url), (["search-input-2", "content-2"], 0))


class InspectTests(TestCase):
    def setUp(self):
        # What is found without a page (as here) is not what a KB page would find: forget it.
        self.addCleanup(base_template.forget)
        base_template.forget()

    def test_what_each_template_offers(self):
        minimal = base_template.inspect({"kb_base_template": MINIMAL})
        self.assertEqual(minimal.blocks, {"title", "content"})
        self.assertEqual((minimal.head, minimal.js), (False, False))
        self.assertEqual((minimal.has_main, minimal.has_banner), (False, True))
        self.assertEqual((minimal.main, minimal.description), ("kb", "always"))

        bootstrap = base_template.inspect({"kb_base_template": BOOTSTRAP})
        self.assertEqual(bootstrap.blocks, set(base_template.BLOCKS))
        self.assertEqual(bootstrap.main, "")
        self.assertEqual(bootstrap.description, "never", "no page in this context")
        self.assertLessEqual({"main-content", "search-input"}, bootstrap.ids)

        layout = base_template.inspect({"kb_base_template": "wagtail_kb/layout.html"})
        self.assertEqual((layout.main, layout.ids), ("column", frozenset()))
        self.assertNotEqual(len({minimal.key, bootstrap.key, layout.key}), 1)

    def test_a_template_that_cannot_render_falls_back_to_the_four_blocks(self):
        with self.assertLogs("wagtail_kb.base_template", "WARNING") as logs:
            found = base_template.inspect({"kb_base_template": "host/missing.html"})
        self.assertIn("host/missing.html", logs.output[0])
        self.assertEqual(found.blocks, set(base_template.BLOCKS))
        self.assertEqual(found.main, "column")

    def test_blocks_without_rendering(self):
        self.assertEqual(base_template.template_blocks(MINIMAL), {"title", "content"})
        self.assertEqual(
            base_template.template_blocks("host/child_of_minimal.html"),
            {"title", "content", "page_body"},
        )
        self.assertIsNone(base_template.template_blocks("host/variable_parent.html"))


class BaseTemplateCheckTests(TestCase):
    def messages(self):
        return [m for m in run_checks() if m.id == "wagtail_kb.W003"]

    def test_no_warning_for_templates_with_a_content_block(self):
        for name in ("wagtail_kb/layout.html", MINIMAL, BOOTSTRAP, "host/variable_parent.html"):
            with self.subTest(name), override_settings(WAGTAILKB_BASE_TEMPLATE=name):
                self.assertEqual(self.messages(), [])

    def test_a_template_without_content(self):
        with override_settings(WAGTAILKB_BASE_TEMPLATE="host/no_content.html"):
            [message] = self.messages()
        self.assertIn("has no 'content' block", message.msg)
        self.assertIn("{% block content %}", message.hint)

    def test_a_template_that_does_not_exist(self):
        with override_settings(WAGTAILKB_BASE_TEMPLATE="host/missing.html"):
            [message] = self.messages()
        self.assertIn("cannot be loaded (TemplateDoesNotExist: host/missing.html)", message.msg)
