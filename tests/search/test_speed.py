"""What makes a search fast may not change what it answers (issue 14, speed).

* The KB home's ``search/`` route is resolved by the KB's middleware in one query and handed
  to Wagtail, whose hooks still run: a view-restricted or unpublished KB home answers as
  before.
* A search's ranked results and hits are cached (``wagtail_kb.search.cache``): asked again, a
  search costs no search query, and nothing readers may not open can come out of the cache —
  after a restriction, an unpublished topic or article, a password one reader passed, a
  synonym, a promotion or a rebuilt index.
"""

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page, PageViewRestriction

from tests.database import SearchIndexTestCase
from tests.utils import make_article, make_home, make_topic, publish, site_root
from wagtail_kb.models import KBArticlePage, KBHomePage, KBSynonym
from wagtail_kb.search import search_articles
from wagtail_kb.search.cache import forget_results
from wagtail_kb.search.hits import topics_of
from wagtail_kb.search.indexing import rebuild

from .base import JSON, SearchHelpers, SearchTestCase, paragraph, result_titles, soup

PASSED = PageViewRestriction.passed_view_restrictions_session_key
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
# The results cache is on only when the rate-limit counters have a cache of their own.
SEPARATE_COUNTERS = override_settings(
    CACHES={
        "default": {"BACKEND": LOCMEM},
        "counters": {"BACKEND": LOCMEM, "LOCATION": "counters"},
    },
    WAGTAILKB_RATE_LIMIT_CACHE_ALIAS="counters",
)


def instant_titles(response):
    return [item["title"] for item in response.json()]


class CountingMixin:
    def setUp(self):
        super().setUp()
        caches["counters"].clear()

    def queries(self, q, home=None, **extra):
        home = home or self.home
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(home.url + "search/", {"q": q}, **extra)
        self.assertEqual(response.status_code, 200)
        return len(captured), response


@SEPARATE_COUNTERS
class RoutingTests(CountingMixin, SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_article(cls.topic, "Feeding otters", body=[paragraph("Otters eat fish.")])

    def test_the_search_route_costs_one_routing_query(self):
        self.search("otters")  # warm: sites, hidden branches, synonyms
        forget_results()
        cold, response = self.queries("otters")
        self.assertEqual(result_titles(response), ["Feeding otters"])
        # The home (routing), vocabulary, ranking, articles with their texts, topics, documents,
        # the log insert and its savepoint (inside a test's transaction): no site query, no
        # page-by-page routing, no view-restriction look-up.
        self.assertLessEqual(cold, 9)
        warm, response = self.queries("otters")
        self.assertEqual(result_titles(response), ["Feeding otters"])
        self.assertLessEqual(warm, 3, "the log insert in its savepoint; the home is cached")

    def test_without_the_middleware_wagtail_routes_it(self):
        middleware = [name for name in settings.MIDDLEWARE if "wagtail_kb" not in name]
        with override_settings(MIDDLEWARE=middleware):
            self.assertEqual(result_titles(self.search("otters")), ["Feeding otters"])
            self.assertEqual(instant_titles(self.instant("otter")), ["Feeding otters"])

    def test_a_login_restricted_home_sends_readers_to_log_in(self):
        PageViewRestriction.objects.create(
            page=self.home, restriction_type=PageViewRestriction.LOGIN
        )
        response = self.search("otters")
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

    def test_a_restriction_added_after_a_search_applies_to_the_next_one(self):
        self.assertEqual(result_titles(self.search("otters")), ["Feeding otters"])  # home cached
        PageViewRestriction.objects.create(
            page=self.home, restriction_type=PageViewRestriction.LOGIN
        )
        response = self.search("otters")
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

    def test_an_unpublished_home_has_no_search(self):
        self.search("otters")
        self.home.unpublish()
        self.assertEqual(self.search("otters").status_code, 404)
        self.assertEqual(self.instant("otters").status_code, 404)

    def test_a_home_below_another_page_and_its_click_through(self):
        section = site_root().add_child(instance=Page(title="Section", slug="section"))
        inner = make_home(parent=section, title="Inner help", slug="inner")
        make_article(make_topic(inner, "Pets"), "Otters at home", body=[paragraph("otters")])
        self.assertEqual(result_titles(self.search("otters", home=inner)), ["Otters at home"])
        article = KBArticlePage.objects.get(title="Otters at home")
        click = self.client.get(inner.url + "search/go/", {"q": "otters", "to": article.pk})
        self.assertEqual(click.status_code, 302)
        self.assertEqual(click["Location"], article.url)
        # Another KB's article is not this KB's to redirect to.
        other = KBArticlePage.objects.get(title="Feeding otters")
        click = self.client.get(inner.url + "search/go/", {"q": "otters", "to": other.pk})
        self.assertEqual(click.status_code, 404)


@SEPARATE_COUNTERS
class PasswordHomeTests(CountingMixin, SearchHelpers, SearchIndexTestCase):
    # A restricted KB home has no word index of its own: its search is the search backend's,
    # InnoDB full text on MariaDB/MySQL, which sees committed rows only (tests/database.py).
    def setUp(self):
        super().setUp()
        self.home = make_home(title="Help centre", slug="help")
        self.topic = make_topic(self.home, "Accounts")
        make_article(self.topic, "Feeding otters", body=[paragraph("Otters eat fish.")])

    def test_a_password_restricted_home_asks_for_its_password(self):
        restriction = PageViewRestriction.objects.create(
            page=self.home, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        for _ in range(2):  # the second time with every cache warm
            response = self.search("otters")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(result_titles(response), [])
            self.assertContains(response, 'name="password"')
            self.assertEqual(self.instant("otters").status_code, 200)
            self.assertNotContains(self.instant("otters"), "Feeding otters")
        session = self.client.session
        session[PASSED] = [restriction.pk]
        session.save()
        for _ in range(2):
            self.assertEqual(result_titles(self.search("otters")), ["Feeding otters"])
        restriction.delete()
        self.client.logout()  # a reader who never passed it
        self.assertEqual(result_titles(self.search("otters")), ["Feeding otters"])


@SEPARATE_COUNTERS
class ResultsCacheTests(CountingMixin, SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.public = make_article(cls.topic, "Public ocelots", body=[paragraph("ocelots run")])
        cls.staff = make_topic(cls.home, "Staff only")
        cls.private = make_article(cls.staff, "Private ocelots", body=[paragraph("ocelots hide")])

    def both(self, q="ocelots"):
        return result_titles(self.search(q)), instant_titles(self.instant(q))

    def test_asked_again_a_search_costs_no_search_query(self):
        cold, first = self.queries("Ocelots")
        warm, again = self.queries("  ocelots ")
        self.assertEqual(result_titles(again), result_titles(first))
        self.assertLess(warm, cold)
        cold_json, first = self.queries("ocelot", **JSON)
        warm_json, again = self.queries("ocelot", **JSON)
        self.assertEqual(again.json()[0]["title"], first.json()[0]["title"])
        self.assertNotEqual(again.json()[0]["token"], first.json()[0]["token"])  # per request
        self.assertLessEqual(warm_json, 1, "the home only")

    def test_a_restriction_added_after_a_search_hides_at_once(self):
        both = ["Private ocelots", "Public ocelots"]
        self.assertEqual(sorted(self.both()[0]), both)
        restriction = PageViewRestriction.objects.create(
            page=self.staff, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        self.assertEqual(self.both(), (["Public ocelots"], ["Public ocelots"]))
        restriction.delete()
        self.assertEqual(sorted(self.both()[0]), both)

    def test_a_reader_who_passed_a_password_gets_what_everybody_gets(self):
        restriction = PageViewRestriction.objects.create(
            page=self.staff, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        session = self.client.session
        session[PASSED] = [restriction.pk]
        session.save()
        # The private article opens for this reader, and search still leaves it out: it lists
        # only what every reader may open, so the entry this reader fills serves all alike.
        self.assertEqual(self.client.get(self.private.url).status_code, 200)
        self.assertEqual(self.both(), (["Public ocelots"], ["Public ocelots"]))
        self.client.logout()
        self.assertEqual(self.both(), (["Public ocelots"], ["Public ocelots"]))

    def test_unpublished_articles_and_topics_leave_at_once(self):
        self.assertEqual(len(self.both()[0]), 2)
        self.staff.unpublish()  # the topic: its article stays live
        self.assertEqual(self.both(), (["Public ocelots"], ["Public ocelots"]))
        publish(Page.objects.get(pk=self.staff.pk).specific)
        self.assertEqual(len(self.both()[0]), 2)
        KBArticlePage.objects.get(pk=self.public.pk).unpublish()
        self.assertEqual(self.both(), (["Private ocelots"], ["Private ocelots"]))

    def test_topics_come_from_the_listing_cache_until_the_tree_changes(self):
        def topics(q="ocelots run"):
            page = soup(self.search(q))
            return [
                (link.get_text(), link["href"])
                for link in page.select(".kb-search-result__topic a")
            ]

        self.assertIn((self.topic.title, self.topic.url), topics())
        articles = [KBArticlePage.objects.get(pk=self.public.pk)]
        request = RequestFactory().get("/", SERVER_NAME="localhost")
        caches["default"].clear()
        with self.assertNumQueries(3):  # the site, the root paths (both kept), the topic
            found = topics_of(articles, self.home, request)
        self.assertEqual(found, {self.topic.path: (self.topic.pk, "Accounts", self.topic.url)})
        with self.assertNumQueries(0):
            self.assertEqual(topics_of(articles, self.home, request), found)
        with self.assertNumQueries(1):  # on a new request: its site only, the topic is kept
            again = topics_of(
                articles, self.home, RequestFactory().get("/", SERVER_NAME="localhost")
            )
        self.assertEqual(again, found)
        # Renamed and moved: shown at once (the tree version changes).
        topic = Page.objects.get(pk=self.topic.pk).specific
        topic.title, topic.slug = "Wild cats", "wild-cats"
        publish(topic)
        topic.refresh_from_db()
        self.assertIn("/wild-cats/", topic.url)
        self.assertIn(("Wild cats", topic.url), topics())
        self.assertNotIn(self.topic.title, [title for title, _url in topics()])

    def test_a_draft_is_never_found_from_the_cache(self):
        self.both()
        make_article(self.topic, "Draft ocelots", body=[paragraph("ocelots")], live=False)
        self.assertNotIn("Draft ocelots", self.both()[0])

    def test_synonyms_and_promotions_apply_at_once(self):
        self.assertEqual(result_titles(self.search("jaguarundi")), [])
        KBSynonym.objects.create(terms="jaguarundi, ocelots", locale=Locale.get_default())
        self.assertEqual(len(result_titles(self.search("jaguarundi"))), 2)
        query = Query.get("ocelots")
        SearchPromotion.objects.create(query=query, page=self.private, sort_order=0)
        self.assertEqual(result_titles(self.search("ocelots"))[0], "Private ocelots")

    def test_a_rebuilt_index_is_read_at_once(self):
        # Pages changed without signals (``update()``), then ``kb_search_index`` as docs say.
        self.assertEqual(len(result_titles(self.search("ocelots"))), 2)
        KBArticlePage.objects.filter(pk=self.public.pk).update(title="Public margays")
        rebuild(self.home)
        self.assertEqual(result_titles(self.search("margays")), ["Public margays"])
        titles = result_titles(self.search("ocelots"))
        self.assertIn("Public margays", titles)  # its body still says ocelots

    @override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "kb": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kb"},
            "counters": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "counters",
            },
        },
        WAGTAILKB_CACHE_ALIAS="kb",
        WAGTAILKB_RATE_LIMIT_CACHE_ALIAS="counters",
    )
    def test_entries_go_to_the_listing_cache(self):
        caches["kb"].clear()
        caches["counters"].clear()
        self.both()

        def keys(alias):
            return [key for key in caches[alias]._cache if "search-results" in key]

        self.assertTrue(keys("kb"))
        self.assertEqual(keys("counters"), [])
        self.assertEqual(keys("default"), [])

    def assert_not_cached(self):
        self.search("ocelots")
        first, _ = self.queries("ocelots")
        again, response = self.queries("ocelots")
        self.assertEqual(first, again)
        self.assertEqual(len(result_titles(response)), 2)
        self.assertFalse([key for key in caches["default"]._cache if "search-results" in key])

    @override_settings(WAGTAILKB_SEARCH_CACHE_TIMEOUT=0)
    def test_the_cache_can_be_turned_off(self):
        self.assert_not_cached()

    @override_settings(WAGTAILKB_RATE_LIMIT_CACHE_ALIAS=None)
    def test_no_cache_while_the_counters_share_it(self):
        # Readers choose the keys: in the counters' cache, distinct searches would evict them.
        self.assert_not_cached()

    def test_cached_hits_load_their_pages_only_when_used(self):
        # As ``route_search`` loads it: with its view restriction flag.
        home = KBHomePage.objects.with_view_restriction_flags(self.home.depth).get(pk=self.home.pk)
        fresh = search_articles(home, "ocelots")[:10]
        with self.assertNumQueries(0):
            cached = search_articles(home, "ocelots")[:10]
        self.assertEqual([hit.pk for hit in cached], [hit.pk for hit in fresh])
        self.assertEqual([hit.snippet for hit in cached], [hit.snippet for hit in fresh])
        with self.assertNumQueries(1):  # a fresh page's articles load whole on use, at once
            intros = [hit.article.intro for hit in fresh]
        self.assertEqual(intros, [KBArticlePage.objects.get(pk=hit.pk).intro for hit in fresh])
        with self.assertNumQueries(1):  # every hit's article at once
            self.assertEqual([hit.article.title for hit in cached], [h.title for h in fresh])
        with self.assertNumQueries(1):  # a fresh page's topics load on use too, all at once
            fresh_topics = [hit.topic.title for hit in fresh]
        self.assertEqual(fresh_topics, [hit.topic_title for hit in fresh])
        with self.assertNumQueries(1):
            self.assertEqual([hit.topic.title for hit in cached], fresh_topics)
