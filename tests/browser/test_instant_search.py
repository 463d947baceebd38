"""Instant search in a real browser: the ARIA combobox, the keyboard, and what gets logged."""

import re

from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import SearchClick, SearchLogEntry

from .base import PHONE, BrowserTestCase, expect


class InstantSearchTests(BrowserTestCase):
    def setUp(self):
        self.home = make_home(title="Help centre", slug="help")
        topic = make_topic(self.home, "Getting started")
        self.install = make_article(
            topic, "Installing the app", intro="Download it on your phone or tablet."
        )
        self.offline = make_article(
            topic,
            "Working offline",
            body=[
                ("paragraph", "<p>After installation the app works <b>without</b> a network.</p>")
            ],
        )
        self.topic = topic

    def open_combobox(self, page, url=None):
        page.goto(url or self.topic.url)
        box = page.get_by_role("combobox", name="Search the knowledge base")
        expect(box).to_have_attribute("aria-expanded", "false")
        return box

    def test_combobox_pattern_with_the_keyboard(self):
        page = self.new_page()
        box = self.open_combobox(page)
        listbox_id = box.get_attribute("aria-controls")
        listbox = page.locator(f"#{listbox_id}")
        self.assertEqual(listbox.get_attribute("role"), "listbox")
        expect(listbox).to_be_hidden()

        box.click()
        page.keyboard.type("instal")
        expect(box).to_have_attribute("aria-expanded", "true")
        options = listbox.get_by_role("option")
        expect(options.first).to_contain_text("Installing the app")
        # Prefix matches in the body too ("instal" → "installation"), title matches first.
        expect(listbox).to_contain_text("Working offline")
        expect(page.get_by_role("status").filter(has_text="suggestions")).to_have_count(1)
        self.assertEqual(box.get_attribute("aria-activedescendant"), None)
        # The snippet highlights the matched words.
        expect(listbox.locator("mark").first).to_be_visible()

        page.keyboard.press("ArrowDown")
        first = options.nth(0)
        expect(first).to_have_attribute("aria-selected", "true")
        expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
        page.keyboard.press("ArrowDown")
        expect(options.nth(1)).to_have_attribute("aria-selected", "true")
        expect(first).to_have_attribute("aria-selected", "false")
        page.keyboard.press("ArrowUp")
        expect(first).to_have_attribute("aria-selected", "true")
        self.assert_accessible(page, "the open instant search listbox")

        page.keyboard.press("Escape")
        expect(box).to_have_attribute("aria-expanded", "false")
        expect(listbox).to_be_hidden()
        expect(box).to_be_focused()
        expect(box).to_have_value("instal")

        # Typing never logs; Enter on a result commits the search and opens the article.
        self.assertFalse(SearchLogEntry.objects.exists())
        page.keyboard.press("ArrowDown")
        expect(first).to_have_attribute("aria-selected", "true")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Installing the app")
        self.assertEqual(page.evaluate("location.pathname"), self.install.url)
        entry = SearchLogEntry.objects.get()
        self.assertEqual((entry.query, entry.source, entry.opened), ("instal", "instant", True))
        self.assertEqual(SearchClick.objects.get().page_id, self.install.pk)

    def test_enter_without_a_chosen_result_opens_the_results_page(self):
        page = self.new_page()
        box = self.open_combobox(page, self.install.url)
        box.click()
        page.keyboard.type("network")
        expect(page.get_by_role("option").first).to_be_visible()
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/help/search/\?q=network$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Results for “network”")
        self.assertEqual(SearchLogEntry.objects.get().source, "page")
        self.assert_accessible(page, "the search results page")
        page.goto(self.home.url + "search/?q=xylophone")
        expect(
            page.get_by_role("heading", level=2, name="No articles match your search")
        ).to_be_visible()
        self.assert_accessible(page, "a search without results")

    def test_click_on_a_suggestion(self):
        page = self.new_page(viewport=PHONE)
        page.goto(self.home.url)
        box = page.get_by_role("combobox", name="Search the knowledge base")
        box.fill("offl")
        page.get_by_role("option", name=re.compile("Working offline")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Working offline")
        self.assertEqual(SearchClick.objects.get().page_id, self.offline.pk)
        self.assert_no_horizontal_scroll(page, PHONE["width"])

    def test_see_all_results_option(self):
        page = self.new_page()
        box = self.open_combobox(page)
        box.click()
        page.keyboard.type("app")
        all_results = page.get_by_role("option", name=re.compile("See all results"))
        expect(all_results).to_be_visible()
        page.keyboard.press("ArrowUp")  # from the top, up wraps to the last option
        expect(all_results).to_have_attribute("aria-selected", "true")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/help/search/\?q=app$"))

    def test_without_javascript_the_form_submits(self):
        page = self.new_page(javascript=False)
        page.goto(self.topic.url)
        box = page.get_by_role("searchbox", name="Search the knowledge base")
        box.fill("installing")
        box.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Results for “installing”")
        results = page.locator(".kb-search-result")
        expect(results.first).to_contain_text("Installing the app")
        expect(page.get_by_role("searchbox", name="Search the knowledge base")).to_have_value(
            "installing"
        )
        results.first.get_by_role("link", name="Installing the app").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Installing the app")
        self.assertTrue(SearchLogEntry.objects.get().opened)
