"""KB search as readers see it: results page, instant results, and the committed-search log."""

import json
import logging
from unittest import mock

from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site

from tests.utils import make_article, make_home, make_topic
from wagtail_kb import search
from wagtail_kb.models import KBArticlePage, SearchClick, SearchLogEntry

JSON = {"HTTP_ACCEPT": "application/json"}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def result_titles(response):
    return [
        " ".join(h.get_text().split()) for h in soup(response).select(".kb-search-result__title")
    ]


def paragraph(text):
    return ("paragraph", f"<p>{text}</p>")


class SearchTestCase(TestCase):
    def setUp(self):
        caches["default"].clear()
        self.home = make_home(title="Help centre", slug="help")
        self.topic = make_topic(self.home, "Accounts")

    def search(self, q, home=None, **params):
        home = home or self.home
        return self.client.get(home.url + "search/", {"q": q, **params})

    def instant(self, q, home=None):
        home = home or self.home
        return self.client.get(home.url + "search/", {"q": q}, **JSON)


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

    def test_admin_page_search_finds_articles_by_body_text(self):
        from django.contrib.auth import get_user_model

        make_article(self.topic, "Reset your password", body=[paragraph("Ask the capybara.")])
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
    def setUp(self):
        super().setUp()
        for i in range(25):
            make_article(self.topic, f"Guide {i:02d}", slug=f"guide-{i}", body=[paragraph("zebra")])

    @override_settings(WAGTAILKB_SEARCH_RESULTS_PER_PAGE=10)
    def test_many_matches_on_sqlite_are_listed_newest_first(self):
        # Wagtail's SQLite backend ranks in n² time: above SQLITE_RANKED_MATCHES matches the
        # other matches come most recently updated first. Forced here on any database.
        make_article(self.topic, "Zebra crossing rules", slug="zebra-title")
        with (
            mock.patch.object(search, "ranking_is_quadratic", return_value=True),
            mock.patch.object(search, "SQLITE_RANKED_MATCHES", 3),
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
            mock.patch.object(search, "ranking_is_quadratic", return_value=True),
            mock.patch.object(search, "SQLITE_RANKED_MATCHES", 3),
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


class InstantSearchTests(SearchTestCase):
    def test_json_shape(self):
        article = make_article(self.topic, "Install the desktop app", intro="Download it first.")
        response = self.instant("install")
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertIn("Accept", response["Vary"])
        data = response.json()
        self.assertEqual(len(data), 1)
        self.assertLessEqual({"title", "url", "topic", "snippet"}, set(data[0]))
        self.assertEqual(data[0]["title"], "Install the desktop app")
        self.assertEqual(data[0]["url"], article.url)
        self.assertEqual(data[0]["topic"], "Accounts")
        self.assertIsInstance(data[0]["snippet"], str)

    def test_word_prefixes_match(self):
        make_article(self.topic, "Installing the app")
        make_article(self.topic, "Printing", body=[paragraph("After reconfiguring the printer…")])
        self.assertEqual(
            [r["title"] for r in self.instant("instal").json()], ["Installing the app"]
        )
        self.assertEqual([r["title"] for r in self.instant("reconfig").json()], ["Printing"])
        self.assertEqual(self.instant("the instal").json()[0]["title"], "Installing the app")

    @override_settings(WAGTAILKB_SEARCH_INSTANT_RESULTS=3)
    def test_limited_and_title_matches_first(self):
        for i in range(5):
            make_article(self.topic, f"Note {i}", slug=f"n{i}", body=[paragraph("walrus facts")])
        make_article(self.topic, "Walrus basics", slug="walrus")
        data = self.instant("walr").json()
        self.assertEqual(len(data), 3)
        self.assertEqual(data[0]["title"], "Walrus basics")

    def test_title_matches_lead_even_beyond_the_pool(self):
        for i in range(5):
            make_article(self.topic, f"Note {i}", slug=f"n{i}", body=[paragraph("walrus facts")])
        title = make_article(self.topic, "Walrus basics", slug="walrus")
        Page.objects.filter(pk=title.pk).update(
            last_published_at=timezone.now() - timezone.timedelta(days=3650)
        )
        with (
            mock.patch.object(search, "INSTANT_POOL", 2),
            mock.patch.object(search, "ranking_is_quadratic", return_value=True),
            mock.patch.object(search, "SQLITE_RANKED_MATCHES", 0),
        ):
            data = self.instant("walr").json()
        self.assertEqual(data[0]["title"], "Walrus basics")
        self.assertEqual(len(data), 6)

    def test_browsers_get_html(self):
        make_article(self.topic, "Otter")
        response = self.client.get(
            self.home.url + "search/",
            {"q": "otter"},
            HTTP_ACCEPT="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        )
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")
        self.assertEqual(
            self.client.get(self.home.url + "search/", {"q": "otter"}, HTTP_ACCEPT="*/*")[
                "Content-Type"
            ],
            "text/html; charset=utf-8",
        )

    def test_empty_query_is_an_empty_list(self):
        self.assertEqual(self.instant("").json(), [])
        self.assertEqual(self.instant("   ").json(), [])

    def test_every_kb_page_offers_instant_search(self):
        article = make_article(self.topic, "Otter")
        for url in [self.home.url, self.topic.url, article.url, self.home.url + "search/?q=otter"]:
            page = soup(self.client.get(url))
            form = page.select_one("form.kb-search[data-kb-instant]")
            self.assertIsNotNone(form, url)
            self.assertEqual(form["action"], self.home.url + "search/")
            self.assertEqual(form.select_one("input#kb-search-input")["name"], "q")
            self.assertIsNotNone(
                page.select_one("script[src$='wagtail_kb/js/search.js'][defer]"), url
            )


class BadInputTests(SearchTestCase):
    NASTY = [
        "<script>alert(1)</script>",
        "' OR 1=1; DROP TABLE wagtailcore_page; --",
        '"unbalanced',
        "NEAR(a b) AND * OR -",
        "title:foo body:*",
        "a\x00b\x1bc\x07",
        "\u202e\u200b",
        "((((((",
        "%%%",
    ]

    def setUp(self):
        super().setUp()
        make_article(
            self.topic, "Alert settings", body=[paragraph("Drop shipping or table booking.")]
        )

    def test_nasty_queries_are_harmless(self):
        for query in self.NASTY:
            with self.subTest(query=query):
                response = self.search(query)
                self.assertEqual(response.status_code, 200)
                html = response.content.decode()
                self.assertNotIn("<script>alert(1)</script>", html)
                self.assertEqual(self.instant(query).status_code, 200)
        self.assertTrue(Page.objects.exists())
        response = self.search("<script>alert(1)</script>")
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", response.content.decode())
        self.assertEqual(
            soup(response).find(id="kb-search-input")["value"], "<script>alert(1)</script>"
        )
        # SQL-looking text is just words: it finds what those words find.
        self.assertEqual(result_titles(self.search("drop table")), ["Alert settings"])

    def test_control_characters_are_dropped(self):
        response = self.search("alert\x00\x1b settings")
        self.assertEqual(soup(response).find(id="kb-search-input")["value"], "alert settings")
        self.assertEqual(result_titles(response), ["Alert settings"])

    @override_settings(WAGTAILKB_SEARCH_QUERY_MAX_LENGTH=50)
    def test_overlong_query_is_cut(self):
        response = self.search("alert " + "x" * 5000)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(soup(response).find(id="kb-search-input")["value"]), 50)
        self.assertEqual(self.instant("alert " + "x" * 5000).status_code, 200)

    def test_odd_parameters(self):
        for params in [{"page": "-1"}, {"page": "abc"}, {"page": "1e9"}, {"e": "forged"}]:
            with self.subTest(params=params):
                self.assertEqual(self.search("alert", **params).status_code, 200)
        response = self.client.get(self.home.url + "search/?q=alert&q=other")
        self.assertEqual(response.status_code, 200)


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
        real = search.apps.is_installed
        with mock.patch.object(
            search.apps,
            "is_installed",
            side_effect=lambda name: name != "wagtail.contrib.search_promotions" and real(name),
        ):
            self.assertEqual(result_titles(self.search("password")), ["Password basics"])
            self.assertEqual(len(self.instant("password").json()), 1)


class LoggingTests(SearchTestCase):
    def setUp(self):
        super().setUp()
        self.article = make_article(self.topic, "Export your data", body=[paragraph("CSV export")])
        self.other_home = make_home(title="Other", slug="other")
        self.foreign = make_article(make_topic(self.other_home, "T"), "Export elsewhere")

    def test_instant_requests_log_nothing(self):
        for prefix in ["ex", "exp", "expo", "expor", "export"]:
            self.instant(prefix)
        self.assertFalse(SearchLogEntry.objects.exists())

    def test_results_page_logs_the_normalised_query(self):
        self.search("  Export   DATA ")
        entry = SearchLogEntry.objects.get()
        self.assertEqual(
            (entry.query, entry.result_count, entry.kb_id, entry.source, entry.opened),
            ("export data", 1, self.home.pk, "page", False),
        )
        self.assertEqual(entry.searched_on, timezone.localdate())
        fields = {f.name for f in SearchLogEntry._meta.get_fields()} | {
            f.name for f in SearchClick._meta.get_fields()
        }
        self.assertFalse(fields & {"ip", "ip_address", "user", "user_agent", "session"})
        self.search("nothing here")
        self.assertEqual(SearchLogEntry.objects.get(query="nothing here").result_count, 0)

    def test_log_rows_stay_out_of_the_reference_index(self):
        from wagtail.models import ReferenceIndex

        before = ReferenceIndex.objects.count()
        link = soup(self.search("export")).select_one(".kb-search-result__title a")["href"]
        self.client.get(link)
        self.assertEqual(SearchClick.objects.count(), 1)
        self.assertEqual(ReferenceIndex.objects.count(), before)

    def test_paging_is_not_a_new_search(self):
        for i in range(12):
            make_article(self.topic, f"Export {i}", slug=f"export-{i}")
        first = self.search("export")
        next_link = soup(first).select_one(".kb-pagination a[rel=next]")["href"]
        self.client.get(self.home.url + "search/" + next_link)
        self.assertEqual(SearchLogEntry.objects.count(), 1)

    def test_click_through_records_the_opened_result(self):
        response = self.search("export")
        link = soup(response).select_one(".kb-search-result__title a")["href"]
        self.assertTrue(link.startswith(self.home.url + "search/go/?"))
        response = self.client.get(link)
        self.assertRedirects(response, self.article.url, fetch_redirect_response=False)
        entry = SearchLogEntry.objects.get()
        self.assertTrue(entry.opened)
        click = SearchClick.objects.get()
        self.assertEqual(
            (click.entry_id, click.page_id, click.position), (entry.pk, self.article.pk, 1)
        )

    def test_committed_instant_search_is_logged_with_its_click(self):
        url = f"{self.home.url}search/go/?q=Expo&to={self.article.pk}&p=1&n=3"
        response = self.client.get(url)
        self.assertRedirects(response, self.article.url, fetch_redirect_response=False)
        entry = SearchLogEntry.objects.get()
        self.assertEqual(
            (entry.query, entry.source, entry.result_count, entry.opened),
            ("expo", "instant", 3, True),
        )
        self.assertEqual(SearchClick.objects.get().page_id, self.article.pk)

    def test_click_through_refuses_foreign_targets(self):
        topic_page = self.topic
        for target in [
            self.foreign.pk,
            topic_page.pk,
            self.home.pk,
            999999,
            "abc",
            "",
            "https://evil.example",
        ]:
            with self.subTest(target=target):
                response = self.client.get(
                    self.home.url + "search/go/", {"q": "export", "to": target}
                )
                self.assertEqual(response.status_code, 404)
        response = self.client.get(
            self.home.url + "search/go/",
            {"q": "x", "to": self.article.pk, "next": "https://evil.example"},
        )
        self.assertEqual(response["Location"], self.article.url)
        self.assertFalse(SearchClick.objects.filter(page_id=self.foreign.pk).exists())
        self.assertEqual(SearchLogEntry.objects.count(), 1)  # the one valid click above

    def test_forged_or_foreign_token_logs_nothing(self):
        self.search("export", home=self.other_home)
        foreign_link = soup(self.search("export", home=self.other_home)).select_one(
            ".kb-search-result__title a"
        )["href"]
        token = dict(pair.split("=", 1) for pair in foreign_link.split("?", 1)[1].split("&"))["e"]
        before = SearchLogEntry.objects.count()
        for bad in ["1:forged", token]:
            response = self.client.get(
                self.home.url + "search/go/", {"q": "export", "to": self.article.pk, "e": bad}
            )
            self.assertEqual(response.status_code, 302)
        self.assertEqual(SearchLogEntry.objects.count(), before)
        self.assertFalse(SearchClick.objects.exists())

    @override_settings(WAGTAILKB_SEARCH_ANALYTICS=False)
    def test_analytics_off(self):
        response = self.search("export")
        self.assertEqual(
            soup(response).select_one(".kb-search-result__title a")["href"], self.article.url
        )
        self.client.get(self.home.url + "search/go/", {"q": "export", "to": self.article.pk})
        self.assertFalse(SearchLogEntry.objects.exists())
        self.assertFalse(SearchClick.objects.exists())

    def test_logging_failure_does_not_fail_the_answer(self):
        with (
            mock.patch.object(
                SearchLogEntry.objects, "create", side_effect=DatabaseError("disk full")
            ),
            self.assertLogs("wagtail_kb.search", logging.ERROR) as logs,
        ):
            response = self.search("export")
            go = self.client.get(
                self.home.url + "search/go/", {"q": "export", "to": self.article.pk}
            )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(result_titles(response), ["Export your data"])
        # Without a logged search the results link straight to the article.
        self.assertEqual(
            soup(response).select_one(".kb-search-result__title a")["href"], self.article.url
        )
        self.assertEqual(go.status_code, 302)
        self.assertEqual(len(logs.records), 2)
        self.assertIn("disk full", logs.output[0])
        # The database connection is still usable after the failed insert.
        self.assertEqual(self.search("export").status_code, 200)
        self.assertEqual(SearchLogEntry.objects.count(), 1)

    def test_real_database_error_is_contained(self):
        def broken_insert(**kwargs):
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM wagtail_kb_no_such_table")

        # A real failing statement: on PostgreSQL it aborts the transaction, so the rest of the
        # request (topics, template) only works because logging ran in a savepoint.
        with (
            mock.patch.object(SearchLogEntry.objects, "create", side_effect=broken_insert),
            self.assertLogs("wagtail_kb.search", logging.ERROR),
        ):
            response = self.search("export")
            nothing = self.search("nothing at all")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(result_titles(response), ["Export your data"])
        self.assertContains(nothing, "No articles match your search")
        self.assertTrue(KBArticlePage.objects.exists())

    def test_responses_are_not_shared_cached(self):
        response = self.search("export")
        self.assertIn("private", response["Cache-Control"])
        self.assertEqual(response["X-Robots-Tag"], "noindex")


class ConstantQueryTests(SearchTestCase):
    def setUp(self):
        super().setUp()
        topics = [self.topic, make_topic(self.home, "Billing"), make_topic(self.home, "Security")]
        Document = get_document_model()
        document = Document.objects.create(
            title="Manual", file=ContentFile(b"%PDF-1.4", name="manual.pdf")
        )
        deck = {"heading": "", "url": "", "document": document, "caption": "Slides"}
        for i in range(25):
            make_article(
                topics[i % 3],
                f"Backup guide {i}" if i % 2 else f"Guide {i}",
                slug=f"guide-{i}",
                body=[paragraph("How to backup your files."), ("deck", deck)],
            )

    def count(self, url, **extra):
        self.client.get(url, **extra)  # warm caches (site root paths, settings)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, **extra)
        self.assertEqual(response.status_code, 200)
        return len(queries), response

    def test_results_page_queries_do_not_grow_with_page_size(self):
        url = self.home.url + "search/?q=backup"
        with override_settings(WAGTAILKB_SEARCH_RESULTS_PER_PAGE=5):
            small, response = self.count(url)
            self.assertEqual(len(result_titles(response)), 5)
        with override_settings(WAGTAILKB_SEARCH_RESULTS_PER_PAGE=20):
            large, response = self.count(url)
            self.assertEqual(len(result_titles(response)), 20)
        self.assertEqual(small, large)
        self.assertLessEqual(small, 25, "query budget of the results page")

    def test_instant_results_queries_do_not_grow_with_the_limit(self):
        url = self.home.url + "search/?q=backup"
        with override_settings(WAGTAILKB_SEARCH_INSTANT_RESULTS=3):
            small, response = self.count(url, **JSON)
            self.assertEqual(len(response.json()), 3)
        with override_settings(WAGTAILKB_SEARCH_INSTANT_RESULTS=15):
            large, response = self.count(url, **JSON)
            self.assertEqual(len(response.json()), 15)
        self.assertEqual(small, large)


class PruneCommandTests(TestCase):
    def setUp(self):
        self.home = make_home()
        self.article = make_article(make_topic(self.home, "T"), "A")
        today = timezone.localdate()
        for days in (0, 10, 100, 400):
            entry = SearchLogEntry.objects.create(
                kb=self.home,
                query=f"q{days}",
                result_count=1,
                searched_on=today - timezone.timedelta(days=days),
            )
            SearchClick.objects.create(entry=entry, page=self.article)

    def remaining(self):
        return sorted(SearchLogEntry.objects.values_list("query", flat=True))

    def test_default_retention(self):
        call_command("kb_prune_search_log", stdout=open("/dev/null", "w"))
        self.assertEqual(self.remaining(), ["q0", "q10", "q100"])
        self.assertEqual(SearchClick.objects.count(), 3)

    @override_settings(WAGTAILKB_SEARCH_LOG_RETENTION_DAYS=30)
    def test_setting_and_option(self):
        call_command("kb_prune_search_log", "--dry-run", stdout=open("/dev/null", "w"))
        self.assertEqual(len(self.remaining()), 4)
        call_command("kb_prune_search_log", stdout=open("/dev/null", "w"))
        self.assertEqual(self.remaining(), ["q0", "q10"])
        call_command("kb_prune_search_log", "--days", "5", stdout=open("/dev/null", "w"))
        self.assertEqual(self.remaining(), ["q0"])


class UnitTests(TestCase):
    def test_clean_query(self):
        self.assertEqual(search.clean_query(" a\tb\x00c\n "), "a b c")
        self.assertEqual(search.clean_query(None), "")

    def test_query_terms_strip_syntax(self):
        self.assertEqual(
            search.query_terms('"Foo" bar* -baz foo NEAR(x)'), ["foo", "bar", "baz", "near", "x"]
        )

    def test_highlight_escapes(self):
        pattern = search._term_pattern(["b"])
        self.assertEqual(
            str(search.highlight("<b>b & c</b>", pattern)),
            "&lt;<mark>b</mark>&gt;<mark>b</mark> &amp; c&lt;/<mark>b</mark>&gt;",
        )

    def test_snippet_window(self):
        text = (
            " ".join(f"w{i}" for i in range(100))
            + " target "
            + " ".join(f"v{i}" for i in range(100))
        )
        snippet = str(search.make_snippet([text], ["target"], words=10))
        self.assertIn("<mark>target</mark>", snippet)
        self.assertTrue(snippet.startswith("… ") and snippet.endswith(" …"))
        self.assertEqual(len(snippet.replace("<mark>", "").replace("</mark>", "").split()), 12)

    def test_json_of_hits_is_serialisable(self):
        self.assertEqual(json.loads(json.dumps([])), [])
