"""The rating endpoint under arbitrary form fields: no 500, nothing stored on refusal, no echo."""

import re

from django.core.cache import caches
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.fuzz import FUZZ, SENDABLE, assert_no_injected_markup, hostile_text
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import FeedbackComment, RatingVote

STARS = st.one_of(
    st.sampled_from(["1", "5", " 3 ", "0", "6", "-1", "+4", "4.0", "1e0", "3\x00", "", "ten"]),
    # Digits int() reads but a reader did not type as ASCII: full-width, Arabic-Indic,
    # Extended Arabic-Indic, Devanagari, Bengali (issue 10 item 11: never stars).
    st.sampled_from(["４", "１", "٤", "۴", "४", "৪", " ٣ ", "4\u0663", "５"]),
    st.text(st.sampled_from("12345١٢٣٤٥۱۲۳۴۵１２３４５४৪"), min_size=1, max_size=2),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.text(SENDABLE, max_size=12),
)
FIELDS = st.fixed_dictionaries(
    {"stars": STARS},
    optional={
        "comment": hostile_text(max_size=2100),
        "section": hostile_text(max_size=120),
        # A honeypot field, whatever its name, must never turn into a 500 or a stored row.
        "website": hostile_text(max_size=40),
        "email": hostile_text(max_size=40),
    },
)
ACCEPTS = st.sampled_from(["application/json", "text/html", "*/*", "", "application/xml;q=0.1"])
ORIGINS = st.sampled_from([None, "http://testserver", "https://evil.example", "null"])
ANSWERS = {200, 303, 400, 403, 404, 405, 429, 503}
HONEYPOT = "website"


class RatingEndpointFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_home()
        cls.article = make_article(
            make_topic(home, "Accounts"),
            "Reset your password",
            body=[("heading", "Ask for a link"), ("paragraph", "<p>Open the sign-in page.</p>")],
        )
        cls.url = cls.article.url + "rate/"

    def counts(self):
        return RatingVote.objects.count(), FeedbackComment.objects.count()

    @FUZZ
    @given(fields=FIELDS, accept=ACCEPTS, origin=ORIGINS)
    @example(fields={"stars": "4", "comment": "<kbx>hi</kbx>"}, accept="text/html", origin=None)
    @example(fields={"stars": "9", "comment": '"><kbx>'}, accept="text/html", origin=None)
    @example(fields={"stars": "2", "comment": "x" * 2001}, accept="text/html", origin=None)
    @example(fields={"stars": "４"}, accept="application/json", origin="http://testserver")
    @example(fields={"stars": "٤", "comment": "hi"}, accept="text/html", origin=None)
    @example(fields={"stars": "3", "website": "http://x"}, accept="*/*", origin=None)
    def test_any_form(self, fields, accept, origin):
        caches["default"].clear()  # rate limits start afresh for each example
        before = self.counts()
        headers = {"HTTP_ACCEPT": accept}
        if origin is not None:
            headers["HTTP_ORIGIN"] = origin
        response = self.client.post(self.url, fields, **headers)
        self.assertIn(response.status_code, ANSWERS)
        after = self.counts()
        if response.status_code >= 400:
            self.assertEqual(after, before, "a refused vote stored something")
        if fields.get(HONEYPOT, "").strip():
            self.assertEqual(after, before, "a filled honeypot stored something")
        if response.status_code in (200, 303) and after != before:
            # Only a whole number of stars from 1 to 5, as typed in ASCII, is ever stored.
            self.assertRegex(fields["stars"].strip(), r"^[1-5]$")
            vote = RatingVote.objects.get()
            self.assertEqual(vote.stars, int(fields["stars"].strip()))
        if response.status_code == 303:
            self.assertTrue(response["Location"].startswith(self.article.url))
        if response["Content-Type"].startswith("text/html"):
            assert_no_injected_markup(self, response.content.decode())
        # No header carries the reader's raw input.
        for value in response.headers.values():
            self.assertIsNone(re.search(r"[<>\r\n]", value))
