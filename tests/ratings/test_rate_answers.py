"""``rate/`` answers what README promises (issue 10 item 11), with Django's CSRF check on.

Before: a POST to ``rate/`` of a draft, a topic, the KB home or a missing article got Django's
403 CSRF page (the middleware only exempted live articles), ratings switched off a JSON 403, and
PUT/DELETE the CSRF page instead of 405; full-width and Arabic-Indic digits were stored as stars.
"""

from django.test import Client
from wagtail.models import Page

from tests.utils import make_article, make_topic, publish, site_root
from wagtail_kb.models import RatingVote

from .base import JSON, SAME_ORIGIN, RatingTestCase


class RateAnswersTests(RatingTestCase):
    def setUp(self):
        super().setUp()
        # Like a browser: CSRF enforced, the same origin sent, no CSRF cookie or token.
        self.browser = Client(enforce_csrf_checks=True)

    def post(self, url, data=None, **extra):
        return self.browser.post(url, data or {"stars": "4"}, **SAME_ORIGIN, **extra)

    def test_a_live_rateable_article_takes_the_vote(self):
        self.assertEqual(self.post(self.rate_url, **JSON).status_code, 200)
        self.assertEqual(RatingVote.objects.count(), 1)

    def test_draft_missing_topic_and_home_answer_404(self):
        draft = make_article(self.topic, "Not yet", live=False)
        urls = {
            "draft": f"/help/accounts/{draft.slug}/rate/",
            "missing": "/help/accounts/no-such-article/rate/",
            "missing topic": "/help/no-such-topic/no-such-article/rate/",
            "topic": self.topic.url + "rate/",
            "KB home": self.home.url + "rate/",
        }
        for name, url in urls.items():
            for extra in ({}, JSON):
                with self.subTest(name, json=bool(extra)):
                    self.assertEqual(self.post(url, **extra).status_code, 404)
        self.assertNothingStored()

    def test_ratings_switched_off_answers_404(self):
        self.article.ratings_enabled = False
        publish(self.article)
        for extra in ({}, JSON):
            self.assertEqual(self.post(self.rate_url, **extra).status_code, 404)
        self.assertNothingStored()

    def test_other_methods_answer_405_with_allow(self):
        for method in ("get", "put", "patch", "delete", "options"):
            with self.subTest(method):
                response = getattr(self.browser, method)(self.rate_url, **SAME_ORIGIN)
                self.assertEqual(response.status_code, 405)
                self.assertEqual(response["Allow"], "POST")
        self.assertNothingStored()

    def test_full_width_and_arabic_indic_digits_are_not_stars(self):
        for stars in ("４", "٤", "۴", "४", "4\u0663", "１"):
            with self.subTest(stars=stars):
                response = self.post(self.rate_url, {"stars": stars}, **JSON)
                self.assertEqual(response.status_code, 400)
                self.assertIn("whole number", response.json()["error"])
        self.assertNothingStored()

    def test_a_site_page_named_rate_keeps_djangos_csrf_check(self):
        # Only the KB's own routes skip the token check: a site's page whose slug is "rate"
        # (or one below a page of the site's own) is left to Django and Wagtail.
        own = site_root().add_child(instance=Page(title="Company", slug="company"))
        publish(own)
        named_rate = own.add_child(instance=Page(title="Rate", slug="rate"))
        publish(named_rate)
        self.assertEqual(self.post("/company/rate/").status_code, 403)
        self.assertEqual(self.post("/company/nothing/rate/").status_code, 403)
        # An article whose slug is "rate" is an article, not a vote on its topic.
        make_article(make_topic(self.home, "Billing"), "Rate", slug="rate")
        self.assertEqual(self.post("/help/billing/rate/").status_code, 403)
        self.assertNothingStored()
