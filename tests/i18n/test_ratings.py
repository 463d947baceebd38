"""Ratings on the bilingual KB: wording in the reader's locale, votes per translation."""

from wagtail.models import Site

from tests.ratings.base import SAME_ORIGIN
from wagtail_kb.models import FeedbackComment, KBSettings, RatingVote
from wagtail_kb.models.snippets import RatingWidget

from .base import BilingualTestCase, soup


def translate_widget(widget, locale, **fields):
    """What simple_translation (or wagtail-localize) does for a snippet: a copy in the locale."""
    copy = widget.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy


class RatingWidgetPerLocaleTests(BilingualTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        kb = cls.kb
        cls.default = RatingWidget.objects.create(
            name="Default",
            question="Did this answer your question?",
            thank_you="Thanks, that helps us.",
            ask_for_comment=RatingWidget.CommentPolicy.ALWAYS,
        )
        translate_widget(
            cls.default,
            kb.de,
            question="Hat das Ihre Frage beantwortet?",
            thank_you="Danke, das hilft uns.",
            ask_for_comment=RatingWidget.CommentPolicy.NEVER,
        )
        settings = KBSettings.for_site(Site.objects.get(is_default_site=True))
        settings.default_rating_widget = cls.default
        settings.save()
        # An article's own widget, not translated: its German readers get the original wording.
        cls.tutorial = RatingWidget.objects.create(name="Tutorial", question="Could you follow it?")
        for page in kb.articles["two-step"]:
            page.rating_widget = cls.tutorial
            page.save_revision().publish()

    def question(self, page):
        return " ".join(soup(self.get(page)).select_one("#kb-rating-title").get_text().split())

    def test_the_site_default_in_each_language(self):
        self.assertEqual(
            self.question(self.kb.article("reset-password")), "Did this answer your question?"
        )
        self.assertEqual(
            self.question(self.kb.article_de("reset-password")), "Hat das Ihre Frage beantwortet?"
        )

    def test_an_untranslated_widget_falls_back_to_its_original(self):
        self.assertEqual(self.question(self.kb.article_de("two-step")), "Could you follow it?")
        self.assertEqual(self.question(self.kb.article("two-step")), "Could you follow it?")

    def test_the_german_widgets_comment_policy_applies_to_german_votes(self):
        german = self.kb.article_de("reset-password")
        response = self.client.post(
            german.url + "rate/", {"stars": "2", "comment": "Zu kurz."}, **SAME_ORIGIN
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(FeedbackComment.objects.exists())
        english = self.kb.article("reset-password")
        response = self.client.post(
            english.url + "rate/", {"stars": "2", "comment": "Too short."}, **SAME_ORIGIN
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(FeedbackComment.objects.get().article_id, english.pk)

    def test_the_thank_you_after_a_vote_is_german(self):
        german = self.kb.article_de("reset-password")
        response = self.client.post(
            german.url + "rate/", {"stars": "5"}, HTTP_ACCEPT="application/json", **SAME_ORIGIN
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["thank_you"], "Danke, das hilft uns.")

    def test_editing_the_translation_shows_at_once(self):
        german = RatingWidget.objects.get(
            translation_key=self.default.translation_key, locale=self.kb.de
        )
        self.question(self.kb.article_de("reset-password"))  # warm the cache
        german.question = "War das hilfreich?"
        german.save()
        self.assertEqual(self.question(self.kb.article_de("reset-password")), "War das hilfreich?")


class VotesPerTranslationTests(BilingualTestCase):
    def vote(self, article, stars):
        self.client.cookies.clear()  # another reader
        response = self.client.post(
            article.url + "rate/", {"stars": stars}, HTTP_ACCEPT="application/json", **SAME_ORIGIN
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def test_a_vote_counts_for_the_translation_it_was_cast_on(self):
        english, german = self.kb.articles["reset-password"]
        self.vote(german, "5")
        self.assertEqual(self.vote(german, "4")["count"], 2)
        summary = self.vote(english, "1")
        self.assertEqual((summary["count"], summary["average"]), (1, 1.0))
        self.assertEqual(RatingVote.objects.filter(article=german).count(), 2)
        self.assertEqual(RatingVote.objects.filter(article=english).count(), 1)
        card = soup(self.get(german)).select_one("[data-kb-rating-count]")
        self.assertEqual(" ".join(card.get_text().split()), "2 Stimmen")
