"""Search never shows what a reader may not open (issue 10, items 1 and 9).

An article stays live when its topic (or a topic above it) is unpublished, and an alias of a
private article can sit in a public topic: neither may reach the results page, the instant
results (JSON), a "Did you mean" correction, the vocabulary corrections come from, or the
click-through. Every check goes through the reader's endpoints.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from tests.utils import make_article, make_topic, publish
from wagtail_kb.listing_cache import invalidate_listings
from wagtail_kb.models import KBSearchDocument, KBSearchVocabulary
from wagtail_kb.search.cache import forget_results
from wagtail_kb.search.indexing import rebuild

from .base import JSON, SearchTestCase, paragraph, result_titles, soup


class HiddenBranchTests(SearchTestCase):
    def vocabulary(self):
        return set(KBSearchVocabulary.objects.values_list("word", flat=True))

    def assert_found_nowhere(self, word, misspelt, article):
        response = self.search(word)
        self.assertEqual(result_titles(response), [])
        self.assertEqual(self.instant(word).json(), [])
        self.assertNotIn(word, self.vocabulary())
        # One letter off a hidden word: no "Did you mean" names it.
        response = self.search(misspelt)
        self.assertIsNone(soup(response).select_one(".kb-search-correction"))
        self.assertNotIn(word, response.content.decode())
        click = self.client.get(self.home.url + "search/go/", {"q": word, "to": article.pk})
        self.assertEqual(click.status_code, 404)

    def test_articles_under_an_unpublished_topic(self):
        make_article(self.topic, "Public kiwis", body=[paragraph("kiwis")])
        staff = make_topic(self.home, "Staff tools")
        article = make_article(staff, "Zebrafish handbook", body=[paragraph("zebrafish tanks")])
        self.assertEqual(result_titles(self.search("zebrafish")), ["Zebrafish handbook"])
        staff.unpublish()  # the topic only: its article stays live
        self.assertTrue(Page.objects.get(pk=article.pk).live)
        self.assert_found_nowhere("zebrafish", "zebrafsh", article)
        publish(staff)
        self.assertEqual(result_titles(self.search("zebrafish")), ["Zebrafish handbook"])
        self.assertIn("zebrafish", self.vocabulary())

    def test_articles_below_an_unpublished_parent_topic(self):
        outer = make_topic(self.home, "Internal")
        inner = make_topic(outer, "Payroll")
        article = make_article(inner, "Marmoset schedule", body=[paragraph("marmosets")])
        outer.unpublish()
        self.assert_found_nowhere("marmoset", "marmoest", article)

    def test_a_topic_unpublished_without_signals_is_still_left_out(self):
        # A data migration or a bulk update sets ``live`` without Wagtail's signals, then calls
        # invalidate_listings() as README says: the word index still holds the article, the
        # search leaves it out as it ranks (count included).
        staff = make_topic(self.home, "Back office")
        article = make_article(staff, "Axolotl rota", body=[paragraph("axolotls")])
        self.assertEqual(result_titles(self.search("axolotl")), ["Axolotl rota"])
        Page.objects.filter(pk=staff.pk).update(live=False)
        invalidate_listings()
        self.assertTrue(KBSearchDocument.objects.filter(page_id=article.pk).exists())
        response = self.search("axolotl")
        self.assertEqual(result_titles(response), [])
        self.assertEqual(response.context["result_count"], 0)
        self.assertEqual(self.instant("axolotl").json(), [])

    def test_rebuilding_the_index_leaves_hidden_branches_out(self):
        staff = make_topic(self.home, "Staff tools")
        make_article(staff, "Zebrafish handbook", body=[paragraph("zebrafish")])
        Page.objects.filter(pk=staff.pk).update(live=False)
        rebuild()
        self.assertNotIn("zebrafish", self.vocabulary())
        self.assertFalse(KBSearchDocument.objects.exists())


class AliasTests(SearchTestCase):
    """Wagtail applies the source's view restrictions to an alias: so does the search."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.private = make_topic(cls.home, "Managers")
        PageViewRestriction.objects.create(page=cls.private, restriction_type="login")
        cls.source = make_article(cls.private, "Okapi salaries", body=[paragraph("okapis")])
        cls.alias = cls.source.create_alias(parent=cls.topic, update_slug="okapi-salaries")

    def assert_hidden(self):
        self.assertEqual(result_titles(self.search("okapi")), [])
        self.assertEqual(self.instant("okapi").json(), [])
        self.assertNotIn("okapi", set(KBSearchVocabulary.objects.values_list("word", flat=True)))
        click = self.client.get(self.home.url + "search/go/", {"q": "o", "to": self.alias.pk})
        self.assertEqual(click.status_code, 404)

    def test_an_alias_of_a_private_article_is_not_found(self):
        # Publishing the source updates its aliases (Wagtail sends page_published for each).
        publish(self.source)
        self.assert_hidden()

    def test_nor_after_rebuilding_the_index(self):
        rebuild()
        self.assert_hidden()

    def test_an_alias_of_an_article_restricted_itself(self):
        source = make_article(self.topic, "Tapir budget", body=[paragraph("tapirs")])
        PageViewRestriction.objects.create(page=source, restriction_type="login")
        alias = source.create_alias(parent=self.topic, update_slug="tapir-budget-copy")
        publish(source)
        rebuild()
        self.assertEqual(result_titles(self.search("tapir")), [])
        self.assertEqual(self.instant("tapir").json(), [])
        click = self.client.get(self.home.url + "search/go/", {"q": "t", "to": alias.pk})
        self.assertEqual(click.status_code, 404)

    def test_an_alias_of_a_public_article_is_found(self):
        source = make_article(self.topic, "Quokka menu", body=[paragraph("quokkas")])
        other = make_topic(self.home, "Kitchen")
        source.create_alias(parent=other, update_slug="quokka-menu")
        rebuild()
        self.assertEqual(result_titles(self.search("quokka")), ["Quokka menu", "Quokka menu"])


class HiddenBranchQueryCountTests(SearchTestCase):
    """Leaving hidden branches out costs no query per search, however many there are."""

    def count(self, q, **extra):
        self.client.get(self.home.url + "search/", {"q": q}, **extra)  # warm caches
        forget_results()  # but not the search's own: the hidden branches are left out as it ranks
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.home.url + "search/", {"q": q}, **extra)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def add_hidden(self, number, start=0):
        for i in range(start, start + number):
            staff = make_topic(self.home, f"Staff {i}")
            make_article(staff, f"Walrus memo {i}", body=[paragraph("walrus colony")])
            staff.unpublish()

    def test_constant_as_hidden_branches_grow(self):
        make_article(self.topic, "Walrus guide", body=[paragraph("walrus colony")])
        self.add_hidden(1)
        before = (self.count("walrus"), self.count("walrus", **JSON))
        self.add_hidden(4, start=1)
        private = make_topic(self.home, "Board")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        make_article(private, "Walrus board", body=[paragraph("walrus")])
        self.assertEqual((self.count("walrus"), self.count("walrus", **JSON)), before)
        self.assertEqual(result_titles(self.search("walrus")), ["Walrus guide"])
