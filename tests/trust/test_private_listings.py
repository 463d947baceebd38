"""Issue 10, item 1: listings show only public pages (no view restriction on them or above).

The rule, for every reader (anonymous or logged in, whatever restrictions they pass): a listing
(the home's topic grid and its counts, a topic's sub-topics, counts and articles, an article's
side list and previous/next, the search page's "Browse topics") shows only pages with no view
restriction on themselves or any ancestor. One cached entry then serves every audience.
"""

from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.utils import make_article, make_home, make_topic


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text_of(response, selector):
    return " ".join(n.get_text(" ", strip=True) for n in soup(response).select(selector))


def hrefs(response):
    return {a.get("href") for a in soup(response).select("a[href]")}


def restrict(page, kind):
    if kind == PageViewRestriction.PASSWORD:
        return PageViewRestriction.objects.create(page=page, restriction_type=kind, password="x1")
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind)
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get_or_create(name="Staff")[0])
    return restriction


KINDS = (PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD, PageViewRestriction.GROUPS)


class PrivateListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.billing = make_topic(cls.home, "Billing")
        cls.first = make_article(cls.billing, "Pay by card", intro="Cards welcome.")
        cls.secret = make_article(cls.billing, "Secret pricing", intro="Hidden intro text.")
        cls.last = make_article(cls.billing, "Refund rules")
        cls.vault = make_topic(cls.home, "Vault topic", intro="Vault intro.")
        cls.inner = make_article(cls.vault, "Inside the vault", intro="Vault article intro.")

    def setUp(self):
        cache.clear()

    def assert_hidden(self, response, *pages):
        body = response.content.decode()
        for page in pages:
            self.assertNotIn(page.title, body)
            self.assertNotIn(page.url, hrefs(response))
        self.assertNotIn("Hidden intro text.", body)

    def test_home_grid_and_counts_leave_out_each_restriction_kind(self):
        for kind in KINDS:
            with self.subTest(kind=kind):
                restriction = restrict(self.secret, kind)
                vault = restrict(self.vault, kind)
                response = self.client.get(self.home.url)
                self.assert_hidden(response, self.secret, self.vault, self.inner)
                self.assertIn("2 articles", text_of(response, ".kb-topic-card"))
                restriction.delete()
                vault.delete()
                response = self.client.get(self.home.url)
                self.assertIn("3 articles", text_of(response, ".kb-topic-card"))
                self.assertIn("Vault topic", response.content.decode())

    def test_topic_page_list_subtopics_and_counts(self):
        sub = make_topic(self.billing, "Sub hidden")
        make_article(sub, "Deep article")
        restrict(sub, PageViewRestriction.LOGIN)
        restrict(self.secret, PageViewRestriction.PASSWORD)
        response = self.client.get(self.billing.url)
        self.assert_hidden(response, self.secret, sub)
        self.assertNotIn("Deep article", response.content.decode())
        self.assertIn("Pay by card", response.content.decode())
        self.assertIn("Refund rules", response.content.decode())

    def test_subtopic_counts_count_only_public_articles(self):
        sub = make_topic(self.billing, "Open sub")
        make_article(sub, "Open one")
        hidden = make_article(sub, "Closed one")
        restrict(hidden, PageViewRestriction.LOGIN)
        response = self.client.get(self.billing.url)
        self.assertIn("1 article", text_of(response, ".kb-topic-card"))
        self.assertNotIn("2 articles", text_of(response, ".kb-topic-card"))

    def test_article_side_list_and_previous_next_skip_restricted(self):
        restrict(self.secret, PageViewRestriction.GROUPS)
        response = self.client.get(self.first.url)
        self.assert_hidden(response, self.secret)
        self.assertIn(self.last.url, hrefs(response))
        response = self.client.get(self.last.url)
        self.assert_hidden(response, self.secret)
        self.assertIn(self.first.url, hrefs(response))

    def test_logged_in_reader_who_passes_sees_the_same_public_listing(self):
        restrict(self.secret, PageViewRestriction.LOGIN)
        User.objects.create_user("reader", password="pw-123456")
        self.client.login(username="reader", password="pw-123456")
        self.assertEqual(self.client.get(self.secret.url).status_code, 200)
        self.assert_hidden(self.client.get(self.home.url), self.secret)
        self.assert_hidden(self.client.get(self.first.url), self.secret)

    def test_search_browse_topics_leave_out_private(self):
        restrict(self.vault, PageViewRestriction.LOGIN)
        restrict(self.secret, PageViewRestriction.LOGIN)
        for query in ("", "zzqqnothing"):
            with self.subTest(query=query):
                response = self.client.get(self.home.get_search_url(), {"q": query})
                self.assertEqual(response.status_code, 200)
                grid = text_of(response, ".kb-search-topics")
                self.assertIn("Billing", grid)
                self.assertNotIn("Vault topic", grid)
                self.assertNotIn("Inside the vault", grid)
                self.assertNotIn("Secret pricing", grid)

    def test_adding_and_removing_a_restriction_takes_effect_at_once(self):
        self.assertIn("Secret pricing", self.client.get(self.home.url).content.decode())
        self.assertIn("Secret pricing", self.client.get(self.first.url).content.decode())
        restriction = restrict(self.secret, PageViewRestriction.PASSWORD)
        self.assert_hidden(self.client.get(self.home.url), self.secret)
        self.assert_hidden(self.client.get(self.first.url), self.secret)
        self.assert_hidden(self.client.get(self.billing.url), self.secret)
        restriction.delete()
        self.assertIn("Secret pricing", self.client.get(self.home.url).content.decode())
        self.assertIn("Secret pricing", self.client.get(self.first.url).content.decode())

    def test_changing_a_restrictions_groups_takes_effect_at_once(self):
        restriction = restrict(self.secret, PageViewRestriction.GROUPS)
        self.client.get(self.home.url)
        restriction.restriction_type = PageViewRestriction.LOGIN
        restriction.save()
        self.assert_hidden(self.client.get(self.home.url), self.secret)
        # A groups change alone replaces the tree version too.
        from wagtail_kb.listing_cache import tree_version

        before = tree_version()
        restriction.groups.add(Group.objects.create(name="More"))
        self.assertNotEqual(before, tree_version())

    def test_query_counts_do_not_grow_with_restrictions_and_pages(self):
        def count(url):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(queries)

        restrict(self.secret, PageViewRestriction.LOGIN)
        urls = (self.home.url, self.billing.url, self.first.url)
        [count(url) for url in urls]  # Warm up the per-process caches (content types, sites).
        before = [count(url) for url in urls]
        # Each kind of restriction once more on an article and on a topic (with an article):
        # a query per restriction, per restricted page or per topic would show.
        for n in range(len(KINDS)):
            page = make_article(self.billing, f"More {n}")
            restrict(page, KINDS[n % 3])
            topic = make_topic(self.home, f"Private {n}")
            make_article(topic, f"Private article {n}")
            restrict(topic, KINDS[n % 3])
        self.assertEqual(before, [count(url) for url in urls])
