"""The rate endpoint as readers use it: answers, bad input, rate limits, a busy database."""

from unittest import mock

from django.db import OperationalError
from django.test import Client, override_settings

from tests.ratings.base import (
    JSON,
    RatingTestCase,
    soup,
)
from tests.utils import make_article, publish
from wagtail_kb import ratings
from wagtail_kb.models import FeedbackComment, RatingVote, RatingWidget


class EndpointAnswerTests(RatingTestCase):
    def test_json_answer_has_the_contract_shape(self):
        response = self.client.post(self.rate_url, {"stars": "4"}, **JSON)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        data = response.json()
        self.assertEqual(data["count"], 1)
        self.assertIsInstance(data["count"], int)
        self.assertEqual(data["average"], 4.0)
        self.assertIsInstance(data["average"], float)
        self.assertEqual(data["distribution"], {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0})
        self.assertEqual(data["your_vote"], 4)
        self.assertTrue(data["ask_comment"])
        self.assertEqual(data["thank_you"], "Thank you for your feedback.")
        self.assertIn("no-cache", response["Cache-Control"])

    def test_vote_stores_the_live_revision_and_only_keyed_hashes(self):
        self.client.post(self.rate_url, {"stars": "5"}, REMOTE_ADDR="203.0.113.7", **JSON)
        vote = RatingVote.objects.get()
        self.assertEqual(vote.article_id, self.article.pk)
        self.assertEqual(vote.stars, 5)
        self.assertEqual(vote.revision_id, self.article.live_revision_id)
        self.assertEqual(vote.ip_hash, ratings.ip_hash("203.0.113.7"))
        stored = " ".join(str(v) for v in RatingVote.objects.values_list().get())
        self.assertNotIn("203.0.113.7", stored)
        cookie = self.client.cookies[ratings.VISITOR_COOKIE]
        self.assertNotIn(cookie.value, stored)
        self.assertEqual(len(vote.visitor_hash), 64)

    def test_visitor_cookie_is_signed_httponly_and_lax(self):
        response = self.client.post(self.rate_url, {"stars": "5"}, **JSON)
        cookie = response.cookies[ratings.VISITOR_COOKIE]
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["samesite"], "Lax")
        self.assertIn(":", cookie.value)  # signed

    def test_without_json_a_303_back_to_the_rating_card(self):
        response = self.client.post(self.rate_url, {"stars": "2"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(response["Location"], f"{self.article.url}?rated=2#rating")
        self.assertEqual(RatingVote.objects.get().stars, 2)

    def test_no_js_reader_lands_on_the_thank_you_and_feedback_box(self):
        response = self.client.post(self.rate_url, {"stars": "2"}, follow=True)
        card = soup(response).find(id="rating")
        self.assertIn("Thank you for your feedback.", card.get_text())
        checked = card.find("input", attrs={"name": "stars", "checked": True})
        self.assertEqual(checked["value"], "2")
        feedback = card.find(attrs={"data-kb-rating-feedback": True})
        self.assertFalse(feedback.has_attr("hidden"))
        # The comment goes with a second POST of stars + comment.
        response = self.client.post(
            self.rate_url, {"stars": "2", "comment": "The link has expired."}, follow=True
        )
        self.assertEqual(
            response.redirect_chain[-1][0], f"{self.article.url}?rated=2&commented=1#rating"
        )
        card = soup(response).find(id="rating")
        self.assertIn("your comment was sent", card.get_text())
        self.assertTrue(card.find(attrs={"data-kb-rating-feedback": True}).has_attr("hidden"))
        self.assertEqual(RatingVote.objects.count(), 1)
        self.assertEqual(FeedbackComment.objects.get().comment, "The link has expired.")

    def test_second_vote_replaces_the_first(self):
        self.client.post(self.rate_url, {"stars": "1"}, **JSON)
        first = RatingVote.objects.get()
        response = self.client.post(self.rate_url, {"stars": "5"}, **JSON)
        self.assertEqual(response.json()["count"], 1)
        self.assertEqual(response.json()["average"], 5.0)
        vote = RatingVote.objects.get()
        self.assertEqual(vote.pk, first.pk)
        self.assertEqual(vote.stars, 5)
        self.assertEqual(vote.created_at, first.created_at)
        self.assertGreaterEqual(vote.updated_at, first.updated_at)

    def test_different_visitors_count_separately(self):
        for stars in (5, 4, 3):
            Client().post(self.rate_url, {"stars": stars}, **JSON)
        response = Client().post(self.rate_url, {"stars": "4"}, **JSON)
        self.assertEqual(response.json()["count"], 4)
        self.assertEqual(response.json()["average"], 4.0)
        self.assertEqual(response.json()["distribution"], {"1": 0, "2": 0, "3": 1, "4": 2, "5": 1})

    def test_comment_with_the_vote_or_afterwards(self):
        response = self.client.post(
            self.rate_url, {"stars": "3", "comment": "  Needs screenshots.  "}, **JSON
        )
        self.assertTrue(response.json()["comment_saved"])
        self.assertFalse(response.json()["ask_comment"])
        self.client.post(self.rate_url, {"stars": "2", "comment": "Still unclear."}, **JSON)
        comments = list(FeedbackComment.objects.order_by("pk"))
        self.assertEqual([c.comment for c in comments], ["Needs screenshots.", "Still unclear."])
        self.assertEqual([c.stars for c in comments], [3, 2])
        self.assertEqual(comments[0].revision_id, self.article.live_revision_id)
        self.assertEqual(comments[0].status, FeedbackComment.Status.NEW)
        self.assertEqual(RatingVote.objects.get().stars, 2)

    def test_comment_is_stored_as_plain_text(self):
        self.client.post(self.rate_url, {"stars": "1", "comment": "<b>bad</b> & worse"}, **JSON)
        self.assertEqual(FeedbackComment.objects.get().comment, "<b>bad</b> & worse")

    def test_vote_records_the_revision_live_at_the_time(self):
        self.client.post(self.rate_url, {"stars": "2"}, **JSON)
        old_revision = self.article.live_revision_id
        self.article.intro = "Rewritten."
        publish(self.article)
        self.assertNotEqual(self.article.live_revision_id, old_revision)
        Client().post(self.rate_url, {"stars": "5"}, **JSON)
        self.assertEqual(
            sorted(RatingVote.objects.values_list("stars", "revision_id")),
            [(2, old_revision), (5, self.article.live_revision_id)],
        )
        all_time, since = ratings.summarise_all_time_and_live(self.article)
        self.assertEqual((all_time.count, all_time.average), (2, 3.5))
        self.assertEqual((since.count, since.average), (1, 5.0))


class BadInputTests(RatingTestCase):
    def post(self, data, **extra):
        return self.client.post(self.rate_url, data, **{**JSON, **extra})

    def test_stars_out_of_range_or_not_whole_numbers(self):
        for value in ("0", "6", "-1", "x", "4.5", "4.0", "", " ", "1e1"):
            with self.subTest(stars=value):
                response = self.post({"stars": value})
                self.assertEqual(response.status_code, 400)
                self.assertIn("from 1 to 5", response.json()["error"])
                self.assertNothingStored()

    def test_missing_stars(self):
        response = self.post({"comment": "No stars here"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"], "Choose a rating from 1 to 5 stars.")
        self.assertNothingStored()

    def test_comment_over_the_maximum(self):
        response = self.post({"stars": "2", "comment": "x" * 2001})
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 2,000 characters", response.json()["error"])
        self.assertIn("2,001", response.json()["error"])
        self.assertNothingStored()
        # Exactly the maximum is fine.
        self.assertEqual(self.post({"stars": "2", "comment": "x" * 2000}).status_code, 200)

    @override_settings(WAGTAILKB_RATING_COMMENT_MAX_LENGTH=10)
    def test_comment_maximum_is_a_setting(self):
        response = self.post({"stars": "2", "comment": "x" * 11})
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 10 characters", response.json()["error"])
        self.assertNothingStored()

    def test_comment_with_a_nul_character(self):
        response = self.post({"stars": "2", "comment": "bad\x00byte"})
        self.assertEqual(response.status_code, 400)
        self.assertNothingStored()

    def test_html_answer_for_bad_input_says_what_is_wrong(self):
        response = self.client.post(self.rate_url, {"stars": "9"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "from 1 to 5", status_code=400)
        self.assertContains(response, f'href="{self.article.url}#rating"', status_code=400)
        self.assertNothingStored()

    def test_get_is_not_allowed(self):
        for extra in ({}, JSON):
            response = self.client.get(self.rate_url, {"stars": "5"}, **extra)
            self.assertEqual(response.status_code, 405)
            self.assertEqual(response["Allow"], "POST")
            self.assertContains(response, "POST", status_code=405)
        self.assertNothingStored()

    def test_draft_article(self):
        draft = make_article(self.topic, "Not yet", live=False)
        response = self.client.post(f"/help/accounts/{draft.slug}/rate/", {"stars": "5"}, **JSON)
        self.assertEqual(response.status_code, 404)
        self.assertNothingStored()

    def test_unpublished_article(self):
        self.article.unpublish()
        self.assertEqual(self.post({"stars": "5"}).status_code, 404)
        self.assertNothingStored()

    def test_deleted_or_missing_article(self):
        self.article.delete()
        self.assertEqual(self.post({"stars": "5"}).status_code, 404)
        self.assertEqual(
            self.client.post("/help/accounts/no-such-article/rate/", {"stars": "5"}).status_code,
            404,
        )
        self.assertNothingStored()

    def test_ratings_switched_off(self):
        self.article.ratings_enabled = False
        publish(self.article)
        response = self.post({"stars": "5"})
        # Not an article readers may rate: no rate/ route (issue 10 item 11).
        self.assertEqual(response.status_code, 404)
        self.assertNothingStored()

    def test_comment_when_the_widget_never_asks_for_one(self):
        widget = RatingWidget.objects.create(name="No comments", ask_for_comment="never")
        self.article.rating_widget = widget
        publish(self.article)
        response = self.post({"stars": "5", "comment": "hello"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("does not take comments", response.json()["error"])
        self.assertNothingStored()
        self.assertEqual(self.post({"stars": "5"}).status_code, 200)

    def test_other_page_types_have_no_rate_route(self):
        response = self.client.post(self.topic.url + "rate/", {"stars": "5"})
        self.assertEqual(response.status_code, 404)
        self.assertNothingStored()


@override_settings(
    WAGTAILKB_RATING_RATE_LIMIT_VISITOR=(2, 60), WAGTAILKB_RATING_RATE_LIMIT_IP=(100, 60)
)
class RateLimitTests(RatingTestCase):
    def test_per_visitor_limit(self):
        self.assertEqual(self.client.post(self.rate_url, {"stars": "1"}, **JSON).status_code, 200)
        self.assertEqual(self.client.post(self.rate_url, {"stars": "2"}, **JSON).status_code, 200)
        response = self.client.post(self.rate_url, {"stars": "5", "comment": "spam"}, **JSON)
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many ratings", response.json()["error"])
        self.assertTrue(1 <= int(response["Retry-After"]) <= 61)
        # Nothing stored from the refused request.
        self.assertEqual(RatingVote.objects.get().stars, 2)
        self.assertEqual(FeedbackComment.objects.count(), 0)
        # Another visitor is not affected.
        self.assertEqual(Client().post(self.rate_url, {"stars": "3"}, **JSON).status_code, 200)

    @override_settings(WAGTAILKB_RATING_RATE_LIMIT_IP=(3, 60))
    def test_per_ip_limit_catches_cookieless_clients(self):
        for _ in range(3):
            self.assertEqual(Client().post(self.rate_url, {"stars": "4"}).status_code, 303)
        response = Client().post(self.rate_url, {"stars": "4"})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Too many ratings", status_code=429)
        self.assertIn("Retry-After", response)
        self.assertEqual(RatingVote.objects.count(), 3)
        # A different address still gets through.
        response = Client().post(self.rate_url, {"stars": "4"}, REMOTE_ADDR="198.51.100.9")
        self.assertEqual(response.status_code, 303)

    @override_settings(
        WAGTAILKB_RATING_RATE_LIMIT_VISITOR=None, WAGTAILKB_RATING_RATE_LIMIT_IP=None
    )
    def test_limits_can_be_switched_off(self):
        for stars in (1, 2, 3, 4, 5, 1, 2):
            response = self.client.post(self.rate_url, {"stars": stars}, **JSON)
            self.assertEqual(response.status_code, 200)


class DatabaseBusyTests(RatingTestCase):
    def test_locked_database_answers_503_and_writes_nothing(self):
        with mock.patch(
            "wagtail_kb.ratings.casting.save_comment",
            side_effect=OperationalError("database is locked"),
        ):
            response = self.client.post(self.rate_url, {"stars": "2", "comment": "half"}, **JSON)
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "2")
        self.assertIn("busy", response.json()["error"])
        # The vote written before the comment failed was rolled back with it.
        self.assertNothingStored()

    def test_other_database_errors_are_not_hidden(self):
        with (
            mock.patch(
                "wagtail_kb.ratings.casting.save_comment",
                side_effect=OperationalError("disk I/O error"),
            ),
            self.assertRaises(OperationalError),
        ):
            self.client.post(self.rate_url, {"stars": "2", "comment": "x"}, **JSON)
