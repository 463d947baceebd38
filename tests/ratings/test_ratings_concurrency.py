"""Nothing lost under concurrency: real threads, real transactions, PostgreSQL and MariaDB.

Each thread is a separate reader sending ``POST <article>/rate/`` through the full stack
(middleware, Wagtail routing, the view, the atomic upsert) on its own database connection, and
all of them are released at the same instant by a barrier. Skipped on SQLite (which serialises
writers); the strict CI mode (WAGTAILKB_TESTS_STRICT=1) turns that skip into a failure, and CI
runs the suite on PostgreSQL and MariaDB too.
"""

import threading
import time

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client, TransactionTestCase, override_settings

from tests.database import QuickRollbackMixin, needs_concurrent_writers
from tests.utils import make_article, make_home, make_topic
from wagtail_kb import ratings
from wagtail_kb.models import FeedbackComment, RatingVote

JSON = {"HTTP_ACCEPT": "application/json", "HTTP_ORIGIN": "http://testserver"}


def run_at_once(count, task):
    """Run ``task(i)`` in ``count`` threads released together; ``(results, errors, seconds)``."""
    barrier = threading.Barrier(count)
    results = [None] * count
    errors = []

    def worker(i):
        try:
            barrier.wait(timeout=30)
            results[i] = task(i)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors, time.perf_counter() - started


def signed_visitor_cookie(visitor_id):
    """The signed cookie value a browser would hold for ``visitor_id`` (signed as Django does)."""
    response = HttpResponse()
    response.set_signed_cookie(ratings.VISITOR_COOKIE, visitor_id, salt=ratings.VISITOR_COOKIE_SALT)
    return response.cookies[ratings.VISITOR_COOKIE].value


@needs_concurrent_writers
@override_settings(
    WAGTAILKB_RATING_RATE_LIMIT_VISITOR=(100, 600),
    WAGTAILKB_RATING_RATE_LIMIT_IP=(1000, 600),
    # Fifty new visitors from one test client address: not what this class is about.
    WAGTAILKB_RATING_NEW_VISITORS_PER_IP=None,
)
class ConcurrentVotesTests(QuickRollbackMixin, TransactionTestCase):
    # Wagtail's root page and default site come from migrations: keep them for later tests.
    serialized_rollback = True

    def setUp(self):
        cache.clear()
        home = make_home()
        topic = make_topic(home, "Accounts")
        self.article = make_article(topic, "Reset your password")
        self.rate_url = self.article.url + "rate/"

    def test_fifty_visitors_at_once_make_fifty_votes(self):
        def vote(i):
            response = Client(enforce_csrf_checks=True).post(
                self.rate_url, {"stars": str(i % 5 + 1)}, **JSON
            )
            return response.status_code

        statuses, errors, seconds = run_at_once(50, vote)
        print(
            f"\n[concurrency] 50 visitors at once: {RatingVote.objects.count()} votes, "
            f"{seconds:.2f} s"
        )
        self.assertEqual(errors, [])
        self.assertEqual(statuses, [200] * 50)
        self.assertEqual(RatingVote.objects.filter(article=self.article).count(), 50)
        summary = ratings.summarise(self.article)
        self.assertEqual(summary.count, 50)
        self.assertEqual(summary.distribution, {1: 10, 2: 10, 3: 10, 4: 10, 5: 10})
        self.assertEqual(summary.average, 3.0)

    def test_one_visitor_sending_ten_votes_at_once_makes_one_vote(self):
        cookie = signed_visitor_cookie("one-visitor-with-many-tabs")

        def vote(i):
            client = Client(enforce_csrf_checks=True)
            client.cookies[ratings.VISITOR_COOKIE] = cookie
            comment = f"comment {i}" if i % 2 else ""
            response = client.post(
                self.rate_url, {"stars": str(i % 5 + 1), "comment": comment}, **JSON
            )
            return response.status_code, i % 5 + 1

        results, errors, seconds = run_at_once(10, vote)
        print(
            f"\n[concurrency] 1 visitor x 10 at once: {RatingVote.objects.count()} vote(s), "
            f"{seconds:.2f} s"
        )
        self.assertEqual(errors, [])
        self.assertEqual([status for status, _ in results], [200] * 10)
        votes = list(RatingVote.objects.filter(article=self.article))
        self.assertEqual(len(votes), 1)
        self.assertEqual(votes[0].visitor_hash, ratings.visitor_hash("one-visitor-with-many-tabs"))
        self.assertIn(votes[0].stars, {stars for _, stars in results})
        # Every comment sent with a vote was kept (comments are not deduplicated).
        self.assertEqual(FeedbackComment.objects.count(), 5)

    def test_service_level_upsert_under_contention(self):
        visitor = ratings.visitor_hash("same")

        def cast(i):
            ratings.cast_vote(self.article, i % 5 + 1, visitor, ratings.ip_hash("192.0.2.1"))
            return True

        for round_ in range(3):
            results, errors, _ = run_at_once(20, cast)
            self.assertEqual(errors, [], f"round {round_}")
            self.assertEqual(RatingVote.objects.count(), 1)
