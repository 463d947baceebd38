"""Every report's CSV and XLSX export: no cell a spreadsheet would run as a formula.

Cells that start with a formula trigger get a leading apostrophe, in both formats; every CSV
field is quoted, so text such as ``x;=1+1;y`` stays one cell in a spreadsheet whose list
separator is ``;``. XLSX files are read back with openpyxl (a Wagtail dependency).
"""

import csv
import io

from django.test import SimpleTestCase
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from openpyxl import load_workbook

from tests.admin.helpers import FEEDBACK_URL, RATINGS_URL, SEARCHES_URL, make_user
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.admin.exports import FORMULA_SIGNS, FORMULA_TRIGGERS, neutralise_formula
from wagtail_kb.models import FeedbackComment, RatingVote, SearchLogEntry

HOSTILE = [
    "=1+2",
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  =1+1",
]
SEPARATED = "x;=1+1;y"
# Text that no spreadsheet reads as a formula comes out as it went in.
HARMLESS = ["Could use an example.", SEPARATED, "a,=1+1", "1+1=2", "'=already quoted"]
# Reader text: any characters but NUL, which databases refuse to store.
reader_text = st.text(alphabet=st.characters(exclude_characters="\x00"), max_size=40)


def is_safe(cell):
    return not (cell.startswith(FORMULA_TRIGGERS) or cell.lstrip().startswith(FORMULA_SIGNS))


class NeutraliseFormulaTests(SimpleTestCase):
    def test_triggers_get_an_apostrophe_and_other_text_is_untouched(self):
        for text in HOSTILE:
            with self.subTest(text=text):
                self.assertEqual(neutralise_formula(text), "'" + text)
        for text in HARMLESS:
            with self.subTest(text=text):
                self.assertEqual(neutralise_formula(text), text)
        for value in (-3, 2.5, None):
            self.assertEqual(neutralise_formula(value), value)

    @settings(max_examples=200, deadline=None, derandomize=True, database=None)
    @given(reader_text)
    def test_any_text_comes_out_safe_and_otherwise_unchanged(self, text):
        safe = neutralise_formula(text)
        self.assertIn(safe, (text, "'" + text))
        self.assertTrue(is_safe(safe), safe)


class ExportTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        topic = make_topic(cls.home, "Plans")
        cls.article = make_article(topic, "=Cost of plans", slug="cost-of-plans")
        RatingVote.objects.create(
            article=cls.article,
            visitor_hash="v",
            stars=4,
            revision_id=cls.article.live_revision_id,
        )
        for text in [*HOSTILE, *HARMLESS]:
            FeedbackComment.objects.create(article=cls.article, stars=1, comment=text)
            SearchLogEntry.objects.create(kb=cls.home, query=text, result_count=0)
        cls.admin = make_user("admin", superuser=True)

    def export(self, url, export_format, **params):
        self.client.force_login(self.admin)
        response = self.client.get(url, {"export": export_format, **params})
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content)

    def csv_rows(self, url, **params):
        raw = self.export(url, "csv", **params).decode()
        rows = list(csv.reader(io.StringIO(raw, newline="")))
        # Every field was quoted: writing the rows back with QUOTE_ALL gives the same bytes.
        again = io.StringIO(newline="")
        csv.writer(again, quoting=csv.QUOTE_ALL).writerows(rows)
        self.assertEqual(raw, again.getvalue())
        return rows

    def xlsx_rows(self, url, **params):
        workbook = load_workbook(io.BytesIO(self.export(url, "xlsx", **params)))
        return list(workbook.active.iter_rows())

    def assertAllSafe(self, rows):
        for row in rows:
            for cell in row:
                value = cell if isinstance(cell, str) else cell.value
                if isinstance(value, str):
                    self.assertTrue(is_safe(value), value)


class EveryReportExportsSafelyTests(ExportTestCase):
    def expected_in_xlsx(self):
        # XML keeps no bare carriage return: a cell's "\r" reads back as "\n".
        return sorted([("'" + t).replace("\r", "\n") for t in HOSTILE] + HARMLESS)

    def test_feedback_csv(self):
        rows = self.csv_rows(FEEDBACK_URL)
        self.assertEqual(
            rows[0],
            [
                "Sent at",
                "Status",
                "Rating",
                "Article",
                "Article URL",
                "Comment",
                "Part of the article",
            ],
        )
        comments = [row[5] for row in rows[1:]]
        self.assertEqual(sorted(comments), sorted(["'" + t for t in HOSTILE] + HARMLESS), comments)
        self.assertEqual({row[3] for row in rows[1:]}, {"'=Cost of plans"})
        self.assertEqual({row[1] for row in rows[1:]}, {"New"})
        self.assertAllSafe(rows)

    def test_feedback_csv_keeps_a_separated_formula_in_one_quoted_field(self):
        raw = self.export(FEEDBACK_URL, "csv", q=SEPARATED).decode()
        self.assertIn(f'"{SEPARATED}",""\r\n', raw)  # the last field: the (empty) part
        self.assertNotIn(f",{SEPARATED}", raw)

    def test_feedback_xlsx(self):
        rows = self.xlsx_rows(FEEDBACK_URL)
        self.assertEqual(rows[0][5].value, "Comment")
        comments = [row[5] for row in rows[1:]]
        self.assertEqual(sorted(cell.value for cell in comments), self.expected_in_xlsx())
        self.assertEqual({cell.data_type for cell in comments}, {"s"})
        self.assertAllSafe(rows)

    def test_searches_csv_and_xlsx(self):
        expected = sorted(["'" + t for t in HOSTILE] + HARMLESS)
        rows = self.csv_rows(SEARCHES_URL)
        self.assertEqual(rows[0][0], "Search terms")
        self.assertEqual(sorted(row[0] for row in rows[1:]), expected)
        self.assertAllSafe(rows)
        rows = self.xlsx_rows(SEARCHES_URL)
        self.assertEqual(sorted(row[0].value for row in rows[1:]), self.expected_in_xlsx())
        searches = [cell.value for cell in rows[0]].index("Searches")
        self.assertEqual(rows[1][searches].value, 1)  # numbers stay numbers
        self.assertAllSafe(rows)

    def test_ratings_csv_and_xlsx(self):
        rows = self.csv_rows(RATINGS_URL)
        self.assertEqual(rows[0][:3], ["Article", "Topic", "Votes"])
        self.assertEqual(rows[1][:3], ["'=Cost of plans", "Plans", "1"])
        rows = self.xlsx_rows(RATINGS_URL)
        self.assertEqual([cell.value for cell in rows[1][:3]], ["'=Cost of plans", "Plans", 1])
        self.assertAllSafe(rows)

    def test_exports_follow_the_filters(self):
        rows = self.csv_rows(SEARCHES_URL, q="HYPERLINK")
        self.assertEqual([row[0] for row in rows[1:]], ["'" + HOSTILE[1]])
        rows = self.csv_rows(FEEDBACK_URL, q="Could use")
        self.assertEqual([row[5] for row in rows[1:]], ["Could use an example."])


class FuzzedExportTests(ExportTestCase):
    @settings(max_examples=25, deadline=None, derandomize=True, database=None)
    @given(reader_text)
    @example("\x0b=1+1\x01")  # control characters XLSX cannot hold
    def test_any_comment_exports_safely_in_both_formats(self, text):
        comment = FeedbackComment.objects.create(article=self.article, stars=2, comment=text)
        params = {"created_at_from": comment.created_at.date().isoformat(), "stars": 2}
        rows = self.csv_rows(FEEDBACK_URL, **params)
        self.assertEqual([row[5] for row in rows[1:]], [neutralise_formula(text)])
        xlsx = self.xlsx_rows(FEEDBACK_URL, **params)
        self.assertEqual(len(xlsx), 2)
        self.assertAllSafe(rows + xlsx)
