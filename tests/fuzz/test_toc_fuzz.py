"""The table-of-contents builder on arbitrary HTML: no exception; heading ids unique and valid."""

import re

from bs4 import BeautifulSoup
from django.test import SimpleTestCase
from hypothesis import example, given
from hypothesis import strategies as st

from tests.fuzz import FUZZ, SENDABLE
from wagtail_kb.toc import RESERVED_IDS, RESERVED_PREFIX, build_toc

IDS = st.one_of(
    st.sampled_from(["intro", "intro", "toc", "main", "kb-x", "kb-header", "", " ", "a b", "1"]),
    st.text(SENDABLE, max_size=8),
)
TEXT = st.one_of(
    st.sampled_from(
        ["Intro", "intro", "Intro!", "Kb header", "", "  ", "Étape 1", "步骤", "-", "&amp;"]
    ),
    st.text(SENDABLE, max_size=20),
)
TAGS = st.sampled_from(["h1", "h2", "h3", "h4", "p", "div", "section", "span", "a", "details"])


def attribute(name, value):
    return f' {name}="{value.replace("&", "&amp;").replace(chr(34), "&quot;")}"'


@st.composite
def element(draw, children):
    tag = draw(TAGS)
    attrs = draw(st.none() | IDS)
    id_attr = attribute("id", attrs) if attrs is not None else ""
    inner = "".join(draw(st.lists(children, max_size=3)))
    return f"<{tag}{id_attr}>{inner}</{tag}>"


ESCAPED_TEXT = TEXT.map(lambda t: t.replace("&", "&amp;").replace("<", "&lt;"))
HTML = st.one_of(
    st.recursive(ESCAPED_TEXT, lambda children: element(children), max_leaves=12).map(str),
    st.lists(st.recursive(ESCAPED_TEXT, element, max_leaves=8), max_size=8).map("".join),
    st.text(SENDABLE, max_size=200),  # anything at all, markup or not
)


def flatten(entries):
    for entry in entries:
        yield entry
        yield from flatten(entry.children)


class TocFuzzTests(SimpleTestCase):
    @FUZZ
    @given(html=HTML)
    @example(html='<h2 id="toc">A</h2><h2>A</h2><p id="a">x</p><h3 id="a">A</h3>')
    @example(html='<h2 id="kb-header">Kb header</h2><h2 id="h-kb-header">x</h2>')
    @example(html='<h2 id="a b">Spaces</h2><h2 id="">Empty</h2><h2> </h2>')
    @example(html="<h2>Intro</h2><h2>Intro</h2><h2 id='intro-2'>Other</h2>")
    @example(html="<h3><h2>nested</h2></h3><h2")
    def test_any_html(self, html):
        out, entries, words = build_toc(html)
        self.assertIsInstance(words, int)
        soup = BeautifulSoup(out, "html.parser")
        all_ids = [tag["id"] for tag in soup.find_all(id=True)]
        listed = [entry.id for entry in flatten(entries)]
        # Every entry points at exactly one element, a heading of the body.
        self.assertEqual(len(listed), len(set(listed)))
        for entry_id in listed:
            self.assertEqual(all_ids.count(entry_id), 1, f"id {entry_id!r} in {out!r}")
            self.assertIn(soup.find(id=entry_id).name, ("h2", "h3"))
            # A valid HTML id: not empty, no whitespace; never one the templates use.
            self.assertTrue(entry_id)
            self.assertIsNone(re.search(r"[\t\n\f\r ]", entry_id), entry_id)
            self.assertNotIn(entry_id, RESERVED_IDS)
            self.assertFalse(entry_id.startswith(RESERVED_PREFIX), entry_id)
        # Every heading with text is listed, in document order.
        headings = [h for h in soup.find_all(["h2", "h3"]) if h.get_text(strip=True)]
        self.assertEqual(listed, [h["id"] for h in headings])
        # Nothing the builder did moved text around.
        self.assertEqual(BeautifulSoup(html, "html.parser").get_text(), soup.get_text())
