"""``safe_url`` on arbitrary text: what it lets through never reads as a dangerous scheme."""

import html
from urllib.parse import unquote, urlsplit

from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import FUZZ, SENDABLE
from wagtail_kb.url_safety import SAFE_SCHEMES, safe_url

DISGUISES = st.sampled_from(["", " ", "\t", "\n", "\r", "\x00", "\x0b", "&#9;", "&Tab;", "%09"])
DANGEROUS = st.sampled_from(["javascript", "data", "vbscript", "file", "blob", "jar"])
C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
COLONS = st.sampled_from([":", "&#58;", "&#x3a;", "&colon;", "%3a", "&amp;#58;", "："])


@st.composite
def disguised_scheme(draw):
    scheme = draw(DANGEROUS)
    letters = [(c.upper() if draw(st.booleans()) else c) + draw(DISGUISES) for c in scheme]
    return draw(DISGUISES) + "".join(letters) + draw(COLONS) + draw(st.text(SENDABLE, max_size=20))


def browser_scheme(url):
    """The scheme a browser (or a second HTML decoding) would read in ``url``."""
    for candidate in (url, html.unescape(url), unquote(html.unescape(url))):
        try:
            scheme = urlsplit(candidate.strip()).scheme.lower()
        except ValueError:
            return "?"
        if scheme and scheme not in SAFE_SCHEMES:
            return scheme
    return ""


class SafeUrlFuzzTests(SimpleTestCase):
    @FUZZ
    @given(url=disguised_scheme())
    def test_dangerous_schemes_never_pass(self, url):
        self.assertEqual(safe_url(url), "")

    @FUZZ
    @given(url=st.one_of(st.text(SENDABLE, max_size=60), disguised_scheme()))
    def test_what_passes_has_an_allowed_scheme_or_none(self, url):
        result = safe_url(url)
        if result:
            self.assertEqual(browser_scheme(result), "", result)
            # Browsers drop C0 controls and spaces at either end (not other Unicode spaces).
            self.assertEqual(result, result.strip(C0_AND_SPACE), result)
            self.assertNotRegex(result, r"[\t\n\r]")

    @FUZZ
    @given(
        scheme=st.sampled_from(["http", "https", "HTTPS", "mailto", "tel"]),
        rest=st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=40),
    )
    def test_allowed_schemes_pass_unchanged(self, scheme, rest):
        url = (
            f"{scheme}://example.com/{rest}"
            if scheme.lower().startswith("http")
            else f"{scheme}:{rest or 'x'}"
        )
        self.assertEqual(safe_url(url), url)
