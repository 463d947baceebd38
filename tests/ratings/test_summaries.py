"""Constant-time summaries (issue 15): the summary row, its rebuild, and what reads it."""

from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.utils import make_article
from wagtail_kb import ratings
from wagtail_kb.models import ArticleRatingSummary, RatingVote

from .base import JSON, RatingTestCase, add_votes, soup


def row(article):
    summary = ArticleRatingSummary.objects.get(article=article)
    return [getattr(summary, f"stars_{n}") for n in range(1, 6)], summary.views


class SummaryRowTests(RatingTestCase):
    def test_votes_and_changed_votes_move_the_counts(self):
        first, second = Client(), Client()
        first.post(self.rate_url, {"stars": "5"}, **JSON)
        second.post(self.rate_url, {"stars": "2"}, **JSON)
        self.assertEqual(row(self.article), ([0, 1, 0, 0, 1], 0))
        response = first.post(self.rate_url, {"stars": "1"}, **JSON)  # 5 -> 1
        self.assertEqual(response.json()["distribution"], {"1": 1, "2": 1, "3": 0, "4": 0, "5": 0})
        self.assertEqual(row(self.article), ([1, 1, 0, 0, 0], 0))
        first.post(self.rate_url, {"stars": "1"}, **JSON)  # the same again: nothing moves
        self.assertEqual(row(self.article), ([1, 1, 0, 0, 0], 0))
        self.assertEqual(ratings.read_summary(self.article), ratings.summarise(self.article))

    def test_the_json_and_the_card_read_the_row_not_the_votes(self):
        add_votes(self.article, [5, 4, 4, 1] * 50)
        with CaptureQueriesContext(connection) as queries:
            response = Client().post(self.rate_url, {"stars": "3"}, **JSON)
        self.assertEqual((response.json()["count"], response.json()["average"]), (201, 3.5))
        votes_read = [q["sql"] for q in queries.captured_queries if "COUNT(CASE" in q["sql"]]
        self.assertEqual(votes_read, [])
        # Right after the vote the card reads the summary again: one row by primary key.
        with CaptureQueriesContext(connection) as queries:
            page = soup(Client().get(self.article.url))
        self.assertEqual(page.select_one("[data-kb-rating-average]").get_text(), "3.5")
        reads = [q["sql"] for q in queries.captured_queries if "wagtail_kb_ratingvote" in q["sql"]]
        self.assertEqual(reads, [])
        summary_reads = [
            q["sql"] for q in queries.captured_queries if "articleratingsummary" in q["sql"]
        ]
        self.assertEqual(len(summary_reads), 1)

    def test_an_article_voted_on_before_the_rows_existed(self):
        # Votes loaded around cast_vote, no summary row: the card falls back to an aggregate,
        # and the next vote creates the row from the raw votes (not from zero).
        now = timezone.now()
        RatingVote.objects.bulk_create(
            RatingVote(article=self.article, visitor_hash=f"old-{n}", stars=4, created_at=now)
            for n in range(3)
        )
        self.assertFalse(ArticleRatingSummary.objects.exists())
        self.assertEqual(ratings.read_summary(self.article).count, 3)
        response = Client().post(self.rate_url, {"stars": "1"}, **JSON)
        self.assertEqual(response.json()["count"], 4)
        self.assertEqual(row(self.article), ([1, 0, 0, 3, 0], 0))

    def test_summaries_by_article_in_one_query(self):
        other = make_article(self.topic, "Change your e-mail")
        add_votes(self.article, [5, 5, 1])
        with self.assertNumQueries(1):
            found = ratings.summaries_by_article([self.article.pk, other.pk])
        self.assertEqual(found[self.article.pk].count, 3)
        self.assertEqual(found[other.pk].count, 0)


class RebuildCommandTests(RatingTestCase):
    def rebuild(self, *args):
        out = StringIO()
        call_command("kb_rebuild_summaries", *args, stdout=out)
        return out.getvalue()

    def test_recounts_rows_left_behind_by_writes_around_the_endpoint(self):
        other = make_article(self.topic, "Change your e-mail")
        Client().post(self.rate_url, {"stars": "5"})
        Client().post(other.url + "rate/", {"stars": "3"})
        ratings.count_view(self.article)
        self.assertIn("2 summaries checked, 0 corrected", self.rebuild())
        # An editor deletes a vote in the admin; a data load adds votes without counting them.
        RatingVote.objects.filter(article=self.article).delete()
        now = timezone.now()
        RatingVote.objects.create(article=other, visitor_hash="loaded", stars=1, created_at=now)
        self.assertEqual(row(self.article), ([0, 0, 0, 0, 1], 1))
        self.assertIn("2 summaries checked, 2 corrected", self.rebuild())
        self.assertEqual(row(self.article), ([0, 0, 0, 0, 0], 1))
        self.assertEqual(row(other), ([1, 0, 1, 0, 0], 0))
        # The card follows at once.
        page = soup(Client().get(self.article.url))
        self.assertIn("No ratings yet.", page.get_text())

    def test_creates_missing_rows_and_takes_chosen_articles(self):
        other = make_article(self.topic, "Change your e-mail")
        now = timezone.now()
        RatingVote.objects.create(article=other, visitor_hash="loaded", stars=2, created_at=now)
        self.assertIn("1 summaries checked, 1 corrected", self.rebuild("--article", str(other.pk)))
        self.assertEqual(row(other), ([0, 1, 0, 0, 0], 0))
        self.assertFalse(ArticleRatingSummary.objects.filter(article=self.article).exists())

    def test_articles_with_nothing_to_count_need_no_row(self):
        self.assertIn("1 summaries checked, 0 corrected", self.rebuild())
        self.assertFalse(ArticleRatingSummary.objects.exists())
