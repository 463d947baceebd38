"""Votes need no CSRF cookie: an Origin/Referer check protects them; other views keep CSRF."""

from django.core.checks import run_checks
from django.test import Client, TestCase, override_settings
from wagtail.models import Page

from tests.ratings.base import (
    CSRF_MIDDLEWARE,
    JSON,
    RATING_MIDDLEWARE,
    RatingTestCase,
    soup,
)
from tests.utils import publish, site_root
from wagtail_kb import ratings
from wagtail_kb.models import RatingVote


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
            action,
            {"stars": "5"},
            HTTP_REFERER=f"http://testserver{action[: -len('rate/')]}",
            **JSON,
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
