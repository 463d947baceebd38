"""Visitor identity (signed cookie, keyed hashes), pruning, the route."""

import io
import re

from django.core.management import call_command
from django.test import RequestFactory, TestCase, override_settings
from django.utils import timezone

from tests.ratings.base import (
    JSON,
    RatingTestCase,
    add_votes,
    visitor_cookie,
)
from wagtail_kb import ratings
from wagtail_kb.models import RatingVote


class VisitorIdentityTests(TestCase):
    def test_hashes_are_keyed_by_the_secret_key(self):
        first = ratings.visitor_hash("abc")
        self.assertEqual(len(first), 64)
        self.assertNotIn("abc", first)
        with override_settings(SECRET_KEY="another-secret"):
            self.assertNotEqual(ratings.visitor_hash("abc"), first)
        self.assertNotEqual(ratings.ip_hash("abc"), first)  # purposes use different keys

    def test_tampered_cookie_gives_a_new_visitor(self):
        request = RequestFactory().post("/")
        request.COOKIES[ratings.VISITOR_COOKIE] = visitor_cookie("a" * 24)
        self.assertEqual(ratings.get_visitor_id(request), ("a" * 24, False))
        request.COOKIES[ratings.VISITOR_COOKIE] = visitor_cookie("a" * 24)[:-2] + "xx"
        visitor_id, is_new = ratings.get_visitor_id(request)
        self.assertTrue(is_new)
        self.assertNotEqual(visitor_id, "a" * 24)


class PruneCommandTests(RatingTestCase):
    def test_prunes_hashes_of_old_votes_only(self):
        add_votes(self.article, [5, 4, 3])
        old = timezone.now() - timezone.timedelta(days=91)
        first, second, third = RatingVote.objects.order_by("pk")
        RatingVote.objects.filter(pk__in=[first.pk, second.pk]).update(
            updated_at=old, ip_hash="f" * 64
        )
        call_command("kb_prune_votes", "--dry-run", stdout=(out := io.StringIO()))
        self.assertIn("2 vote(s)", out.getvalue())
        self.assertEqual(RatingVote.objects.filter(visitor_hash__isnull=True).count(), 0)

        call_command("kb_prune_votes", stdout=(out := io.StringIO()))
        self.assertIn("2 vote(s) older than 90 day(s)", out.getvalue())
        pruned = RatingVote.objects.filter(pk__in=[first.pk, second.pk])
        self.assertEqual(
            list(pruned.values_list("visitor_hash", "ip_hash")), [(None, None), (None, None)]
        )
        third.refresh_from_db()
        self.assertIsNotNone(third.visitor_hash)
        # Pruned votes still count.
        self.assertEqual(ratings.summarise(self.article).count, 3)

    @override_settings(WAGTAILKB_RATING_HASH_RETENTION_DAYS=0)
    def test_retention_is_a_setting(self):
        add_votes(self.article, [5])
        call_command("kb_prune_votes", stdout=io.StringIO())
        self.assertIsNone(RatingVote.objects.get().visitor_hash)

    def test_visitor_votes_again_after_pruning(self):
        self.client.post(self.rate_url, {"stars": "2"}, **JSON)
        call_command("kb_prune_votes", "--days", "0", stdout=io.StringIO())
        response = self.client.post(self.rate_url, {"stars": "4"}, **JSON)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(RatingVote.objects.count(), 2)


class SmallPrintTests(TestCase):
    def test_rating_route_is_registered(self):
        from wagtail_kb.models import KBArticlePage

        patterns = [str(p.pattern) for p in KBArticlePage.get_subpage_urls()]
        self.assertTrue(any(re.search("rate", p) for p in patterns))
