"""A vote that meets a locked database anywhere on its way answers 503, never 500, and writes
nothing (benchmarks/voting.py found the 500s and the stored-but-failed votes under SQLite)."""

from unittest import mock

from django.core.cache import cache
from django.db import OperationalError
from django.test import TestCase

from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import FeedbackComment, RatingVote

JSON = {"HTTP_ACCEPT": "application/json", "HTTP_ORIGIN": "http://testserver"}
LOCKED = OperationalError("database is locked")


class LockedDatabaseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Wagtail's site root paths are cached: an earlier class's sites must not shape these URLs.
        cache.clear()
        cls.article = make_article(make_topic(make_home(), "Accounts"), "Reset your password")
        cls.rate_url = cls.article.url + "rate/"

    def setUp(self):
        cache.clear()

    def assert_busy(self, response):
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "2")
        self.assertFalse(RatingVote.objects.exists())
        self.assertFalse(FeedbackComment.objects.exists())

    def test_locked_while_routing_the_vote(self):
        with mock.patch("wagtail_kb.ratings.routes.find_article", side_effect=LOCKED):
            response = self.client.post(self.rate_url, {"stars": "4"}, **JSON)
        self.assert_busy(response)
        self.assertIn("busy", response.json()["error"])

    def test_locked_while_reading_the_site_settings(self):
        with mock.patch("wagtail_kb.models.KBSettings.for_request", side_effect=LOCKED):
            response = self.client.post(self.rate_url, {"stars": "4"})
        self.assert_busy(response)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")

    def test_locked_while_reading_the_summary_undoes_the_vote(self):
        with mock.patch("wagtail_kb.ratings.casting.count_vote", side_effect=LOCKED):
            response = self.client.post(self.rate_url, {"stars": "4", "comment": "Hm."}, **JSON)
        self.assert_busy(response)

    def test_other_errors_still_raise(self):
        error = OperationalError("disk I/O error")
        with (
            mock.patch("wagtail_kb.models.KBSettings.for_request", side_effect=error),
            self.assertRaises(OperationalError),
        ):
            self.client.post(self.rate_url, {"stars": "4"}, **JSON)

    def test_a_vote_still_answers_its_summary(self):
        response = self.client.post(self.rate_url, {"stars": "4"}, **JSON)
        self.assertEqual(response.status_code, 200)
        self.assertEqual((response.json()["count"], response.json()["average"]), (1, 4.0))
