"""The summary rows agree with the raw rows after concurrent votes and views (issue 15).

Real threads on their own connections, released together by a barrier, on PostgreSQL and
MariaDB/MySQL (SQLite serialises writers; the strict CI mode turns the skip into a failure).
After each burst the summary row must equal a recount of the raw rows, and
``kb_rebuild_summaries`` must find nothing to correct.
"""

from io import StringIO

from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, TransactionTestCase, override_settings
from django.utils import timezone

from tests.database import QuickRollbackMixin, needs_concurrent_writers
from tests.utils import make_article, make_home, make_topic
from wagtail_kb import ratings
from wagtail_kb.models import ArticleRatingSummary, ArticleViewDay, RatingVote
from wagtail_kb.ratings import counters

from .test_ratings_concurrency import JSON, run_at_once, signed_visitor_cookie


def row_counts(article):
    row = ArticleRatingSummary.objects.get(article=article)
    return {n: getattr(row, f"stars_{n}") for n in range(1, 6)}, row.views


@needs_concurrent_writers
@override_settings(
    WAGTAILKB_RATING_RATE_LIMIT_VISITOR=(1000, 600),
    WAGTAILKB_RATING_RATE_LIMIT_IP=(10000, 600),
    WAGTAILKB_RATING_NEW_VISITORS_PER_IP=None,
)
class ConcurrentSummaryTests(QuickRollbackMixin, TransactionTestCase):
    serialized_rollback = True

    def setUp(self):
        cache.clear()
        self.article = make_article(make_topic(make_home(), "Accounts"), "Reset your password")
        self.rate_url = self.article.url + "rate/"

    def assert_summary_agrees(self):
        summary = ratings.summarise(self.article)
        stars, _views = row_counts(self.article)
        self.assertEqual(stars, summary.distribution)
        self.assertEqual(ratings.read_summary(self.article), summary)
        out = StringIO()
        call_command("kb_rebuild_summaries", stdout=out)
        self.assertIn("0 corrected", out.getvalue())

    def test_new_and_changing_votes_at_once(self):
        cookies = [signed_visitor_cookie(f"returning-visitor-{v}") for v in range(6)]

        def vote(i):
            client = Client(enforce_csrf_checks=True)
            if i % 2:  # six returning visitors, each changing the vote from several tabs
                client.cookies[ratings.VISITOR_COOKIE] = cookies[(i // 2) % 6]
            response = client.post(self.rate_url, {"stars": str(i % 5 + 1)}, **JSON)
            return response.status_code if response.status_code == 200 else response.content

        for round_ in range(3):
            statuses, errors, _seconds = run_at_once(40, vote)
            self.assertEqual(errors, [], f"round {round_}")
            self.assertEqual(statuses, [200] * 40, f"round {round_}")
            self.assert_summary_agrees()
        # 20 new visitors a round, 6 returning visitors in all.
        self.assertEqual(RatingVote.objects.count(), 3 * 20 + 6)

    def test_first_votes_at_once_on_an_article_voted_on_before_summaries(self):
        # Votes stored before the summary rows existed (an upgraded site): the first votes
        # counted through cast_vote must create the row from them, once.
        now = timezone.now()
        RatingVote.objects.bulk_create(
            RatingVote(
                article=self.article,
                visitor_hash=f"legacy-{n}",
                stars=5,
                created_at=now,
                updated_at=now,
            )
            for n in range(7)
        )
        self.assertFalse(ArticleRatingSummary.objects.exists())

        def cast(i):
            ratings.cast_vote(self.article, i % 5 + 1, ratings.visitor_hash(f"first-{i}"))

        _results, errors, _seconds = run_at_once(20, cast)
        self.assertEqual(errors, [])
        self.assertEqual(ratings.summarise(self.article).count, 27)
        self.assert_summary_agrees()

    def test_rebuilding_while_readers_vote(self):
        def work(i):
            if i % 5 == 0:
                for _ in range(3):
                    counters.rebuild_summary(self.article.pk)
                return
            visitor = ratings.visitor_hash(f"visitor-{i % 7}")
            ratings.cast_vote(self.article, i % 5 + 1, visitor)

        for round_ in range(2):
            _results, errors, _seconds = run_at_once(30, work)
            self.assertEqual(errors, [], f"round {round_}")
            self.assert_summary_agrees()

    def test_views_at_once_are_all_counted(self):
        today = timezone.localdate()

        def view(i):
            ratings.count_view(self.article, today)

        _results, errors, _seconds = run_at_once(30, view)
        self.assertEqual(errors, [])
        self.assertEqual(ArticleViewDay.objects.get(article=self.article, day=today).views, 30)
        self.assertEqual(row_counts(self.article)[1], 30)
        self.assertEqual(ratings.views_by_article([self.article.pk]), {self.article.pk: 30})
