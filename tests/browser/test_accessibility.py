"""axe-core on every kind of KB page (no serious or critical violation), a skip link, visible
keyboard focus, and star inputs that say what they are."""

from .base import PHONE, BrowserTestCase, expect
from .content import build_help_centre


class AccessibilityTests(BrowserTestCase):
    def setUp(self):
        self.kb = build_help_centre()

    def pages(self):
        search = self.kb.home.url + "search/"
        return [
            ("the KB home", self.kb.home.url),
            ("a topic", self.kb.getting_started.url),
            ("an article", self.kb.account.url),
            ("search results", search + "?q=account"),
            ("the no-results page", search + "?q=nothing+like+this"),
        ]

    def test_kb_pages_on_a_desktop(self):
        page = self.new_page()
        for what, url in self.pages():
            with self.subTest(what):
                page.goto(url)
                self.assert_accessible(page, what)
        with self.subTest("instant suggestions"):
            page.goto(self.kb.home.url)
            page.get_by_role("combobox", name="Search the knowledge base").fill("account")
            expect(page.get_by_role("option").first).to_be_visible()
            self.assert_accessible(page, "the KB home with instant suggestions open")

    def test_kb_pages_in_the_dark(self):
        """With prefers-color-scheme: dark the KB's own layout turns dark, page and body alike."""
        page = self.new_page(color_scheme="dark")
        for what, url in self.pages():
            with self.subTest(what):
                page.goto(url)
                self.assert_accessible(page, what + " in the dark")
                backgrounds = page.evaluate(
                    """() => [document.body, document.querySelector(".kb")]
                        .map((el) => getComputedStyle(el).backgroundColor)"""
                )
                self.assertEqual(backgrounds, ["rgb(22, 27, 34)"] * 2)

    def test_kb_pages_on_a_phone(self):
        page = self.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
        for what, url in self.pages():
            with self.subTest(what):
                page.goto(url)
                self.assert_accessible(page, what + " on a phone")

    def test_article_after_voting(self):
        page = self.new_page()
        page.goto(self.kb.account.url)
        card = page.get_by_role("region", name="Was this article helpful?")
        # Each star is a radio button announced as "N out of 5 stars".
        stars = card.get_by_role("radio")
        expect(stars).to_have_count(5)
        for n in range(1, 6):
            expect(stars.nth(n - 1)).to_have_accessible_name(f"{n} out of 5 stars")
        card.get_by_role("radio", name="4 out of 5 stars").check()
        card.get_by_role("button", name="Rate this article").click()
        expect(card.get_by_role("status")).to_contain_text("Thank you for your feedback.")
        expect(card.get_by_label("How can we improve this article?")).to_be_visible()
        self.assert_accessible(page, "the article after a vote")
        card.get_by_label("How can we improve this article?").fill("More pictures, please.")
        card.get_by_role("button", name="Send feedback").click()
        expect(card.get_by_role("status")).to_contain_text("your comment was sent")
        self.assert_accessible(page, "the article after a comment")

    def test_skip_link_and_visible_focus(self):
        page = self.new_page()
        page.goto(self.kb.account.url)
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Skip to main content")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        page.keyboard.press("Enter")
        expect(page.get_by_role("main")).to_be_focused()

        # Every stop of the keyboard through the page shows where focus is.
        page.goto(self.kb.account.url)
        seen = []
        for _ in range(40):
            page.keyboard.press("Tab")
            focus = page.evaluate(
                """() => {
                    const el = document.activeElement;
                    const style = getComputedStyle(el);
                    const outline = style.outlineStyle !== "none"
                        && parseFloat(style.outlineWidth) >= 2;
                    const ring = style.boxShadow && style.boxShadow !== "none";
                    const text = (el.textContent || el.name || "").trim().slice(0, 40);
                    return {tag: el.tagName, text: text, visible: outline || ring};
                }"""
            )
            if focus["tag"] == "BODY":
                break
            seen.append(focus)
            self.assertTrue(focus["visible"], f"no visible focus on {focus}")
        self.assertGreater(len(seen), 10)
