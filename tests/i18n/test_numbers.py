"""Numbers reach readers and editors as their language writes them: 2,000 · 2.000 · 2 000."""

from types import SimpleNamespace

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation

from tests.ratings.base import SAME_ORIGIN
from wagtail_kb.admin.columns import NumberColumn
from wagtail_kb.models import FeedbackComment, RatingVote
from wagtail_kb.models.rating_summary import RatingSummary

from .base import BilingualTestCase, soup, texts
from .site import BILINGUAL

CELL = {"row": None, "table": None, "request": None}
NBSP = "\N{NO-BREAK SPACE}"  # Django's French thousands separator


class CommentLengthTests(BilingualTestCase):
    def post_long_comment(self, article):
        response = self.client.post(
            article.url + "rate/", {"stars": "2", "comment": "x" * 2100}, **SAME_ORIGIN
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(RatingVote.objects.exists() or FeedbackComment.objects.exists())
        return response.content.decode()

    def test_the_german_error_writes_german_numbers(self):
        message = self.post_long_comment(self.kb.article_de("reset-password"))
        self.assertIn("höchstens 2.000 Zeichen", message)
        self.assertIn("2.100 gesendet", message)
        self.assertNotIn("2,000", message)

    def test_the_english_error_writes_english_numbers(self):
        message = self.post_long_comment(self.kb.article("reset-password"))
        self.assertIn("at most 2,000 characters, you sent 2,100", message)

    def test_the_comment_hint_on_the_german_article(self):
        hint = soup(self.get(self.kb.article_de("reset-password"))).select_one(".kb-rating__hint")
        self.assertIn("2.000 Zeichen", hint.get_text())

    def test_the_topic_grid_counts(self):
        template = Template('{% include "wagtail_kb/includes/topic_grid.html" %}')
        topic = self.kb.topics["accounts"][1]
        topic.article_count, topic.first_articles = 1234, []
        for language, expected in (("de", "1.234 Artikel"), ("en", "1,234 articles")):
            with translation.override(language):
                html = template.render(Context({"topics": [topic]}))
            with self.subTest(language=language):
                self.assertEqual(texts(soup_of(html).select(".kb-topic-card__count")), [expected])


def soup_of(html):
    return soup(SimpleNamespace(content=html.encode()))


@BILINGUAL
class FiguresTests(SimpleTestCase):
    def test_vote_counts(self):
        summary = RatingSummary(count=12345)
        with translation.override("de"):
            self.assertEqual(summary.count_label, "12.345 Stimmen")
        with translation.override("en"):
            self.assertEqual(summary.count_label, "12,345 votes")
        with translation.override("fr"):
            self.assertEqual(summary.count_label, f"12{NBSP}345 votes")

    def test_report_figures(self):
        views = NumberColumn("views", label="Views")
        helpful = NumberColumn("helpful", label="Helpful", decimals=1)
        row = SimpleNamespace(views=1234567, helpful=1234.56)
        with translation.override("de"):
            self.assertEqual(views.get_cell_context_data(row, CELL)["value"], "1.234.567")
            self.assertEqual(helpful.get_cell_context_data(row, CELL)["value"], "1.234,6")
        with translation.override("en"):
            self.assertEqual(views.get_cell_context_data(row, CELL)["value"], "1,234,567")

    def test_the_template_filter(self):
        template = Template("{% load wagtail_kb_tags %}{{ n|kb_number }}|{{ none|kb_number }}")
        with translation.override("de"):
            self.assertEqual(template.render(Context({"n": 2000, "none": None})), "2.000|None")
