"""What editors and readers see of the three KB page types."""

import re

from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import TestCase, override_settings
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.utils import make_article, make_home, make_topic, make_tree, site_root
from wagtail_kb.models import KBArticlePage, KBHomePage, KBSettings, KBTopicPage


def list_block(values):
    """Form data of a ListBlock, as the admin's editor posts it."""
    data = {str(i): {"value": v, "deleted": "", "order": str(i)} for i, v in enumerate(values)}
    return {**data, "count": str(len(values))}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


class PageTypeRulesTests(WagtailPageTestCase):
    def test_kb_home_may_live_anywhere(self):
        self.assertCanCreateAt(Page, KBHomePage)

    def test_article_and_topic_cannot_be_created_at_the_site_root(self):
        self.assertCanNotCreateAt(Page, KBArticlePage)
        self.assertCanNotCreateAt(Page, KBTopicPage)

    def test_allowed_parents(self):
        self.assertAllowedParentPageTypes(KBTopicPage, {KBHomePage, KBTopicPage})
        self.assertAllowedParentPageTypes(KBArticlePage, {KBTopicPage, KBHomePage})

    def test_allowed_children(self):
        self.assertAllowedSubpageTypes(KBHomePage, {KBTopicPage, KBArticlePage})
        self.assertAllowedSubpageTypes(KBTopicPage, {KBTopicPage, KBArticlePage})
        self.assertAllowedSubpageTypes(KBArticlePage, set())


class AdminCreationTests(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.home = make_home()
        self.topic = make_topic(self.home, "Accounts")

    def test_editor_creates_an_article_with_the_add_page_form(self):
        data = nested_form_data(
            {
                "title": "Reset your password",
                "slug": "reset-your-password",
                "intro": "Locked out? Here is how to get back in.",
                "body": streamfield(
                    [
                        ("heading", "Ask for a reset link"),
                        ("paragraph", rich_text("<p>Open the sign-in page.</p>")),
                        (
                            "takeaways",
                            {"heading": "", "items": list_block([rich_text("<p>Check spam</p>")])},
                        ),
                    ]
                ),
                "ratings_enabled": "on",
            }
        )
        self.assertCanCreate(self.topic, KBArticlePage, data)
        article = KBArticlePage.objects.get(slug="reset-your-password")
        self.assertEqual(
            [block.block_type for block in article.body], ["heading", "paragraph", "takeaways"]
        )

        # Publish it through the same form and read it as a reader would.
        edit_data = {**data, "action-publish": "publish"}
        self.client.post(f"/admin/pages/{article.pk}/edit/", edit_data)
        response = self.client.get(KBArticlePage.objects.get(pk=article.pk).url)
        self.assertContains(
            response, '<h2 class="kb-heading" id="ask-for-a-reset-link">', html=False
        )
        self.assertContains(response, "Check spam")


class KBHomePageTests(TestCase):
    def test_default_search_header_and_topic_grid(self):
        home, topics = make_tree(topics=2, articles=3)
        response = self.client.get(home.url)
        self.assertEqual(response.status_code, 200)
        page = soup(response)
        self.assertEqual(page.h1.get_text(strip=True), "How can we help?")
        self.assertIn("Search for answers or browse our knowledge base.", page.get_text())
        form = page.find("form", role="search")
        self.assertEqual(form["action"], home.url + "search/")
        cards = page.select(".kb-topic-card")
        self.assertEqual([c.h3.get_text(strip=True) for c in cards], ["Topic 0", "Topic 1"])
        self.assertIn("3 articles", cards[0].get_text())
        self.assertEqual(
            [a.get_text() for a in cards[0].select(".kb-article-list a")],
            ["Article 0.0", "Article 0.1", "Article 0.2"],
        )

    def test_editable_heading_and_subtitle(self):
        home = make_home(heading="Need a hand?", subtitle="Ask away.")
        response = self.client.get(home.url)
        self.assertContains(response, "Need a hand?")
        self.assertContains(response, "Ask away.")
        self.assertNotContains(response, "How can we help?")

    @override_settings(WAGTAILKB_HOME_TOPIC_ARTICLES=2)
    def test_topic_cards_cap_their_article_lists_and_count_sub_topic_articles(self):
        home = make_home()
        topic = make_topic(home, "Billing")
        for i in range(3):
            make_article(topic, f"Billing {i}")
        sub = make_topic(topic, "Invoices")
        make_article(sub, "Download an invoice")
        make_article(topic, "Draft only", live=False)
        card = soup(self.client.get(home.url)).select_one(".kb-topic-card")
        self.assertIn("4 articles", card.get_text())
        self.assertEqual(len(card.select(".kb-article-list a")), 2)
        self.assertEqual(card.select_one(".kb-more")["href"], topic.url)
        self.assertNotIn("Draft only", card.get_text())

    def test_empty_knowledge_base_says_so(self):
        home = make_home()
        self.assertContains(self.client.get(home.url), "no published articles yet")


class KBTopicPageTests(TestCase):
    def test_intro_subtopics_and_articles_in_tree_order(self):
        home = make_home()
        topic = make_topic(home, "Sync", intro="Keep devices in step.")
        make_topic(topic, "Conflicts")
        for title in ["Turn on sync", "Pause sync", "Sync over mobile data"]:
            make_article(topic, title)
        page = soup(self.client.get(topic.url))
        self.assertEqual(page.h1.get_text(strip=True), "Sync")
        self.assertIn("Keep devices in step.", page.get_text())
        self.assertIn("Conflicts", page.select_one(".kb-topic-grid").get_text())
        titles = [a.get_text() for a in page.select("#topic-articles-title ~ .kb-article-list a")]
        self.assertEqual(titles, ["Turn on sync", "Pause sync", "Sync over mobile data"])

    @override_settings(WAGTAILKB_TOPIC_ARTICLES_PER_PAGE=2)
    def test_articles_are_paginated(self):
        home = make_home()
        topic = make_topic(home, "Big topic")
        for i in range(5):
            make_article(topic, f"Entry {i}")
        first = soup(self.client.get(topic.url))
        self.assertEqual(len(first.select(".kb-article-list a")), 2)
        self.assertIn("Page 1 of 3", first.get_text())
        last = soup(self.client.get(topic.url + "?page=3"))
        self.assertEqual([a.get_text() for a in last.select(".kb-article-list a")], ["Entry 4"])
        # A page number out of range shows the last page rather than an error.
        self.assertEqual(self.client.get(topic.url + "?page=99").status_code, 200)


class KBArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Wagtail's site root paths are cached: an earlier class's sites must not shape these URLs.
        cache.clear()
        cls.home = make_home()
        cls.topic = make_topic(cls.home, "Getting started")
        cls.first = make_article(cls.topic, "Install the app", intro="Two minutes, one download.")
        cls.draft = make_article(cls.topic, "Unfinished", live=False)
        cls.middle = make_article(
            cls.topic,
            "Create an account",
            body=[
                ("heading", "Choose a plan"),
                ("paragraph", "<p>Pick one.</p><h3>Free plan</h3><p>" + "word " * 450 + "</p>"),
                ("heading", "Confirm your email"),
            ],
        )
        cls.last = make_article(cls.topic, "Invite your team")

    def setUp(self):
        # The tree is shared; listings cached by an earlier test (which may have moved a page,
        # rolled back since) must not leak into this one.
        cache.clear()

    def test_article_shows_breadcrumb_title_intro_meta_and_toc(self):
        page = soup(self.client.get(self.first.url))
        crumbs = [a.get_text() for a in page.select(".kb-breadcrumb a")]
        self.assertEqual(crumbs, ["Help centre", "Getting started"])
        self.assertEqual(page.h1.get_text(strip=True), "Install the app")
        self.assertIn(
            "Two minutes, one download.", page.select_one(".kb-article__intro").get_text()
        )
        self.assertIsNotNone(page.find("time"))

        middle = soup(self.client.get(self.middle.url))
        self.assertIn("Table of contents", middle.select_one(".kb-toc").get_text())
        toc = [(a.get_text(), a["href"]) for a in middle.select(".kb-toc a")]
        self.assertEqual(
            toc,
            [
                ("Choose a plan", "#choose-a-plan"),
                ("Free plan", "#free-plan"),
                ("Confirm your email", "#confirm-your-email"),
            ],
        )
        self.assertIsNotNone(middle.find("h3", id="free-plan"))
        self.assertIn("3 min read", middle.get_text())

    def test_previous_and_next_skip_drafts_and_stop_at_the_ends(self):
        first = soup(self.client.get(self.first.url))
        self.assertIsNone(first.find("a", rel="prev"))
        self.assertEqual(first.find("a", rel="next")["href"], self.middle.url)

        middle = soup(self.client.get(self.middle.url))
        self.assertEqual(middle.find("a", rel="prev")["href"], self.first.url)
        self.assertEqual(middle.find("a", rel="next")["href"], self.last.url)

        last = soup(self.client.get(self.last.url))
        self.assertEqual(last.find("a", rel="prev")["href"], self.middle.url)
        self.assertIsNone(last.find("a", rel="next"))
        self.assertNotIn("Unfinished", last.get_text())

    def test_previous_next_follow_the_editors_order(self):
        self.last.move(self.first, pos="left")
        first = soup(self.client.get(self.first.url))
        self.assertEqual(
            first.find("a", rel="prev")["href"], KBArticlePage.objects.get(pk=self.last.pk).url
        )

    def test_side_list_marks_the_current_article_and_links_all_topics(self):
        page = soup(self.client.get(self.middle.url))
        side = page.select_one(".kb-topic-articles")
        self.assertEqual(
            [li.get_text(strip=True) for li in side.select("li")],
            ["Install the app", "Create an account", "Invite your team"],
        )
        self.assertEqual(side.select_one("[aria-current=page]").get_text(), "Create an account")
        self.assertIsNone(side.select_one(".kb-more"))
        all_topics = [a["href"] for a in page.find_all("a", string="All topics")]
        self.assertTrue(all_topics)
        self.assertTrue(all(href == self.home.url for href in all_topics))

    @override_settings(WAGTAILKB_SIDEBAR_ARTICLES=3)
    def test_side_list_is_capped_with_a_link_to_the_topic(self):
        for i in range(4):
            make_article(self.topic, f"Extra {i}")
        page = soup(self.client.get(self.last.url))
        side = page.select_one(".kb-topic-articles")
        self.assertEqual(len(side.select("li")), 3)
        self.assertEqual(side.select_one("[aria-current=page]").get_text(), "Invite your team")
        self.assertEqual(side.select_one(".kb-more")["href"], self.topic.url)
        # Previous and next stay right even when the window is small.
        self.assertEqual(page.find("a", rel="prev")["href"], self.middle.url)
        self.assertEqual(page.find("a", rel="next").get_text(" ", strip=True), "Next Extra 0")

    def test_print_button_is_revealed_by_script_only(self):
        button = soup(self.client.get(self.first.url)).find("button", attrs={"data-kb-print": True})
        self.assertTrue(button.has_attr("hidden"))

    def test_draft_and_missing_articles_are_not_found(self):
        self.assertEqual(self.client.get("/help/getting-started/unfinished/").status_code, 404)
        self.assertEqual(self.client.get(self.topic.url + "no-such-article/").status_code, 404)

    def test_article_directly_under_the_kb_home(self):
        article = make_article(self.home, "Contact us")
        page = soup(self.client.get(article.url))
        self.assertEqual([a.get_text() for a in page.select(".kb-breadcrumb a")], ["Help centre"])
        self.assertContains(self.client.get(self.home.url), "Contact us")


class NavigationTests(TestCase):
    def test_navigation_links_on_every_kb_page(self):
        home, topics = make_tree(topics=1, articles=1)
        article = topics[0].get_children().first()
        site = Site.objects.get(is_default_site=True)
        nav = KBSettings.for_site(site)
        nav.navigation = [
            ("link", {"label": "Documentation", "page": topics[0], "url": ""}),
            ("link", {"label": "Demos", "page": None, "url": "https://demos.example.com/"}),
            ("link", {"label": "Support", "page": None, "url": "https://example.com/support"}),
        ]
        nav.save()
        for url in [home.url, topics[0].url, article.url, home.url + "search/?q=x"]:
            links = {
                a.get_text(): a["href"] for a in soup(self.client.get(url)).select(".kb-nav a")
            }
            self.assertEqual(
                links,
                {
                    "All topics": home.url,
                    "Documentation": topics[0].url,
                    "Demos": "https://demos.example.com/",
                    "Support": "https://example.com/support",
                },
                url,
            )


class BaseTemplateTests(TestCase):
    @override_settings(WAGTAILKB_BASE_TEMPLATE="site_base.html")
    def test_site_base_template_wraps_kb_pages(self):
        home, topics = make_tree(topics=1, articles=1)
        response = self.client.get(topics[0].get_children().first().url)
        self.assertContains(response, "Acme corporate header")
        self.assertContains(response, "Article 0.0")
        self.assertTrue(
            re.search(
                r"<title>Article 0.0 · Help centre \| Acme</title>", response.content.decode()
            )
        )

    def test_every_kb_page_has_landmarks_and_a_skip_link(self):
        home, topics = make_tree(topics=1, articles=1)
        for url in [home.url, topics[0].url, topics[0].get_children().first().url]:
            page = soup(self.client.get(url))
            self.assertEqual(page.select_one("a.kb-skip-link")["href"], "#main-content")
            self.assertIsNotNone(page.find("main", id="main-content"))
            self.assertIsNotNone(page.find("header"))
            self.assertIsNotNone(page.find("nav"))
            self.assertEqual(page.html["lang"], "en")
            label = page.find("label", attrs={"for": "kb-search-input"})
            self.assertIsNotNone(label)


class RootPageTests(TestCase):
    def test_kb_home_can_be_a_site_root(self):
        root = Page.objects.get(depth=1)
        home = make_home(parent=root, slug="kb-root")
        Site.objects.create(hostname="help.example.com", root_page=home, port=80)
        make_article(make_topic(home, "Start"), "Hello")
        response = self.client.get("/start/hello/", HTTP_HOST="help.example.com")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(soup(response).select_one(".kb-nav__link--home")["href"], "/")
        self.assertEqual(site_root().depth, 2)
