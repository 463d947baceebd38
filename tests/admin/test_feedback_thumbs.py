"""Knowledge base › Feedback: votes cast on a "Yes / No" widget read as thumbs, not stars."""

import csv
import io

from bs4 import BeautifulSoup
from django.test import TestCase
from openpyxl import load_workbook
from wagtail.models import Site

from tests.admin.helpers import FEEDBACK_URL, make_user, table
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import FeedbackComment, KBSettings, RatingWidget


class FeedbackThumbsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_home()
        topic = make_topic(home, "Sync")
        thumbs = RatingWidget.objects.create(name="Yes or no", style=RatingWidget.Style.THUMBS)
        # Its own Yes / No widget; the site's default (Yes / No too) for the second; stars.
        own = make_article(topic, "Sync offline", rating_widget=thumbs)
        by_default = make_article(topic, "Sync two phones")
        stars = make_article(
            topic,
            "Sync calendars",
            rating_widget=RatingWidget.objects.create(name="Stars"),
        )
        settings = KBSettings.for_site(Site.objects.get(is_default_site=True))
        settings.default_rating_widget = thumbs
        settings.save()
        for article, value, text in [
            (own, 5, "Clear."),
            (own, 1, "The button moved."),
            (own, 3, "Cast before the widget became Yes / No."),
            (by_default, 1, "Which phones?"),
            (stars, 1, "Too short."),
            (stars, 4, "Fine."),
        ]:
            FeedbackComment.objects.create(article=article, stars=value, comment=text)
        cls.admin = make_user("admin", superuser=True)

    def setUp(self):
        self.client.force_login(self.admin)

    def ratings(self, rows, comment_column, rating_column):
        return {row[comment_column]: row[rating_column] for row in rows}

    def test_listing(self):
        rows = table(self.client.get(FEEDBACK_URL))  # newest first
        self.assertEqual(
            [(row["Comment"].split(" Edit status")[0], row["Rating"]) for row in rows],
            [
                ("Fine.", "4"),
                ("Too short.", "1"),
                ("Which phones?", "👎 Not helpful"),
                ("Cast before the widget became Yes / No.", "3"),
                ("The button moved.", "👎 Not helpful"),
                ("Clear.", "👍 Helpful"),
            ],
        )

    def test_csv_and_xlsx(self):
        expected = {
            "Clear.": "Helpful",
            "The button moved.": "Not helpful",
            "Cast before the widget became Yes / No.": "3",
            "Which phones?": "Not helpful",
            "Too short.": "1",
            "Fine.": "4",
        }
        response = self.client.get(FEEDBACK_URL, {"export": "csv"})
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        self.assertEqual(self.ratings(rows, "Comment", "Rating"), expected)

        response = self.client.get(FEEDBACK_URL, {"export": "xlsx"})
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        values = list(sheet.iter_rows(values_only=True))
        heading = list(values[0])
        rows = [dict(zip(heading, row, strict=True)) for row in values[1:]]
        # Stars stay numbers in the spreadsheet; thumbs are words.
        self.assertEqual(
            self.ratings(rows, "Comment", "Rating"),
            {k: int(v) if v.isdigit() else v for k, v in expected.items()},
        )

    def rating_shown(self, comment):
        feedback = FeedbackComment.objects.get(comment=comment)
        response = self.client.get(f"{FEEDBACK_URL}inspect/{feedback.pk}/")
        self.assertEqual(response.status_code, 200)
        page = BeautifulSoup(response.content, "html.parser")
        label = next(dt for dt in page.select("dt") if dt.get_text(strip=True) == "rating")
        return label.find_next_sibling("dd").get_text(" ", strip=True)

    def test_inspect_view(self):
        for comment, shown in [
            ("Clear.", "👍 Helpful"),
            ("The button moved.", "👎 Not helpful"),
            ("Which phones?", "👎 Not helpful"),  # the site's default widget
            ("Cast before the widget became Yes / No.", "3"),
            ("Fine.", "4"),
        ]:
            with self.subTest(comment=comment):
                self.assertEqual(self.rating_shown(comment), shown)
