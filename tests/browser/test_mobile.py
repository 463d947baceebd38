"""A reader on a 375 px wide phone: nothing scrolls sideways, the table of contents folds away
behind its toggle, the navigation and the search box stay usable."""

from .base import PHONE, BrowserTestCase, expect
from .content import build_help_centre


class PhoneTests(BrowserTestCase):
    def setUp(self):
        self.kb = build_help_centre()
        self.page = self.new_page(viewport=PHONE, is_mobile=True, has_touch=True)

    def test_no_page_scrolls_sideways(self):
        page = self.page
        for url in [
            self.kb.home.url,
            self.kb.getting_started.url,
            self.kb.account.url,  # video and slide frames, long lists
            self.kb.home.url + "search/?q=account",
            self.kb.home.url + "search/?q=nothing+like+this",
        ]:
            with self.subTest(url=url):
                page.goto(url)
                self.assert_no_horizontal_scroll(page, PHONE["width"])

    def test_table_of_contents_folds_behind_its_toggle(self):
        page = self.page
        page.goto(self.kb.account.url)
        toc = page.get_by_role("navigation", name="Table of contents")
        link = toc.get_by_role("link", name="Confirm your email")
        expect(link).to_be_hidden()
        toggle = toc.locator("summary")
        expect(toggle).to_be_visible()
        expect(toggle).to_have_text("Table of contents")
        toggle.tap()
        expect(link).to_be_visible()
        link.tap()
        heading = page.get_by_role("heading", level=2, name="Confirm your email")
        expect(heading).to_be_in_viewport()
        expect(heading).to_be_focused()

    def test_navigation_and_search_stay_usable(self):
        page = self.page
        page.goto(self.kb.account.url)
        nav = page.get_by_role("navigation", name="Knowledge base")
        links = nav.get_by_role("link")
        expect(links).to_have_text(["All topics", "Documentation", "Demos", "Support"])
        for index in range(links.count()):
            box = links.nth(index).bounding_box()
            self.assertGreaterEqual(box["x"], 0)
            self.assertLessEqual(box["x"] + box["width"], PHONE["width"])
            self.assertGreaterEqual(box["height"], 24, "touch target too small")
        search = page.get_by_role("combobox", name="Search the knowledge base")
        expect(search).to_be_in_viewport()
        search.tap()
        page.keyboard.type("invoice")
        option = page.get_by_role("option", name="Download an invoice")
        expect(option.first).to_be_visible()
        nav.get_by_role("link", name="All topics").tap()
        expect(page.get_by_role("heading", level=1)).to_have_text("How can we help?")
        self.assert_no_horizontal_scroll(page, PHONE["width"])
