"""Stored URLs are checked again when they are rendered (issue 10, item 10).

A navigation link saved by code, a data migration or an import skips the form's validation: what
reaches ``href`` is decided at render time, by ``wagtail_kb.url_safety.safe_url``.
"""

from bs4 import BeautifulSoup
from django.core.cache import caches
from django.db import connection
from django.test import SimpleTestCase, TestCase
from wagtail.models import Site

from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import KBSettings
from wagtail_kb.url_safety import safe_url

HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "\x00javascript:alert(1)",
    "\x01\x02 javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "javascript\t:alert(1)",
    "javascript&#58;alert(1)",
    "javascript&#x3A;alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&amp;#58;alert(1)",
    "java&Tab;script:alert(1)",
    "javascript%3Aalert(1)",
    "ｊａｖａｓｃｒｉｐｔ：alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    " data:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "file:///etc/passwd",
    "blob:https://example.com/0000",
]

SAFE = {
    "https://docs.example.com/start?x=1#top": "https://docs.example.com/start?x=1#top",
    "HTTP://docs.example.com/": "HTTP://docs.example.com/",
    "  https://docs.example.com/  ": "https://docs.example.com/",
    "mailto:help@example.com": "mailto:help@example.com",
    "tel:+44-20-7946-0000": "tel:+44-20-7946-0000",
    "/support/": "/support/",
    "support/contact/": "support/contact/",
    "//cdn.example.com/guide.html": "//cdn.example.com/guide.html",
    "?page=2": "?page=2",
    "#contact": "#contact",
    "/search/?q=a:b": "/search/?q=a:b",
    "https://example.com/a\tb": "https://example.com/ab",
}


class SafeUrlTests(SimpleTestCase):
    def test_hostile_schemes_give_nothing(self):
        for url in HOSTILE:
            with self.subTest(url=url):
                self.assertEqual(safe_url(url), "")

    def test_web_mail_phone_and_relative_urls_pass(self):
        for url, expected in SAFE.items():
            with self.subTest(url=url):
                self.assertEqual(safe_url(url), expected)

    def test_empty_and_missing(self):
        self.assertEqual(safe_url(""), "")
        self.assertEqual(safe_url(None), "")
        self.assertEqual(safe_url(" \t\n"), "")

    def test_schemes_can_be_narrowed(self):
        self.assertEqual(safe_url("mailto:a@example.com", schemes={"http", "https"}), "")
        self.assertEqual(safe_url("/relative/", relative=False), "")
        self.assertEqual(
            safe_url("https://example.com/", schemes={"https"}, relative=False),
            "https://example.com/",
        )


def storable(urls):
    """The URLs the database can hold in a JSON column (PostgreSQL's jsonb refuses NUL)."""
    if connection.vendor == "postgresql":
        return [url for url in urls if "\x00" not in url]
    return urls


class NavigationLinkRenderingTests(TestCase):
    """Links saved without the admin form's validation, rendered on real KB pages."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.topic = make_topic(cls.home, "Accounts")
        cls.article = make_article(cls.topic, "Reset a password", body=[("heading", "Steps")])
        cls.draft = make_article(cls.topic, "Unreleased plans", live=False)

    def save_navigation(self, *links):
        kb_settings = KBSettings.for_site(Site.objects.get(is_default_site=True))
        kb_settings.navigation = [("link", link) for link in links]
        kb_settings.save()
        caches["default"].clear()

    def nav_of(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        nav = BeautifulSoup(response.content, "html.parser").find(id="kb-nav")
        self.assertIsNotNone(nav)
        return nav

    def test_hostile_urls_never_reach_href(self):
        self.save_navigation(
            *(
                {"label": f"Link {n}", "page": None, "url": url}
                for n, url in enumerate(storable(HOSTILE))
            ),
        )
        for url in (self.home.url, self.topic.url, self.article.url):
            with self.subTest(page=url):
                nav = self.nav_of(url)
                hrefs = [a.get("href", "") for a in nav.find_all("a")]
                self.assertEqual(hrefs, [self.home.url])  # "All topics" only
                for n in range(len(storable(HOSTILE))):
                    # The label stays (as text), so an editor sees which link needs fixing.
                    self.assertIn(f"Link {n}", nav.get_text())
                raw = str(nav).lower()
                for word in ("javascript", "vbscript", "data:", "alert"):
                    self.assertNotIn(word, raw)

    def test_safe_urls_are_links(self):
        self.save_navigation(
            {"label": "Docs", "page": None, "url": "https://docs.example.com/"},
            {"label": "Write to us", "page": None, "url": "mailto:help@example.com"},
            {"label": "Call us", "page": None, "url": "tel:+442079460000"},
            {"label": "Status", "page": None, "url": "/status/"},
            {"label": "Passwords", "page": self.article, "url": ""},
        )
        nav = self.nav_of(self.article.url)
        links = {a.get_text(strip=True): a.get("href") for a in nav.find_all("a")}
        self.assertEqual(links["Docs"], "https://docs.example.com/")
        self.assertEqual(links["Write to us"], "mailto:help@example.com")
        self.assertEqual(links["Call us"], "tel:+442079460000")
        self.assertEqual(links["Status"], "/status/")
        self.assertEqual(links["Passwords"], self.article.url)

    def test_a_link_to_an_unpublished_page_shows_neither_its_url_nor_its_title(self):
        self.save_navigation({"label": "", "page": self.draft, "url": ""})
        nav = self.nav_of(self.home.url)
        self.assertNotIn("Unreleased plans", str(nav))
        self.assertNotIn(self.draft.url_path, str(nav))
        self.assertNotIn("unreleased-plans", str(nav))


class MediaUrlRenderingTests(TestCase):
    """Video and deck URLs go through the same check (``embeds`` uses ``safe_url`` too)."""

    def test_hostile_media_urls_reach_neither_href_nor_src(self):
        home = make_home()
        body = []
        for n, url in enumerate(storable(HOSTILE)):
            body.append(("video", {"heading": f"Video {n}", "url": url, "caption": ""}))
            body.append(("deck", {"heading": f"Deck {n}", "url": url, "document": None}))
        article = make_article(home, "Media saved by a script", body=body)
        caches["default"].clear()
        response = self.client.get(article.url)
        self.assertEqual(response.status_code, 200)
        article_body = BeautifulSoup(response.content, "html.parser").find(id="article-body")
        self.assertIn(f"Deck {len(storable(HOSTILE)) - 1}", article_body.get_text())
        for tag in article_body.find_all(["a", "iframe"]):
            self.assertEqual(tag.get("href", tag.get("src", "")), "", str(tag))
        raw = str(article_body).lower()
        for word in ("javascript", "vbscript", "data:", "alert"):
            self.assertNotIn(word, raw)
