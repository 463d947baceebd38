"""Search queries and pagination parameters under arbitrary input: no 500, nothing unescaped."""

from django.core.cache import caches
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.fuzz import FUZZ, SENDABLE, assert_no_injected_markup, hostile_text
from tests.utils import make_article, make_home, make_topic

PAGES = st.one_of(
    st.sampled_from(["1", "2", "0", "-1", "last", "1e3", "٢", "２", "99999999999999999999", ""]),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.text(SENDABLE, max_size=10),
)
ANSWERS = {200, 400, 404}


class SearchFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.topic = make_topic(cls.home, "Accounts")
        for n in range(12):
            make_article(
                cls.topic,
                f"Password help {n}",
                slug=f"password-help-{n}",
                intro="How to reset a password when you forget it.",
                body=[("paragraph", "<p>Open the sign-in page and ask for a reset link.</p>")],
            )
        cls.search_url = cls.home.url + "search/"
        cls.article = cls.topic.get_children().first()

    def setUp(self):
        caches["default"].clear()

    @FUZZ
    @given(q=hostile_text(max_size=300), page=st.none() | PAGES)
    @example(q="password<kbx>", page="2")
    @example(q='password"><kbx>', page="-1")
    @example(q="<kbx>", page=None)
    @example(q="password", page="99999999999999999999")
    def test_results_page(self, q, page):
        params = {"q": q} if page is None else {"q": q, "page": page}
        response = self.client.get(self.search_url, params)
        self.assertIn(response.status_code, ANSWERS)
        assert_no_injected_markup(self, response.content.decode())

    @FUZZ
    @given(q=hostile_text(max_size=300), page=st.none() | PAGES)
    @example(q="password</script><kbx>", page=None)
    def test_instant_results(self, q, page):
        params = {"q": q} if page is None else {"q": q, "page": page}
        response = self.client.get(self.search_url, params, HTTP_ACCEPT="application/json")
        self.assertIn(response.status_code, ANSWERS)
        if response.status_code == 200:
            self.assertEqual(response["Content-Type"], "application/json")
            results = response.json()
            self.assertIsInstance(results, list)
            for result in results:
                # Snippets are HTML (with <mark>): whatever the reader typed is escaped there.
                assert_no_injected_markup(self, result.get("snippet", ""))
                assert_no_injected_markup(self, result.get("title_html", ""))

    @FUZZ
    @given(page=PAGES, extra=hostile_text(max_size=60))
    @example(page="2", extra='"><kbx>')
    def test_topic_pagination_and_article_parameters(self, page, extra):
        response = self.client.get(self.topic.url, {"page": page, "q": extra})
        self.assertIn(response.status_code, ANSWERS)
        assert_no_injected_markup(self, response.content.decode())
        response = self.client.get(
            self.article.url, {"rated": page, "commented": extra, "section": extra}
        )
        self.assertIn(response.status_code, ANSWERS)
        assert_no_injected_markup(self, response.content.decode())
