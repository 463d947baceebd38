"""A "Yes / No" rating card in Chromium: keyboard only, with and without JavaScript, axe-clean,
and "Which part?" sent with the comment."""

from wagtail_kb.models import FeedbackComment, KBArticlePage, RatingVote, RatingWidget

from .base import BrowserTestCase, expect
from .content import build_help_centre


class ThumbsCardTests(BrowserTestCase):
    def setUp(self):
        self.kb = build_help_centre()
        widget = RatingWidget.objects.create(
            name="Yes or no", style=RatingWidget.Style.THUMBS, ask_for_comment="low"
        )
        article = KBArticlePage.objects.get(pk=self.kb.account.pk)
        article.rating_widget = widget
        article.save_revision().publish()
        self.url = article.url

    def card(self, page):
        return page.get_by_role("region", name="Was this article helpful?")

    def test_keyboard_no_then_a_comment_on_a_section(self):
        page = self.new_page()
        page.goto(self.url)
        card = self.card(page)
        self.assert_accessible(page, "the article with a Yes / No card")
        no = card.get_by_role("button", name="No")
        no.focus()
        page.keyboard.press("Enter")
        expect(card.get_by_role("status")).to_contain_text("Thank you for your feedback.")
        expect(no).to_have_attribute("aria-pressed", "true")
        prompt = card.get_by_label("How can we improve this article?")
        expect(prompt).to_be_visible()
        self.assert_accessible(page, "the Yes / No card after No")
        prompt.focus()
        page.keyboard.type("The video does not play on my phone.")
        card.get_by_label("Which part?").select_option(label="Watch the sign-up")
        card.get_by_role("button", name="Send feedback").press("Enter")
        expect(card.get_by_role("status")).to_contain_text("your comment was sent")
        expect(card.get_by_text("1 of 1 reader found this helpful")).to_have_count(0)
        expect(card.get_by_text("0 of 1 reader found this helpful")).to_be_visible()
        comment = FeedbackComment.objects.get()
        self.assertEqual((comment.stars, comment.section), (1, "watch-the-sign-up"))
        self.assertEqual(RatingVote.objects.get().stars, 1)
        self.assert_accessible(page, "the Yes / No card after a comment")

    def test_yes_asks_for_nothing_more(self):
        page = self.new_page()
        page.goto(self.url)
        card = self.card(page)
        card.get_by_role("button", name="Yes").click()
        expect(card.get_by_text("1 of 1 reader found this helpful")).to_be_visible()
        expect(card.get_by_label("How can we improve this article?")).to_be_hidden()
        self.assertEqual(RatingVote.objects.get().stars, 5)

    def test_without_javascript(self):
        page = self.new_page(javascript=False)
        page.goto(self.url)
        card = self.card(page)
        card.get_by_role("button", name="No").click()
        expect(page).to_have_url(f"{self.live_server_url}{self.url}?rated=1#rating")
        card = self.card(page)
        expect(card.get_by_role("button", name="No")).to_have_attribute("aria-pressed", "true")
        card.get_by_label("How can we improve this article?").fill("Too long.")
        card.get_by_label("Which part?").select_option(label="Key takeaways")
        card.get_by_role("button", name="Send feedback").click()
        expect(card.get_by_role("status")).to_contain_text("your comment was sent")
        comment = FeedbackComment.objects.get()
        self.assertEqual(
            (comment.stars, comment.section, comment.comment), (1, "key-takeaways", "Too long.")
        )
        self.assertEqual(RatingVote.objects.count(), 1)
