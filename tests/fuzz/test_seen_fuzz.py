"""The view beacon (``POST <article url>seen/``) under arbitrary headers, methods and bodies.

No 500; never more than one view counted per request, none for a refused one or a non-POST;
no cookie; the answer carries none of the input back (no body on 204, no header echo).
"""

import re

from django.core.cache import caches
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.fuzz import FUZZ, SENDABLE, hostile_text
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import ArticleRatingSummary, ArticleViewDay

HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=80)
USER_AGENTS = st.one_of(
    st.sampled_from(
        [
            "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36",
            "Googlebot/2.1",
            "",
            "curl/8.5.0",
        ]
    ),
    HEADER_TEXT,
)
PURPOSES = st.one_of(
    st.none(), st.sampled_from(["prefetch", "prefetch;prerender", "PREFETCH"]), HEADER_TEXT
)
ORIGINS = st.sampled_from([None, "http://testserver", "https://evil.example", "null", "x"])
METHODS = st.sampled_from(["post", "post", "post", "get", "put", "delete", "patch", "head"])
BODIES = st.dictionaries(
    st.text(SENDABLE, min_size=1, max_size=10), hostile_text(max_size=60), max_size=3
)
ANSWERS = {204, 400, 403, 405, 503}


class SeenEndpointFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.article = make_article(make_topic(home, "Accounts"), "Reset your password")
        cls.url = cls.article.url + "seen/"

    def views(self):
        days = sum(ArticleViewDay.objects.values_list("views", flat=True))
        summary = ArticleRatingSummary.objects.filter(article=self.article).first()
        return days, summary.views if summary else 0

    @FUZZ
    @given(
        method=METHODS,
        user_agent=USER_AGENTS,
        purpose=PURPOSES,
        origin=ORIGINS,
        body=BODIES,
        address=st.sampled_from(["192.0.2.1", "198.51.100.7", "", "::1"]),
    )
    @example(
        method="post",
        user_agent="Mozilla/5.0 Firefox/133.0",
        purpose=None,
        origin="http://testserver",
        body={},
        address="192.0.2.1",
    )
    def test_any_request(self, method, user_agent, purpose, origin, body, address):
        caches["default"].clear()
        before = self.views()
        headers = {"HTTP_USER_AGENT": user_agent, "REMOTE_ADDR": address}
        if purpose is not None:
            headers["HTTP_SEC_PURPOSE"] = purpose
        if origin is not None:
            headers["HTTP_ORIGIN"] = origin
        client = Client(enforce_csrf_checks=True)
        if method in ("get", "head"):
            response = getattr(client, method)(self.url, **headers)
        else:
            response = getattr(client, method)(self.url, body, **headers)
        self.assertIn(response.status_code, ANSWERS)
        after = self.views()
        self.assertEqual(after[0], after[1], "the daily totals and the summary disagree")
        self.assertIn(after[0] - before[0], (0, 1))
        if response.status_code != 204 or (purpose and "prefetch" in purpose.lower()):
            self.assertEqual(after, before)
        self.assertFalse(response.cookies)
        if response.status_code == 204:
            self.assertEqual(response.content, b"")
        for value in response.headers.values():
            self.assertIsNone(re.search(r"[<>\r\n]", value))
