"""How a vote finds its article: by ``url_path`` within the request's site, without walking the
tree, and still through Wagtail's ``serve`` (its hooks, its view restrictions)."""

from unittest import mock

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction, Site

from tests.utils import make_article, make_home, make_topic, publish, site_root
from wagtail_kb import middleware
from wagtail_kb.models import RatingVote

JSON = {"HTTP_ACCEPT": "application/json", "HTTP_ORIGIN": "http://testserver"}
# What a new visitor's vote costs (issues 9 and 15): the article (one query; the site comes from
# the cached site records), the new-visitor count per address, then the transaction: BEGIN, the
# conditional insert, the summary row's increment returning the counts, COMMIT (savepoints
# inside a TestCase). A returning visitor's vote skips the count; changing a vote adds the
# locked read of the earlier stars and the vote's update to the insert that found it there.
# MySQL/MariaDB have no UPDATE … RETURNING: the summary row is read back after its update.
VOTE_QUERIES = 7 if connection.vendor == "mysql" else 6


def restrict(page, restriction_type, **fields):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, **fields
    )


class VoteRouteTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Wagtail's site root paths are cached: an earlier class's sites must not shape these URLs.
        cache.clear()
        cls.home = make_home()
        cls.topic = make_topic(cls.home, "Accounts")
        cls.article = make_article(cls.topic, "Reset your password")
        cls.rate_url = cls.article.url + "rate/"

    def setUp(self):
        cache.clear()


class VoteQueryTests(VoteRouteTestCase):
    def vote_queries(self, url):
        # Warm: site root paths, the KB settings row (created on first use), the rating wording.
        for _ in range(2):
            Client().post(url, {"stars": "3"}, **JSON)
        with CaptureQueriesContext(connection) as queries:
            response = Client().post(url, {"stars": "4"}, **JSON)
        self.assertEqual(response.status_code, 200)
        return [query["sql"] for query in queries.captured_queries]

    def test_a_vote_costs_a_fixed_small_number_of_queries(self):
        small = self.vote_queries(self.rate_url)
        # More sub-topics with articles beside the rated one (a query per sibling or per page
        # below the topic would show), and an article three levels down.
        for number in range(3):
            sub = make_topic(self.topic, f"Sub {number}", slug=f"sub-{number}")
            make_article(sub, f"Other {number}", slug=f"other-{number}")
        deep = make_article(make_topic(make_topic(self.topic, "Deeper"), "Deepest"), "Deep article")
        large = self.vote_queries(self.rate_url)
        self.assertEqual(len(small), len(large), large)
        self.assertEqual(len(self.vote_queries(deep.url + "rate/")), len(small))
        self.assertEqual(len(small), VOTE_QUERIES, small)
        # No site look-up, no aggregate over the article's votes (the summary row answers).
        self.assertFalse([q for q in small if "wagtailcore_site" in q])
        self.assertFalse([q for q in small if "AVG(" in q.upper()])
        # Neither the tree walk nor Wagtail's view-restriction look-up (the article's query
        # tells that no restriction applies).
        self.assertFalse([q for q in small if q.startswith('SELECT "wagtailcore_pageviewrestr')])

    def test_a_returning_visitor_voting_on_another_article_skips_the_count(self):
        client = Client()
        other = make_article(self.topic, "Change your email address")
        client.post(self.rate_url, {"stars": "2"}, **JSON)
        Client().post(other.url + "rate/", {"stars": "3"}, **JSON)  # warm: its summary row
        with CaptureQueriesContext(connection) as queries:
            response = client.post(other.url + "rate/", {"stars": "5"}, **JSON)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 2)
        sql = [query["sql"] for query in queries.captured_queries]
        self.assertFalse([q for q in sql if "COUNT(" in q.upper()])
        # MySQL/MariaDB read the earlier stars instead (INSERT IGNORE would deadlock racing
        # votes of one visitor): as many queries as a new visitor's vote.
        self.assertEqual(len(sql), VOTE_QUERIES - (connection.vendor != "mysql"), sql)

    def test_a_returning_visitor_changing_the_vote_costs_one_more(self):
        client = Client()
        client.post(self.rate_url, {"stars": "2"}, **JSON)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(self.rate_url, {"stars": "5"}, **JSON)
        self.assertEqual(response.status_code, 200)
        self.assertEqual((response.json()["count"], response.json()["distribution"]["2"]), (1, 0))
        self.assertEqual(
            len(queries.captured_queries), VOTE_QUERIES + (connection.vendor != "mysql")
        )

    def test_the_origin_is_checked_once(self):
        check = mock.Mock(wraps=middleware.origin_refusal)
        with (
            mock.patch("wagtail_kb.middleware.origin_refusal", check),
            mock.patch("wagtail_kb.views.ratings.origin_refusal", check),
        ):
            response = self.client.post(self.rate_url, {"stars": "4"}, **JSON)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(check.call_count, 1)


class VoteRouteTests(VoteRouteTestCase):
    def test_only_a_live_article_of_this_site_is_voted_on(self):
        make_article(self.topic, "Not yet", live=False)
        response = self.client.post("/help/accounts/not-yet/rate/", {"stars": "4"})
        self.assertEqual(response.status_code, 404)
        # The same path on another site's tree reaches nothing there.
        other_root = site_root().add_child(instance=Page(title="Other site", slug="other-root"))
        publish(other_root)
        Site.objects.create(hostname="other.test", root_page=other_root)
        response = self.client.post(self.rate_url, {"stars": "4"}, HTTP_HOST="other.test")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(RatingVote.objects.exists())

    def test_a_second_site_votes_on_its_own_article(self):
        other_root = site_root().add_child(instance=Page(title="Other site", slug="other-root"))
        publish(other_root)
        Site.objects.create(hostname="other.test", root_page=other_root)
        other = make_article(make_topic(make_home(other_root, slug="help"), "Accounts"), "Reset")
        response = Client().post(
            "/help/accounts/reset/rate/",
            {"stars": "2"},
            HTTP_HOST="other.test",
            HTTP_ACCEPT="application/json",
            HTTP_ORIGIN="http://other.test",
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            list(RatingVote.objects.values_list("article_id", "stars")), [(other.pk, 2)]
        )

    def test_before_serve_page_hooks_run(self):
        def closed(page, request, serve_args, serve_kwargs):
            return HttpResponse("Closed for maintenance", status=503)

        with hooks.register_temporarily("before_serve_page", closed):
            response = self.client.post(self.rate_url, {"stars": "4"}, **JSON)
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.content, b"Closed for maintenance")
        self.assertFalse(RatingVote.objects.exists())


class ViewRestrictionTests(VoteRouteTestCase):
    """Wagtail's view restrictions answer a vote as they answer the page."""

    def test_a_password_on_the_topic_asks_for_the_password(self):
        restriction = restrict(self.topic, PageViewRestriction.PASSWORD, password="opensesame")
        for url in (self.rate_url, self.article.url):
            with self.subTest(url=url):
                response = self.client.post(url, {"stars": "4"}, HTTP_ORIGIN="http://testserver")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'name="password"')
                self.assertNotContains(response, 'id="rating"')
        self.assertFalse(RatingVote.objects.exists())
        # Once the password is given, the vote counts.
        unlock = reverse(
            "wagtailcore_authenticate_with_password", args=[restriction.pk, self.article.pk]
        )
        self.client.post(unlock, {"password": "opensesame", "return_url": self.article.url})
        response = self.client.post(self.rate_url, {"stars": "4"}, **JSON)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(RatingVote.objects.count(), 1)

    def test_login_and_group_restrictions_send_to_the_login_page(self):
        group = Group.objects.create(name="Staff")
        for restriction_type in (PageViewRestriction.LOGIN, PageViewRestriction.GROUPS):
            with self.subTest(restriction_type=restriction_type):
                restriction = restrict(self.article, restriction_type)
                if restriction_type == PageViewRestriction.GROUPS:
                    restriction.groups.add(group)
                response = self.client.post(self.rate_url, {"stars": "4"}, **JSON)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("wagtailcore_login")))
                restriction.delete()
        self.assertFalse(RatingVote.objects.exists())

    def test_a_restriction_on_the_kb_home_covers_every_article(self):
        restrict(self.home, PageViewRestriction.LOGIN)
        self.assertEqual(self.client.get(self.article.url).status_code, 302)
        self.assertEqual(self.client.post(self.rate_url, {"stars": "1"}, **JSON).status_code, 302)
        self.assertFalse(RatingVote.objects.exists())

    def test_an_alias_gets_the_restrictions_of_its_source(self):
        restrict(self.topic, PageViewRestriction.PASSWORD, password="opensesame")
        alias = self.topic.create_alias(
            parent=self.home, update_slug="accounts-copy", recursive=True
        )
        alias_article = alias.get_children().get().specific
        for url in (alias_article.url, alias_article.url + "rate/"):
            with self.subTest(url=url):
                response = self.client.post(url, {"stars": "4"}, HTTP_ORIGIN="http://testserver")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'name="password"')
        self.assertFalse(RatingVote.objects.exists())
