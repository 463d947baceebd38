"""Knowledge base › Ratings, and the rating summary on an article's edit view."""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.admin.helpers import FEEDBACK_URL, RATINGS_URL, make_user, soup, table
from tests.database import SearchIndexTestCase
from tests.utils import make_article, make_home, make_topic, publish
from wagtail_kb import ratings
from wagtail_kb.models import FeedbackComment, RatingVote, RatingWidget

SNIPPETS_URL = "/admin/snippets/wagtail_kb/ratingwidget/"


def vote(article, stars, n, when=None, revision_id=None):
    when = when or timezone.now()
    return RatingVote.objects.create(
        article=article,
        visitor_hash=ratings.visitor_hash(f"{article.pk}-{n}"),
        stars=stars,
        revision_id=revision_id or article.live_revision_id,
        created_at=when,
        updated_at=when,
    )


class KBTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.accounts = make_topic(cls.home, "Accounts")
        cls.billing = make_topic(cls.home, "Billing")
        cls.reset = make_article(cls.accounts, "Reset your password")
        cls.invoice = make_article(cls.billing, "Download an invoice")
        cls.admin = make_user("admin", superuser=True)

    def setUp(self):
        self.client.force_login(self.admin)


class RatingsReportTests(KBTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        old_revision = cls.reset.live_revision_id
        cls.last_month = timezone.now() - datetime.timedelta(days=30)
        for n, stars in enumerate([1, 2, 2]):
            vote(cls.reset, stars, n, when=cls.last_month, revision_id=old_revision)
        cls.reset.intro = "Rewritten"
        publish(cls.reset)
        for n, stars in enumerate([5, 4, 5], start=10):
            vote(cls.reset, stars, n)
        vote(cls.invoice, 3, 1)
        FeedbackComment.objects.create(article=cls.reset, stars=1, comment="Too short.")

    def rows(self, **params):
        response = self.client.get(RATINGS_URL, params)
        self.assertEqual(response.status_code, 200)
        return {row["Article"]: row for row in table(response)}, [
            row["Article"] for row in table(response)
        ]

    def test_one_row_per_article_all_time_and_since_last_published_change(self):
        rows, order = self.rows()
        reset = rows["Reset your password"]
        self.assertEqual(reset["Votes"], "6")
        self.assertEqual(reset["Average"], "3.2")
        self.assertEqual(reset["4–5 stars"], "50%")
        self.assertIn("5★ 2 (33%)", reset["Distribution"])
        self.assertIn("1★ 1 (17%)", reset["Distribution"])
        self.assertEqual(reset["Topic"], "Accounts")
        self.assertEqual(reset["Votes since last published change"], "3")
        self.assertEqual(reset["Average since last published change"], "4.7")
        self.assertEqual(reset["New feedback"], "1")
        self.assertEqual(rows["Download an invoice"]["Votes"], "1")
        self.assertEqual(order[0], "Reset your password")  # most votes first

    def test_links_to_the_article_and_its_feedback(self):
        page = soup(self.client.get(RATINGS_URL))
        links = {a.get_text(strip=True): a["href"] for a in page.select("table.kb-report tbody a")}
        self.assertEqual(
            links["Reset your password"], reverse("wagtailadmin_pages:edit", args=[self.reset.pk])
        )
        self.assertEqual(links["1"], f"{FEEDBACK_URL}?article={self.reset.pk}")

    def test_no_feedback_link_without_the_feedback_permission(self):
        self.client.force_login(make_user("analyst", "view_ratingvote"))
        page = soup(self.client.get(RATINGS_URL))
        self.assertEqual(
            [a["href"] for a in page.select("table.kb-report tbody a") if "feedback" in a["href"]],
            [],
        )

    def test_sorting_by_each_sortable_column(self):
        for ordering, expected in [
            ("average", ["Download an invoice", "Reset your password"]),
            ("-average", ["Reset your password", "Download an invoice"]),
            ("title", ["Download an invoice", "Reset your password"]),
            ("-parent_title", ["Download an invoice", "Reset your password"]),
            ("votes", ["Download an invoice", "Reset your password"]),
        ]:
            with self.subTest(ordering):
                self.assertEqual(self.rows(ordering=ordering)[1], expected)
        self.assertEqual(self.rows(ordering="bogus")[1][0], "Reset your password")

    def test_articles_without_votes_sort_last_both_ways(self):
        make_article(self.billing, "Close your account")
        for ordering in ("average", "-average"):
            with self.subTest(ordering):
                self.assertEqual(self.rows(ordering=ordering)[1][-1], "Close your account")

    def test_filter_by_topic(self):
        rows, _ = self.rows(topic=self.billing.pk)
        self.assertEqual(list(rows), ["Download an invoice"])

    def test_filter_by_the_days_votes_were_cast(self):
        week_ago = (timezone.now() - datetime.timedelta(days=7)).date().isoformat()
        rows, _ = self.rows(voted_from=week_ago)
        self.assertEqual(rows["Reset your password"]["Votes"], "3")
        self.assertEqual(rows["Reset your password"]["Average"], "4.7")
        rows, _ = self.rows(voted_to=week_ago)
        self.assertEqual(rows["Reset your password"]["Votes"], "3")
        self.assertEqual(rows["Download an invoice"]["Votes"], "0")
        self.assertEqual(rows["Download an invoice"]["Average"], "–")

    def test_results_fragment_for_the_filter_drawer(self):
        response = self.client.get(RATINGS_URL + "results/", {"topic": self.billing.pk})
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<html")
        self.assertEqual([row["Article"] for row in table(response)], ["Download an invoice"])

    def test_report_runs_a_constant_number_of_queries(self):
        self.client.get(RATINGS_URL)
        with CaptureQueriesContext(connection) as few:
            self.client.get(RATINGS_URL)
        for i in range(5):
            article = make_article(self.billing, f"More {i}")
            vote(article, 4, i)
            FeedbackComment.objects.create(article=article, stars=4, comment="Fine.")
        with CaptureQueriesContext(connection) as more:
            self.client.get(RATINGS_URL)
        self.assertEqual(len(few), len(more))


class EditViewSummaryTests(KBTestCase):
    def test_edit_view_shows_all_time_and_since_last_published_change(self):
        old = self.reset.live_revision_id
        vote(self.reset, 1, 1, revision_id=old)
        vote(self.reset, 2, 2, revision_id=old)
        self.reset.intro = "Better"
        publish(self.reset)
        vote(self.reset, 5, 3)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.reset.pk]))
        self.assertEqual(response.status_code, 200)
        page = soup(response)
        all_time = page.find(attrs={"data-kb-summary": "all-time"}).get_text(" ", strip=True)
        since = page.find(attrs={"data-kb-summary": "since"}).get_text(" ", strip=True)
        self.assertEqual(all_time, "2.7 out of 5 stars from 3 votes (33% gave 4–5 stars)")
        self.assertEqual(since, "5.0 out of 5 stars from 1 vote (100% gave 4–5 stars)")
        links = page.find(attrs={"data-kb-rating-summary": True}).find_all("a")
        self.assertIn(f"{FEEDBACK_URL}?article={self.reset.pk}", [a["href"] for a in links])

    def test_no_votes_yet_and_new_pages(self):
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.invoice.pk]))
        self.assertContains(response, "No votes yet.")
        add_url = reverse(
            "wagtailadmin_pages:add", args=["wagtail_kb", "kbarticlepage", self.accounts.pk]
        )
        response = self.client.get(add_url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "data-kb-rating-summary")


class RatingWidgetSnippetTests(KBTestCase):
    def test_listing(self):
        RatingWidget.objects.create(name="Tutorials", question="Was this tutorial clear?")
        RatingWidget.objects.create(name="Reference", ask_for_comment="never")
        response = self.client.get(SNIPPETS_URL)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Was this tutorial clear?")
        self.assertContains(response, "Was this article helpful?")  # blank → default wording
        self.assertContains(response, "Never")

    def test_create_through_the_admin(self):
        response = self.client.post(
            SNIPPETS_URL + "add/",
            {
                "name": "Default",
                "question": "",
                "feedback_prompt": "",
                "thank_you": "Thanks!",
                "ask_for_comment": "low",
                "style": "stars",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(RatingWidget.objects.get().thank_you, "Thanks!")


class RatingWidgetSnippetSearchTests(SearchIndexTestCase):
    # The snippet listing searches through Wagtail's search backend: InnoDB full text on
    # MariaDB/MySQL, which sees committed rows only (tests/database.py).
    def test_search(self):
        self.client.force_login(make_user("admin", superuser=True))
        RatingWidget.objects.create(name="Tutorials", question="Was this tutorial clear?")
        RatingWidget.objects.create(name="Reference", ask_for_comment="never")
        response = self.client.get(SNIPPETS_URL + "?q=Tutor")
        self.assertContains(response, "Tutorials")
        self.assertNotContains(response, "Reference")
