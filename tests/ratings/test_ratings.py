"""Ratings as readers use them: the endpoint, the rules, the card, the anti-forgery design."""

import io
import re
from unittest import mock

from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.checks import run_checks
from django.core.management import call_command
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client, RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from tests.utils import make_article, make_home, make_topic, publish, site_root
from wagtail_kb import ratings
from wagtail_kb.models import FeedbackComment, KBSettings, RatingVote, RatingWidget

JSON = {"HTTP_ACCEPT": "application/json"}
SAME_ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
RATING_MIDDLEWARE = "wagtail_kb.middleware.RatingCsrfMiddleware"
CSRF_MIDDLEWARE = "django.middleware.csrf.CsrfViewMiddleware"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def make_rated_article(title="Reset your password", **fields):
    home = make_home()
    topic = make_topic(home, "Accounts")
    article = make_article(
        topic,
        title,
        body=[("heading", "Ask for a link"), ("paragraph", "<p>Open the sign-in page.</p>")],
        **fields,
    )
    return home, topic, article


def add_votes(article, stars_list, revision_id=None):
    """Votes from distinct visitors, written directly (for summaries and query counts)."""
    now = timezone.now()
    RatingVote.objects.bulk_create(
        RatingVote(
            article=article,
            visitor_hash=ratings.visitor_hash(f"seed-{article.pk}-{i}"),
            stars=stars,
            revision_id=revision_id if revision_id is not None else article.live_revision_id,
            created_at=now,
            updated_at=now,
        )
        for i, stars in enumerate(stars_list)
    )


def visitor_cookie(visitor_id):
    """The signed cookie value a browser would hold for ``visitor_id`` (signed as Django does)."""
    response = HttpResponse()
    response.set_signed_cookie(ratings.VISITOR_COOKIE, visitor_id, salt=ratings.VISITOR_COOKIE_SALT)
    return response.cookies[ratings.VISITOR_COOKIE].value


class RatingTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.topic, cls.article = make_rated_article()
        cls.rate_url = cls.article.url + "rate/"

    def setUp(self):
        cache.clear()

    def assertNothingStored(self):
        self.assertEqual(RatingVote.objects.count(), 0)
        self.assertEqual(FeedbackComment.objects.count(), 0)


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
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"], "Ratings are switched off for this article.")
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


class AntiForgeryTests(RatingTestCase):
    def setUp(self):
        super().setUp()
        self.csrf_client = Client(enforce_csrf_checks=True)

    def form_from_someone_elses_page(self):
        """The rating form as served to another visitor (e.g. from a shared cache)."""
        html = Client().get(self.article.url)
        form = soup(html).find(id="rating").find("form")
        self.assertIsNone(form.find("input", attrs={"name": "csrfmiddlewaretoken"}))
        return form["action"], form["method"]

    def test_vote_with_a_form_copied_from_another_visitors_page(self):
        action, method = self.form_from_someone_elses_page()
        self.assertEqual(method, "post")
        self.assertEqual(len(self.csrf_client.cookies), 0)  # no CSRF cookie, no visitor cookie
        response = self.csrf_client.post(action, {"stars": "4"}, HTTP_ORIGIN="http://testserver")
        self.assertEqual(response.status_code, 303)
        response = self.csrf_client.post(
            action, {"stars": "5"}, HTTP_REFERER=f"http://testserver{self.article.url}", **JSON
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(RatingVote.objects.get().stars, 5)

    def test_no_origin_and_no_referer_is_allowed(self):
        action, _ = self.form_from_someone_elses_page()
        response = self.csrf_client.post(action, {"stars": "3"}, **JSON)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(RatingVote.objects.count(), 1)

    def test_cross_origin_post_is_refused(self):
        action, _ = self.form_from_someone_elses_page()
        for headers in (
            {"HTTP_ORIGIN": "https://evil.example"},
            {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
            {"HTTP_ORIGIN": "null"},
            {"HTTP_REFERER": "https://evil.example/page.html"},
            {"HTTP_REFERER": "not a url"},
        ):
            with self.subTest(headers=headers):
                response = self.csrf_client.post(action, {"stars": "1"}, **headers)
                self.assertEqual(response.status_code, 403)
                self.assertIn("Rating refused", response.content.decode())
                self.assertNothingStored()

    def test_cross_origin_refused_even_without_csrf_enforcement(self):
        response = self.client.post(
            self.rate_url, {"stars": "1"}, HTTP_ORIGIN="https://evil.example", **JSON
        )
        self.assertEqual(response.status_code, 403)
        self.assertIn("https://evil.example", response.content.decode())
        self.assertNothingStored()

    @override_settings(CSRF_TRUSTED_ORIGINS=["https://www.example.com", "https://*.example.org"])
    def test_trusted_origins_are_accepted(self):
        for origin in ("https://www.example.com", "https://help.example.org"):
            with self.subTest(origin=origin):
                response = Client(enforce_csrf_checks=True).post(
                    self.rate_url, {"stars": "4"}, HTTP_ORIGIN=origin, **JSON
                )
                self.assertEqual(response.status_code, 200)
        response = self.csrf_client.post(
            self.rate_url, {"stars": "4"}, HTTP_ORIGIN="https://example.net", **JSON
        )
        self.assertEqual(response.status_code, 403)

    def test_other_views_keep_djangos_csrf_protection(self):
        # A non-KB page whose URL also ends in /rate/ gets no exemption.
        root = site_root()
        other = root.add_child(instance=Page(title="Rate", slug="rate"))
        publish(other)
        response = self.csrf_client.post("/rate/", {"stars": "1"}, HTTP_ORIGIN="http://testserver")
        self.assertEqual(response.status_code, 403)
        self.assertIn(b"CSRF", response.content)

    def test_without_the_middleware_djangos_csrf_check_refuses_votes(self):
        middleware = [m for m in self.settings_middleware() if m != RATING_MIDDLEWARE]
        with override_settings(MIDDLEWARE=middleware):
            response = self.csrf_client.post(
                self.rate_url, {"stars": "1"}, HTTP_ORIGIN="http://testserver"
            )
        self.assertEqual(response.status_code, 403)
        self.assertNothingStored()

    def settings_middleware(self):
        from django.conf import settings

        return list(settings.MIDDLEWARE)


class MiddlewareCheckTests(TestCase):
    def w002(self):
        return [m for m in run_checks() if m.id == "wagtail_kb.W002"]

    def test_installed_before_csrf_is_fine(self):
        self.assertEqual(self.w002(), [])

    def test_missing_middleware_warns(self):
        with override_settings(MIDDLEWARE=[CSRF_MIDDLEWARE]):
            messages = self.w002()
        self.assertEqual(len(messages), 1)
        self.assertIn("not installed", messages[0].msg)
        self.assertIn(RATING_MIDDLEWARE, messages[0].hint)

    def test_middleware_after_csrf_warns(self):
        with override_settings(MIDDLEWARE=[CSRF_MIDDLEWARE, RATING_MIDDLEWARE]):
            messages = self.w002()
        self.assertEqual(len(messages), 1)
        self.assertIn("after CsrfViewMiddleware", messages[0].msg)


class CacheFriendlinessTests(RatingTestCase):
    def test_article_html_is_the_same_for_every_visitor(self):
        voter = Client()
        voter.post(self.rate_url, {"stars": "4", "comment": "Fine"})
        self.assertIn(ratings.VISITOR_COOKIE, voter.cookies)
        mine = voter.get(self.article.url)
        theirs = Client().get(self.article.url)
        self.assertEqual(mine.status_code, 200)
        self.assertEqual(mine.content, theirs.content)
        for response in (mine, theirs):
            self.assertNotIn("cookie", response.get("Vary", "").lower())
            self.assertEqual(list(response.cookies), [])
            self.assertNotIn(b"csrfmiddlewaretoken", response.content)

    def test_the_rating_adds_no_vary_header(self):
        with_rating = Client().get(self.article.url)
        self.article.ratings_enabled = False
        publish(self.article)
        without = Client().get(self.article.url)
        self.assertEqual(with_rating.get("Vary"), without.get("Vary"))
        self.assertIsNotNone(soup(with_rating).find(id="rating"))
        self.assertIsNone(soup(without).find(id="rating"))


class RatingCardTests(RatingTestCase):
    def card(self, url=None):
        response = self.client.get(url or self.article.url)
        self.assertEqual(response.status_code, 200)
        return soup(response).find(id="rating")

    def test_card_structure(self):
        add_votes(self.article, [5, 4, 4, 4, 4])
        card = self.card()
        self.assertEqual(card.find("h2").get_text(strip=True), "Was this article helpful?")
        form = card.find("form")
        self.assertEqual(form["method"], "post")
        self.assertEqual(form["action"], f"{self.article.url}rate/")
        fieldset = form.find("fieldset")
        self.assertIsNotNone(fieldset.find("legend"))
        radios = fieldset.find_all("input", attrs={"type": "radio", "name": "stars"})
        self.assertEqual([r["value"] for r in radios], ["1", "2", "3", "4", "5"])
        for radio in radios:
            label = radio.find_parent("label")
            self.assertIn(f"{radio['value']} out of 5 stars", label.get_text(" ", strip=True))
        self.assertIn("4.2 out of 5 stars", " ".join(card.get_text(" ").split()))
        self.assertIn("5 votes", card.get_text())
        rows = card.find_all(class_="kb-rating__row")
        self.assertEqual(
            [
                (
                    r.find(class_="kb-rating__row-label").get_text(strip=True),
                    r.find(class_="kb-rating__percent").get_text(strip=True),
                    r.find("meter")["value"],
                )
                for r in rows
            ],
            [
                ("5 stars", "20%", "20"),
                ("4 stars", "80%", "80"),
                ("3 stars", "0%", "0"),
                ("2 stars", "0%", "0"),
                ("1 star", "0%", "0"),
            ],
        )
        textarea = form.find("textarea", attrs={"name": "comment"})
        label = form.find("label", attrs={"for": textarea["id"]})
        self.assertEqual(label.get_text(strip=True), "How can we improve this article?")
        self.assertEqual(textarea["maxlength"], "2000")
        box = textarea.find_parent(attrs={"data-kb-rating-feedback": True})
        self.assertTrue(box.has_attr("hidden"))
        script = card.find("script")
        self.assertTrue(script["src"].endswith("wagtail_kb/js/rating.js"))
        self.assertTrue(script.has_attr("defer"))
        self.assertEqual(card.find(attrs={"data-kb-rating-thanks": True}).get_text(strip=True), "")

    def test_no_votes_yet(self):
        card = self.card()
        self.assertFalse(card.find(attrs={"data-kb-rating-no-votes": True}).has_attr("hidden"))
        self.assertTrue(card.find(attrs={"data-kb-rating-has-votes": True}).has_attr("hidden"))

    def test_wording_comes_from_the_article_widget_then_the_site_default(self):
        site_default = RatingWidget.objects.create(
            name="Site",
            question="Did this help?",
            feedback_prompt="Tell us more",
            thank_you="Cheers!",
        )
        settings = KBSettings.for_site(self.home.get_site())
        settings.default_rating_widget = site_default
        settings.save()
        card = self.card(f"{self.article.url}?rated=4")
        self.assertEqual(card.find("h2").get_text(strip=True), "Did this help?")
        self.assertIn("Tell us more", card.get_text())
        self.assertIn("Cheers!", card.get_text())

        own = RatingWidget.objects.create(name="Tutorials", question="Was this tutorial clear?")
        self.article.rating_widget = own
        publish(self.article)
        card = self.card()
        self.assertEqual(card.find("h2").get_text(strip=True), "Was this tutorial clear?")
        self.assertIn("How can we improve this article?", card.get_text())  # blank → default

    def test_comment_policy(self):
        widget = RatingWidget.objects.create(name="Low", ask_for_comment="low")
        self.article.rating_widget = widget
        publish(self.article)

        def feedback_hidden(url):
            return self.card(url).find(attrs={"data-kb-rating-feedback": True}).has_attr("hidden")

        self.assertTrue(feedback_hidden(f"{self.article.url}?rated=5"))
        self.assertFalse(feedback_hidden(f"{self.article.url}?rated=3"))
        self.assertEqual(self.card()["data-kb-comment-policy"], "low")

        widget.ask_for_comment = "never"
        widget.save()
        self.assertIsNone(self.card(f"{self.article.url}?rated=1").find("textarea"))

    def test_bogus_rated_flag_is_ignored(self):
        for value in ("9", "x", "<script>"):
            card = self.card(f"{self.article.url}?rated={value}")
            self.assertEqual(card["data-kb-rated"], "")
            self.assertIsNone(card.find("input", attrs={"checked": True}))

    def test_no_card_when_ratings_are_off(self):
        self.article.ratings_enabled = False
        publish(self.article)
        response = self.client.get(self.article.url)
        self.assertNotIn("rating", response.context)
        self.assertIsNone(soup(response).find(id="rating"))


class QueryCountTests(RatingTestCase):
    def render_queries(self, article):
        Client().get(article.url)  # warm caches (table of contents, site root paths)
        with CaptureQueriesContext(connection) as queries:
            response = Client().get(article.url)
        self.assertEqual(response.status_code, 200)
        return [q["sql"] for q in queries.captured_queries]

    def test_rating_adds_a_constant_number_of_queries(self):
        small = self.article
        large = make_article(self.topic, "Popular article", body=[("paragraph", "<p>Text</p>")])
        add_votes(small, [4])
        add_votes(large, [1, 2, 3, 4, 5] * 40)
        self.assertEqual(RatingVote.objects.filter(article=large).count(), 200)
        small_queries = self.render_queries(small)
        large_queries = self.render_queries(large)
        self.assertEqual(len(small_queries), len(large_queries))
        # Warm, the summary comes from the cache: no query reads the votes.
        vote_queries = [q for q in large_queries if "wagtail_kb_ratingvote" in q]
        self.assertEqual(vote_queries, [])

    def test_rating_costs_no_query_when_warm_whatever_the_widget(self):
        # The wording (article's widget, else the site's) is cached until the tree changes, the
        # summary until the next vote.
        with_rating = len(self.render_queries(self.article))
        self.article.ratings_enabled = False
        publish(self.article)
        without = len(self.render_queries(self.article))
        self.assertEqual(with_rating - without, 0)

        self.article.ratings_enabled = True
        self.article.rating_widget = RatingWidget.objects.create(name="W")
        publish(self.article)
        self.assertEqual(len(self.render_queries(self.article)) - without, 0)

    def test_cached_summary_follows_every_vote(self):
        self.assertEqual(self.card_summary(), ("0.0", "No ratings yet."))
        for visitor, stars in enumerate((5, 3, 1)):
            Client(REMOTE_ADDR=f"192.0.2.{visitor}").post(self.rate_url, {"stars": stars})
        self.assertEqual(RatingVote.objects.count(), 3)
        self.assertEqual(self.card_summary()[0], "3.0")
        # Votes written around the endpoint show once the article's summary is let go.
        add_votes(self.article, [5, 5, 5])
        self.assertEqual(self.card_summary()[0], "3.0")
        ratings.votes_changed(self.article.pk)
        self.assertEqual(self.card_summary()[0], "4.0")

    def card_summary(self):
        page = soup(Client().get(self.article.url))
        average = page.select_one("[data-kb-rating-average]")
        return (
            average.get_text() if average else "",
            "No ratings yet." if "No ratings yet." in page.get_text() else "",
        )

    def test_summary_is_one_query(self):
        add_votes(self.article, [5, 5, 1])
        with self.assertNumQueries(1):
            summary = ratings.summarise(self.article)
        self.assertEqual(summary.count, 3)
        self.assertEqual(summary.average, 3.7)
        self.assertEqual(summary.percentages, {1: 33, 2: 0, 3: 0, 4: 0, 5: 67})
        self.assertEqual(summary.positive_percent, 67)
        with self.assertNumQueries(1):
            ratings.summarise_all_time_and_live(self.article)


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
