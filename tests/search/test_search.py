"""KB search as readers see it: what is searched, ranking, snippets, pages and promotions."""

from unittest import mock

from django.core.cache import caches
from django.core.files.base import ContentFile
from django.test import override_settings
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site

from tests.database import SearchIndexTestCase
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import SearchLogEntry
from wagtail_kb.search import results

from .base import SearchTestCase, paragraph, result_titles, soup


class ScopeTests(SearchTestCase):
    def test_two_kbs_on_one_site_never_see_each_others_articles(self):
        other = make_home(title="Partner help", slug="partners")
        make_article(self.topic, "Wombat care for customers")
        make_article(make_topic(other, "Partners"), "Wombat care for partners")

        self.assertEqual(result_titles(self.search("wombat")), ["Wombat care for customers"])
        self.assertEqual(
            result_titles(self.search("wombat", home=other)), ["Wombat care for partners"]
        )
        self.assertEqual(
            [r["title"] for r in self.instant("wombat", home=other).json()],
            ["Wombat care for partners"],
        )

    def test_kbs_on_two_sites(self):
        root = Page.objects.get(depth=1)
        other = make_home(parent=root, title="Other site help", slug="other-help")
        Site.objects.create(hostname="other.example.com", port=80, root_page=other)
        make_article(self.topic, "Llama grooming here")
        make_article(make_topic(other, "Elsewhere"), "Llama grooming there")

        response = self.client.get("/search/", {"q": "llama"}, HTTP_HOST="other.example.com")
        self.assertEqual(result_titles(response), ["Llama grooming there"])
        self.assertEqual(result_titles(self.search("llama")), ["Llama grooming here"])

    def test_only_live_public_articles(self):
        make_article(self.topic, "Draft about ocelots", live=False)
        private_topic = make_topic(self.home, "Staff only")
        PageViewRestriction.objects.create(
            page=private_topic, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        make_article(private_topic, "Private ocelots")
        make_article(self.topic, "Public ocelots")
        self.assertEqual(result_titles(self.search("ocelots")), ["Public ocelots"])
        self.assertEqual([r["title"] for r in self.instant("ocelot").json()], ["Public ocelots"])

    def test_topics_are_not_results(self):
        make_topic(self.home, "Billing penguins")
        self.assertEqual(result_titles(self.search("penguins")), [])


class SearchableContentTests(SearchTestCase):
    def test_everything_an_article_says_is_searchable(self):
        Document = get_document_model()
        document = Document.objects.create(
            title="Quarterly aardvark report", file=ContentFile(b"%PDF-1.4", name="report.pdf")
        )
        video = {
            "heading": "",
            "url": "https://www.youtube.com/watch?v=x",
            "caption": "",
            "transcript": "",
        }
        deck = {"heading": "", "url": "https://example.com/deck", "document": None, "caption": ""}
        items = {"heading": "", "items": ["<p>filler</p>"]}
        fields = {
            "title": ("Title gnu", {}),
            "intro": ("Intro", {"intro": "Learn about the ibex."}),
            "rich text": ("Rich", {"body": [paragraph("A <b>yak</b> appears.")]}),
            "heading": ("Heading", {"body": [("heading", "Meet the tapir")]}),
            "highlights": (
                "Highlights",
                {"body": [("highlights", {**items, "items": ["<p>The okapi is shy</p>"]})]},
            ),
            "takeaways": (
                "Takeaways",
                {"body": [("takeaways", {**items, "items": ["<p>Remember the quokka</p>"]})]},
            ),
            "block heading": (
                "List heading",
                {"body": [("takeaways", {**items, "heading": "Numbat facts"})]},
            ),
            "video caption": (
                "Video caption",
                {"body": [("video", {**video, "caption": "A dingo runs"})]},
            ),
            "transcript": (
                "Transcript",
                {"body": [("video", {**video, "transcript": "Then we meet a wallaby."})]},
            ),
            "deck caption": (
                "Deck caption",
                {"body": [("deck", {**deck, "caption": "Koala slides"})]},
            ),
            "document title": (
                "Deck document",
                {"body": [("deck", {**deck, "url": "", "document": document})]},
            ),
            "callout": (
                "Callout",
                {
                    "body": [
                        ("callout", {"tone": "tip", "heading": "", "text": "<p>Mind the emu</p>"})
                    ]
                },
            ),
        }
        for name, (title, extra) in fields.items():
            make_article(self.topic, title, slug=name.replace(" ", "-"), **extra)

        expectations = {
            "gnu": "Title gnu",
            "ibex": "Intro",
            "yak": "Rich",
            "tapir": "Heading",
            "okapi": "Highlights",
            "quokka": "Takeaways",
            "numbat": "List heading",
            "dingo": "Video caption",
            "wallaby": "Transcript",
            "koala": "Deck caption",
            "aardvark": "Deck document",
            "emu": "Callout",
        }
        for word, title in expectations.items():
            with self.subTest(word=word):
                self.assertEqual(result_titles(self.search(word)), [title])
        # The snippet shows where the word was found, even in a document title.
        response = self.search("aardvark")
        self.assertIn(
            "Quarterly <mark>aardvark</mark> report",
            str(soup(response).select_one(".kb-search-result__snippet")),
        )


class AdminPageSearchTests(SearchIndexTestCase):
    # Wagtail's own page search goes through its search backend: InnoDB full text on
    # MariaDB/MySQL, which sees committed rows only (tests/database.py).
    def test_admin_page_search_finds_articles_by_body_text(self):
        from django.contrib.auth import get_user_model

        caches["default"].clear()
        topic = make_topic(make_home(title="Help centre", slug="help"), "Accounts")
        make_article(topic, "Reset your password", body=[paragraph("Ask the capybara.")])
        user = get_user_model().objects.create_superuser("admin", "a@example.com", "pw")
        self.client.force_login(user)
        response = self.client.get("/admin/pages/search/", {"q": "capybara"})
        self.assertContains(response, "Reset your password")


class RankingAndSnippetTests(SearchTestCase):
    def test_title_matches_rank_above_body_matches(self):
        make_article(
            self.topic,
            "All about billing",
            body=[paragraph("Refunds " * 40), paragraph("refund refund refunds")],
        )
        make_article(self.topic, "Refunds", body=[paragraph("How money comes back.")])
        make_article(self.topic, "Invoices", intro="When a refunds request is late.")
        titles = result_titles(self.search("refunds"))
        self.assertEqual(titles[0], "Refunds")
        self.assertCountEqual(titles, ["Refunds", "All about billing", "Invoices"])

    def test_result_shows_title_topic_snippet_and_date(self):
        article = make_article(
            self.topic,
            "Change your email",
            body=[paragraph("Open settings. " * 20 + "Type the new email address and confirm it.")],
        )
        result = soup(self.search("confirm")).select_one(".kb-search-result")
        self.assertEqual(
            result.select_one(".kb-search-result__title").get_text(strip=True), "Change your email"
        )
        topic_link = result.select_one(".kb-search-result__topic a")
        self.assertEqual((topic_link.get_text(), topic_link["href"]), ("Accounts", self.topic.url))
        snippet = result.select_one(".kb-search-result__snippet")
        self.assertEqual([m.get_text() for m in snippet.find_all("mark")], ["confirm"])
        self.assertTrue(snippet.get_text().startswith("…"))  # a window, not the whole body
        time = result.find("time")
        self.assertEqual(time["datetime"], article.last_published_at.date().isoformat())

    def test_snippet_is_escaped_before_highlighting(self):
        make_article(
            self.topic,
            "Markup",
            body=[
                (
                    "video",
                    {
                        "heading": "",
                        "url": "https://www.youtube.com/watch?v=x",
                        "caption": "",
                        "transcript": (
                            'Type <script>alert("mark")</script> & press <b>enter</b> mark'
                        ),
                    },
                )
            ],
        )
        html = str(soup(self.search("mark")).select_one(".kb-search-result__snippet"))
        self.assertNotIn("<script>", self.search("mark").content.decode())
        self.assertIn(
            '&lt;script&gt;alert("<mark>mark</mark>")&lt;/script&gt;', html.replace("&quot;", '"')
        )
        self.assertIn("&amp; press &lt;b&gt;enter&lt;/b&gt; <mark>mark</mark>", html)
        snippet = self.instant("mark").json()[0]["snippet"]
        self.assertNotIn("<script>", snippet)
        self.assertIn("&lt;script&gt;", snippet)

    def test_topic_is_empty_for_articles_directly_under_the_home(self):
        make_article(self.home, "Loose badger article")
        self.assertIsNone(self.instant("badger").json()[0]["topic"])
        self.assertIsNone(soup(self.search("badger")).select_one(".kb-search-result__topic"))


class PaginationTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for i in range(25):
            make_article(cls.topic, f"Guide {i:02d}", slug=f"guide-{i}", body=[paragraph("zebra")])

    @override_settings(WAGTAILKB_SEARCH_RESULTS_PER_PAGE=10)
    def test_many_matches_on_sqlite_are_listed_newest_first(self):
        # Wagtail's SQLite backend ranks in n² time: above SQLITE_RANKED_MATCHES matches the
        # other matches come most recently updated first. Forced here on any database.
        make_article(self.topic, "Zebra crossing rules", slug="zebra-title")
        with (
            mock.patch.object(results, "ranking_is_quadratic", return_value=True),
            mock.patch.object(results, "SQLITE_RANKED_MATCHES", 3),
        ):
            seen = []
            for number in (1, 2, 3):
                seen += result_titles(self.search("zebra", page=str(number)))
            instant = [r["title"] for r in self.instant("zebr").json()]
        self.assertEqual(seen[0], "Zebra crossing rules")
        self.assertEqual(len(seen), 26)
        self.assertEqual(len(set(seen)), 26)
        newest_first = [f"Guide {i:02d}" for i in reversed(range(25))]
        self.assertEqual(seen[1:], newest_first)
        self.assertEqual(instant[0], "Zebra crossing rules")
        self.assertEqual(len(instant), 6)

    @override_settings(WAGTAILKB_SEARCH_MAX_RESULTS=7, WAGTAILKB_SEARCH_RESULTS_PER_PAGE=5)
    def test_results_are_capped_and_title_matches_still_lead(self):
        title_match = make_article(self.topic, "Zebra crossing rules", slug="zebra-title")
        # The oldest article: listed newest first, it would not be among the first 7 matches.
        Page.objects.filter(pk=title_match.pk).update(
            last_published_at=timezone.now() - timezone.timedelta(days=3650)
        )
        with (
            mock.patch.object(results, "ranking_is_quadratic", return_value=True),
            mock.patch.object(results, "SQLITE_RANKED_MATCHES", 3),
        ):
            first = self.search("zebra")
            second = self.search("zebra", page="2")
        page = soup(first)
        self.assertIn(
            "More than 7 articles found", page.select_one(".kb-search-summary").get_text()
        )
        titles = result_titles(first) + result_titles(second)
        self.assertEqual(titles[0], "Zebra crossing rules")
        self.assertEqual(len(titles), 7)
        self.assertEqual(len(set(titles)), 7)
        self.assertIsNone(soup(second).select_one(".kb-pagination a[rel=next]"))

    @override_settings(WAGTAILKB_SEARCH_RESULTS_PER_PAGE=10)
    def test_pages_cover_every_result_once(self):
        first = self.search("zebra")
        page = soup(first)
        self.assertEqual(len(result_titles(first)), 10)
        self.assertIn("25 articles found", page.select_one(".kb-search-summary").get_text())
        next_link = page.select_one(".kb-pagination a[rel=next]")["href"]
        self.assertIn("q=zebra", next_link)
        seen = result_titles(first)
        for _ in (2, 3):
            response = self.client.get(self.home.url + "search/" + next_link)
            seen += result_titles(response)
            link = soup(response).select_one(".kb-pagination a[rel=next]")
            next_link = link["href"] if link else None
        self.assertEqual(len(seen), 25)
        self.assertEqual(len(set(seen)), 25)
        self.assertIsNone(next_link)

    def test_query_stays_in_the_box(self):
        response = self.search("zebra  crossing")
        self.assertEqual(soup(response).find(id="kb-search-input")["value"], "zebra crossing")

    def test_out_of_range_page_shows_the_last(self):
        response = self.search("zebra", page="999")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(result_titles(response)), 5)


class EmptyAndNoResultTests(SearchTestCase):
    def test_empty_query_shows_the_topics(self):
        make_topic(self.home, "Billing")
        make_article(self.topic, "Something")
        response = self.search("")
        self.assertEqual(response.status_code, 200)
        topics = [
            a.get_text() for a in soup(response).select(".kb-search-topics .kb-topic-card__title a")
        ]
        self.assertEqual(topics, ["Accounts", "Billing"])
        self.assertFalse(SearchLogEntry.objects.exists())

    def test_no_results_says_so_and_offers_helpful_articles_and_topics(self):
        older = make_article(self.topic, "Older article")
        make_article(self.topic, "Newer article")
        response = self.search("xylophone")
        page = soup(response)
        self.assertIn("No articles match your search", page.get_text())
        self.assertIn("Nothing was found for “xylophone”", page.get_text())
        suggested = [a.get_text() for a in page.select(".kb-search-empty .kb-article-list__link")]
        self.assertEqual(suggested, ["Newer article", "Older article"])  # no votes: newest first
        self.assertTrue(page.select(".kb-search-topics .kb-topic-card"))

        # With ratings, the best-rated article comes first.
        from wagtail_kb.models import RatingVote

        for i in range(5):
            RatingVote.objects.create(article=older, stars=5, visitor_hash=f"v{i}")
        # The order is cached for a few minutes; an unpublished article drops out at once.
        page = soup(self.search("xylophone"))
        suggested = [a.get_text() for a in page.select(".kb-search-empty .kb-article-list__link")]
        self.assertEqual(suggested, ["Newer article", "Older article"])
        caches["default"].clear()
        page = soup(self.search("xylophone"))
        suggested = [a.get_text() for a in page.select(".kb-search-empty .kb-article-list__link")]
        self.assertEqual(suggested, ["Older article", "Newer article"])
        older.unpublish()
        page = soup(self.search("xylophone"))
        suggested = [a.get_text() for a in page.select(".kb-search-empty .kb-article-list__link")]
        self.assertEqual(suggested, ["Newer article"])


class PromotionTests(SearchTestCase):
    def test_promoted_articles_come_first(self):
        make_article(self.topic, "Password basics", body=[paragraph("password")])
        promoted = make_article(self.topic, "Account recovery", body=[paragraph("Get back in.")])
        other_home = make_home(title="Elsewhere", slug="elsewhere")
        foreign = make_article(make_topic(other_home, "X"), "Foreign password tips")
        query = Query.get("Password")
        SearchPromotion.objects.create(query=query, page=foreign, sort_order=0)
        SearchPromotion.objects.create(query=query, page=promoted, sort_order=1)

        response = self.search("password")
        self.assertEqual(result_titles(response), ["Account recovery", "Password basics"])
        first = soup(response).select_one(".kb-search-result")
        self.assertIn("kb-search-result--promoted", first["class"])
        self.assertEqual(
            [r["title"] for r in self.instant("PASSWORD").json()][:1], ["Account recovery"]
        )
        self.assertTrue(self.instant("password").json()[0]["promoted"])

    def test_works_without_search_promotions(self):
        make_article(self.topic, "Password basics")
        real = results.apps.is_installed
        with mock.patch.object(
            results.apps,
            "is_installed",
            side_effect=lambda name: name != "wagtail.contrib.search_promotions" and real(name),
        ):
            self.assertEqual(result_titles(self.search("password")), ["Password basics"])
            self.assertEqual(len(self.instant("password").json()), 1)
