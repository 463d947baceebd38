"""Ballot stuffing (issue 10 item 3): new visitors per address, and the honeypot.

Before: without the visitor cookie every request was a new visitor, so one address stored 200
votes (with comments) on one article; nothing caught a bot filling every field of the form.
"""

from django.test import Client, override_settings

from tests.utils import make_article
from wagtail_kb import ratings
from wagtail_kb.models import FeedbackComment, RatingVote

from .base import JSON, SAME_ORIGIN, RatingTestCase, soup, visitor_cookie

ROOMY_LIMITS = {
    "WAGTAILKB_RATING_RATE_LIMIT_VISITOR": (1000, 600),
    "WAGTAILKB_RATING_RATE_LIMIT_IP": (1000, 600),
}


@override_settings(**ROOMY_LIMITS)
class NewVisitorsPerAddressTests(RatingTestCase):
    def vote(self, address="192.0.2.7", url=None, client=None, **data):
        client = client or Client(REMOTE_ADDR=address)
        return client.post(
            url or self.rate_url, {"stars": "5", **data}, REMOTE_ADDR=address, **JSON, **SAME_ORIGIN
        )

    def test_the_eleventh_new_visitor_from_one_address_gets_429_and_stores_nothing(self):
        for _ in range(10):
            self.assertEqual(self.vote(comment="Great").status_code, 200)
        response = self.vote(comment="Great again")
        self.assertEqual(response.status_code, 429)
        self.assertIn("network", response.json()["error"])
        self.assertGreater(int(response["Retry-After"]), 23 * 3600)
        self.assertEqual(RatingVote.objects.count(), 10)
        self.assertEqual(FeedbackComment.objects.count(), 10)
        # The summary counts what was stored, not what was refused.
        self.assertEqual(ratings.read_summary(self.article).count, 10)

    def test_html_readers_get_a_page_saying_why(self):
        for _ in range(10):
            self.vote()
        response = Client().post(self.rate_url, {"stars": "4"}, REMOTE_ADDR="192.0.2.7")
        self.assertEqual(response.status_code, 429)
        self.assertIn("network", soup(response).get_text())

    def test_other_addresses_other_articles_and_returning_visitors_are_not_counted(self):
        for _ in range(10):
            self.vote()
        self.assertEqual(self.vote(address="192.0.2.8").status_code, 200)
        other = make_article(self.topic, "Change your e-mail")
        self.assertEqual(self.vote(url=other.url + "rate/").status_code, 200)
        # A reader who voted before keeps the cookie: changing the vote is not a new visitor.
        returning = Client()
        returning.cookies[ratings.VISITOR_COOKIE] = visitor_cookie("reader-from-the-office")
        self.assertEqual(self.vote(client=returning).status_code, 200)
        self.assertEqual(self.vote(client=returning, stars="2").status_code, 200)
        self.assertEqual(RatingVote.objects.filter(article=self.article).count(), 12)

    @override_settings(WAGTAILKB_RATING_NEW_VISITORS_PER_IP=3)
    def test_the_allowance_is_a_setting(self):
        statuses = [self.vote().status_code for _ in range(4)]
        self.assertEqual(statuses, [200, 200, 200, 429])

    @override_settings(WAGTAILKB_RATING_NEW_VISITORS_PER_IP=None)
    def test_none_turns_it_off(self):
        self.assertEqual({self.vote().status_code for _ in range(12)}, {200})
        self.assertEqual(RatingVote.objects.count(), 12)


@override_settings(**ROOMY_LIMITS)
class HoneypotTests(RatingTestCase):
    def test_the_rating_forms_carry_a_hidden_honeypot(self):
        page = soup(self.client.get(self.article.url))
        for form in page.select("[data-kb-rating-form]"):
            field = form.find("input", attrs={"name": "website"})
            self.assertIsNotNone(field)
            wrapper = field.find_parent(class_="kb-rating__hp")
            # Hidden from people (not rendered) and from assistive technology, never focused.
            self.assertTrue(wrapper.has_attr("hidden"))
            self.assertEqual(wrapper["aria-hidden"], "true")
            self.assertEqual(field["tabindex"], "-1")
            self.assertEqual(field["autocomplete"], "off")
            self.assertEqual(field.get("value"), "")

    def test_a_filled_honeypot_is_answered_as_accepted_and_stores_nothing(self):
        response = self.client.post(
            self.rate_url,
            {"stars": "5", "comment": "Buy now", "website": "http://spam.example"},
            **JSON,
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["your_vote"], 5)
        self.assertNothingStored()
        response = self.client.post(self.rate_url, {"stars": "1", "website": "x"})
        self.assertEqual(response.status_code, 303)
        self.assertIn("?rated=1", response["Location"])
        self.assertNothingStored()

    def test_an_empty_honeypot_is_a_normal_vote(self):
        response = self.client.post(self.rate_url, {"stars": "4", "website": "  "}, **JSON)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(RatingVote.objects.get().stars, 4)

    def test_invalid_stars_with_a_filled_honeypot_still_answer_400(self):
        response = self.client.post(self.rate_url, {"stars": "9", "website": "x"}, **JSON)
        self.assertEqual(response.status_code, 400)
        self.assertNothingStored()
