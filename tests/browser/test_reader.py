"""A reader finds an article, reads it, moves around the KB and rates it: with and without JS."""

import re

from wagtail_kb.models import FeedbackComment

from .base import BrowserTestCase, expect
from .content import build_help_centre


class ReaderJourneyTests(BrowserTestCase):
    def setUp(self):
        self.kb = build_help_centre()

    def tab_to(self, page, locator, key="Tab", limit=80):
        """Press Tab (or ``key``) until ``locator`` has focus, as a keyboard user would."""
        for _ in range(limit):
            page.keyboard.press(key)
            if locator.evaluate("element => element === document.activeElement"):
                return
        self.fail(f"Tab never reached {locator}")

    def test_reader_with_javascript(self):
        page = self.new_page()
        page.goto(self.kb.home.url)
        expect(page.get_by_role("heading", level=1)).to_have_text("How can we help?")
        expect(page.get_by_role("link", name="Getting started")).to_be_visible()

        # Instant search, keyboard only: type, arrow down, Enter.
        search = page.get_by_role("combobox", name="Search the knowledge base")
        self.tab_to(page, search)
        page.keyboard.type("account")
        suggestion = page.get_by_role("option", name=re.compile("Create an account"))
        expect(suggestion).to_be_visible()
        page.keyboard.press("ArrowDown")
        expect(suggestion).to_have_attribute("aria-selected", "true")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
        self.assertEqual(page.evaluate("location.pathname"), self.kb.account.url)

        # The table of contents scrolls the heading into view and gives it focus.
        toc = page.get_by_role("navigation", name="Table of contents")
        toc.get_by_role("link", name="Confirm your email").click()
        heading = page.get_by_role("heading", level=2, name="Confirm your email")
        expect(heading).to_be_in_viewport()
        expect(heading).to_be_focused()
        self.assertEqual(page.evaluate("location.hash"), "#confirm-your-email")

        # Rate 4 stars with the keyboard: the numbers change without a reload.
        page.evaluate("window.kbNotReloaded = true")
        card = page.get_by_role("region", name="Was this article helpful?")
        self.tab_to(page, card.get_by_role("radio", name="1 out of 5 stars"))
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        expect(card.get_by_role("radio", name="4 out of 5 stars")).to_be_checked()
        self.tab_to(page, card.get_by_role("button", name="Rate this article"))
        page.keyboard.press("Enter")
        expect(card.get_by_role("status")).to_contain_text("Thank you for your feedback.")
        expect(card).to_contain_text("4.0 out of 5 stars")
        expect(card).to_contain_text("1 vote")
        expect(card.locator("[data-kb-rating-percent='4']")).to_have_text("100%")

        # Then a comment, still without a reload.
        comment = card.get_by_label("How can we improve this article?")
        expect(comment).to_be_visible()
        self.tab_to(page, comment, key="Shift+Tab", limit=5)
        page.keyboard.type("Show where the plans are compared.")
        # Past "Which part?" (the article's sections), left at "The whole article".
        page.keyboard.press("Tab")
        expect(card.get_by_label("Which part?")).to_be_focused()
        page.keyboard.press("Tab")
        expect(card.get_by_role("button", name="Send feedback")).to_be_focused()
        page.keyboard.press("Enter")
        expect(card.get_by_role("status")).to_contain_text("Thank you: your comment was sent.")
        expect(card).to_contain_text("1 vote")
        self.assertTrue(page.evaluate("window.kbNotReloaded === true"))
        feedback = FeedbackComment.objects.get()
        self.assertEqual(feedback.stars, 4)
        self.assertEqual(feedback.comment, "Show where the plans are compared.")

        self.follow_previous_next_and_all_topics(page)

    def test_reader_without_javascript(self):
        page = self.new_page(javascript=False)
        page.goto(self.kb.home.url)
        expect(page.get_by_role("heading", level=1)).to_have_text("How can we help?")

        # The search box submits to the results page.
        search = page.get_by_role("searchbox", name="Search the knowledge base")
        self.tab_to_without_js(page, search)
        page.keyboard.type("account")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Results for “account”")
        page.get_by_role("link", name="Create an account").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")

        # The table of contents is open and its links jump to the headings.
        toc = page.get_by_role("navigation", name="Table of contents")
        toc.get_by_role("link", name="Confirm your email").click()
        expect(page).to_have_url(re.compile("#confirm-your-email$"))
        expect(page.get_by_role("heading", level=2, name="Confirm your email")).to_be_in_viewport()

        # Rate with the keyboard: the form posts and comes back to the card.
        card = page.get_by_role("region", name="Was this article helpful?")
        card.get_by_role("radio", name="1 out of 5 stars").focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        expect(card.get_by_role("radio", name="4 out of 5 stars")).to_be_checked()
        card.get_by_role("button", name="Rate this article").press("Enter")
        card = page.get_by_role("region", name="Was this article helpful?")
        expect(card.get_by_role("status")).to_contain_text("Thank you for your feedback.")
        expect(card).to_contain_text("4.0 out of 5 stars")
        expect(card.locator("[data-kb-rating-percent='4']")).to_have_text("100%")
        expect(card.get_by_role("radio", name="4 out of 5 stars")).to_be_checked()

        card.get_by_label("How can we improve this article?").fill("A screenshot would help.")
        card.get_by_role("button", name="Send feedback").press("Enter")
        card = page.get_by_role("region", name="Was this article helpful?")
        expect(card.get_by_role("status")).to_contain_text("Thank you: your comment was sent.")
        expect(card).to_contain_text("1 vote")
        self.assertEqual(FeedbackComment.objects.get().comment, "A screenshot would help.")

        self.follow_previous_next_and_all_topics(page)

    def tab_to_without_js(self, page, locator, limit=40):
        for _ in range(limit):
            page.keyboard.press("Tab")
            try:
                expect(locator).to_be_focused(timeout=50)
                return
            except AssertionError:
                continue
        self.fail(f"Tab never reached {locator}")

    def follow_previous_next_and_all_topics(self, page):
        pager = page.get_by_role("navigation", name="Previous and next articles")
        pager.get_by_role("link", name=re.compile("^Next")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sync your data")
        pager.get_by_role("link", name=re.compile("^Previous")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
        pager.get_by_role("link", name=re.compile("^Previous")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Install the app")
        expect(pager.get_by_role("link", name=re.compile("^Previous"))).to_have_count(0)
        page.get_by_role("complementary").get_by_role("link", name="All topics").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("How can we help?")
        self.assertEqual(page.url, self.url(self.kb.home.url))
