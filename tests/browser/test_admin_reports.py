"""The Knowledge base reports in real Chromium: readable rows, the filter drawer, the buttons.

Set ``WAGTAILKB_SCREENSHOT_DIR`` to keep a picture of each report (``admin-<report>.png``).
"""

import os
from pathlib import Path

from django.contrib.auth import get_user_model
from wagtail.contrib.search_promotions.models import Query

from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import FeedbackComment, SearchLogEntry

from .base import BrowserTestCase, expect

USERNAME, PASSWORD = "editor", "correct horse"


def box_inside(inner, outer):
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


class AdminReportsTests(BrowserTestCase):
    def setUp(self):
        get_user_model().objects.create_superuser(USERNAME, "editor@example.com", PASSWORD)
        home = make_home()
        self.article = make_article(make_topic(home, "Getting started"), "Install the app")
        FeedbackComment.objects.create(
            article=self.article, stars=2, comment="The download link on this page is broken."
        )
        FeedbackComment.objects.create(
            article=self.article, stars=4, comment="Nice, thanks.", status="resolved"
        )
        SearchLogEntry.objects.create(kb=home, query="dark mode", result_count=0)
        self.page = self.new_page()
        self.login(self.page, USERNAME, PASSWORD)

    def screenshot(self, name):
        folder = os.environ.get("WAGTAILKB_SCREENSHOT_DIR")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(folder) / f"admin-{name}.png"), full_page=True)

    def test_feedback_rows_show_their_buttons_readably_beside_the_comment(self):
        page = self.page
        page.goto("/admin/wagtail_kb/feedbackcomment/")
        row = page.get_by_role("row").filter(has_text="The download link")
        checkbox_cell = row.get_by_role("cell").first
        expect(checkbox_cell.get_by_role("checkbox")).to_be_visible()
        self.assertEqual(checkbox_cell.get_by_role("link").count(), 0)
        comment_cell = row.get_by_role("cell").nth(1)
        checkbox_box = checkbox_cell.bounding_box()
        for name in ("Edit status", "History", "Delete"):
            button = comment_cell.get_by_role("link", name=name)
            expect(button).to_be_visible()
            box = button.bounding_box()
            self.assertTrue(box_inside(box, comment_cell.bounding_box()), name)
            self.assertGreaterEqual(box["x"], checkbox_box["x"] + checkbox_box["width"], name)
            # The label fits on the button: nothing clipped, one line.
            clipped = button.evaluate("b => b.scrollWidth > b.clientWidth")
            self.assertFalse(clipped, name)
            self.assertLess(box["height"], 2.2 * box["width"] / len(name) + 40, name)
        for name in ("Mark selected resolved", "Mark selected as spam"):
            expect(page.get_by_role("button", name=name)).to_be_visible()
        self.screenshot("feedback")
        self.assert_accessible(page, "the Feedback report")

    def test_filter_drawer_refreshes_the_results_in_place(self):
        page = self.page
        page.goto("/admin/wagtail_kb/feedbackcomment/")
        expect(page.get_by_role("row")).to_have_count(3)  # heading row and two comments
        page.get_by_role("button", name="Show filters").click()
        page.get_by_role("button", name="Status").click()
        page.get_by_role("radio", name="Resolved").check()
        expect(page.get_by_role("row")).to_have_count(2)
        expect(page.get_by_role("row").nth(1)).to_contain_text("Nice, thanks.")
        self.assertIn("status=resolved", page.url)

    def test_ratings_sort_by_a_column_heading(self):
        page = self.page
        page.goto("/admin/wagtail_kb/ratingvote/")
        page.get_by_role("link", name="Votes", exact=True).click()
        self.assertIn("ordering=votes", page.url)
        expect(page.get_by_role("row").nth(1)).to_contain_text("Install the app")
        self.screenshot("ratings")

    def test_promote_an_article_from_a_search_that_found_nothing(self):
        page = self.page
        page.goto("/admin/kb/searches/")
        row = page.get_by_role("row").filter(has_text="dark mode")
        self.screenshot("searches")
        row.get_by_role("button", name="Promote an article").click()
        query = Query.objects.get(query_string="dark mode")
        expect(page).to_have_url(f"{self.live_server_url}/admin/searchpicks/{query.pk}/")
