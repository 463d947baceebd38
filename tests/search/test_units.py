"""Query cleaning, highlighting and snippets on their own."""

import json
import re

from django.test import SimpleTestCase, TestCase
from django.utils import timezone
from hypothesis import example, given, settings
from hypothesis import strategies as st
from wagtail.rich_text import get_text_for_indexing

from tests.utils import make_article, make_home, make_topic
from wagtail_kb import search
from wagtail_kb.search import snippets
from wagtail_kb.search.text import rich_text_to_text


class UnitTests(TestCase):
    def test_clean_query(self):
        self.assertEqual(search.clean_query(" a\tb\x00c\n "), "a b c")
        self.assertEqual(search.clean_query(None), "")

    def test_rich_text_reads_as_wagtail_indexes_it(self):
        samples = [
            "<p>A <b>yak</b> appears.</p><p>Next</p>",
            "<h2>Title</h2><ul><li>one</li><li>two</li></ul>",
            "<p>line<br/>break and <i>in</i>word: in<i>side</i></p>",
            '<p><a href="/x" linktype="page" id="3">link</a> &amp; &lt;tag&gt;</p>',
            "<blockquote>Quote</blockquote><hr/>after",
        ]
        for html in samples:
            with self.subTest(html=html):
                self.assertEqual(
                    rich_text_to_text(html), " ".join(get_text_for_indexing(html).split())
                )
        self.assertEqual(rich_text_to_text("<p>a<br>b</p>"), "a b")  # Wagtail's editor writes <br/>

    def test_query_terms_strip_syntax(self):
        self.assertEqual(
            search.query_terms('"Foo" bar* -baz foo NEAR(x)'), ["foo", "bar", "baz", "near", "x"]
        )

    def test_highlight_escapes(self):
        pattern = search.snippets.term_pattern(["b"])
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
        home = make_home()
        article = make_article(
            make_topic(home, "Pets"), "Otter care", body=[("paragraph", "<p>Otters swim.</p>")]
        )
        hits = search.instant_results(home, "otter")
        self.assertEqual(
            json.loads(json.dumps([hit.as_json() for hit in hits])),
            [
                {
                    "id": article.pk,
                    "title": "Otter care",
                    "url": article.url,
                    "topic": "Pets",
                    "snippet": "<mark>Otters</mark> swim.",
                    "updated": timezone.localdate(article.last_published_at).isoformat(),
                    "promoted": False,
                }
            ],
        )


class SnippetMatchTests(SimpleTestCase):
    """The snippet's best text is found by ``str.find`` on lowered texts; the regular
    expression that highlights is the yardstick."""

    def snippet(self, texts, terms):
        return str(search.make_snippet(texts, terms, words=8))

    def test_a_term_inside_a_word_does_not_count(self):
        texts = ["The reuser and the abuser meet.", "Every user has a model of the world."]
        self.assertEqual(
            self.snippet(texts, ["user", "model"]),
            "Every <mark>user</mark> has a <mark>model</mark> of the world.",
        )

    def test_the_text_with_the_most_distinct_terms_wins(self):
        texts = ["model model model model.", "A custom model.", "A custom user model here."]
        self.assertEqual(
            self.snippet(texts, ["custom", "user", "model"]),
            "A <mark>custom</mark> <mark>user</mark> <mark>model</mark> here.",
        )

    def test_the_first_match_starts_the_window_after_an_underscore_word(self):
        text = "snake_user " + "pad " * 40 + "user end"
        snippet = self.snippet([text], ["user"])
        self.assertTrue(snippet.startswith("… "), snippet)
        self.assertIn("<mark>user</mark> end", snippet)

    def test_a_text_whose_length_changes_when_lowered_uses_the_pattern(self):
        # "İ".lower() is two characters: offsets in the lowered text would be off by one.
        texts = ["İİİ nothing here", "İstanbul users gather for the model meetup."]
        snippet = self.snippet(texts, ["user", "model"])
        self.assertIn("<mark>users</mark>", snippet)
        self.assertIn("<mark>model</mark>", snippet)

    @settings(max_examples=300, deadline=None)
    @example(texts=["ab cd"], terms=["ab", "cd"])
    @example(texts=["cd ab", "ab cd ba"], terms=["ab", "cd", "ba"])
    @example(texts=["", "x_ab ab", "1ab"], terms=["ab"])
    @given(
        texts=st.lists(
            st.text(alphabet="ab_ cdAB.-é1\n", min_size=0, max_size=40), min_size=1, max_size=6
        ),
        terms=st.lists(st.sampled_from(["ab", "cd", "ba", "é1", "abc", "d_"]), min_size=1),
    )
    def test_the_fast_path_agrees_with_the_pattern(self, texts, terms):
        # The yardstick: the highlighting pattern run over every text.
        pattern = snippets.term_pattern(terms)
        stems = {snippets.stem(term.lower()) for term in terms}
        expected, expected_first, best_score = None, 0, 0
        for text in texts:
            matches = list(pattern.finditer(text))
            found = {s for s in stems for m in matches if m.group(0).lower().startswith(s)}
            if len(found) > best_score:
                expected, expected_first, best_score = text, matches[0].start(), len(found)
        self.assertEqual(snippets._best_text(texts, terms, pattern), (expected, expected_first))


def reference_snippet(texts, terms, words):
    """The snippet as it was built before the narrow span (every word of the wide span
    split): the yardstick of ``SnippetWindowTests``."""
    pattern = snippets.term_pattern(terms)
    best, first_match = snippets._best_text(texts, terms, pattern)
    if best is None:
        best, first_match = (texts[0] if texts else ""), 0
    low = max(0, first_match - 40 * words)
    high = min(len(best), first_match + 40 * words)
    tokens = list(re.compile(r"\S+").finditer(best, low, high))
    if tokens and low > 0 and not best[low - 1].isspace():
        tokens = tokens[1:]  # cut through a word: not shown
    if tokens and high < len(best) and not best[high].isspace():
        tokens = tokens[:-1]
    if not tokens:
        return ""
    more_before = bool(best[: tokens[0].start()].strip())
    more_after = bool(best[tokens[-1].end() :].strip())
    index = next((i for i, t in enumerate(tokens) if t.end() > first_match), 0)
    start = max(0, index - words // 4)
    end = min(len(tokens), start + words)
    start = max(0, min(start, end - words))
    html = str(search.highlight(best[tokens[start].start() : tokens[end - 1].end()], pattern))
    if start > 0 or more_before:
        html = "… " + html
    if end < len(tokens) or more_after:
        html = html + " …"
    return html


class SnippetWindowTests(SimpleTestCase):
    """The window is read from a narrow span of characters first, and from the wide one only
    when the narrow one cannot decide it: the snippet is the one the wide span gives."""

    @settings(max_examples=400, deadline=None)
    @example(texts=["a " * 3 + "x" * 90 + " ab " + "cd " * 50], terms=["ab"], words=8)
    @example(texts=["ab " + "word " * 3], terms=["ab"], words=8)
    @example(texts=["lead " * 30 + "ab" + " tail" * 2], terms=["ab"], words=8)
    @given(
        texts=st.lists(
            st.text(alphabet="ab cdxyz\n\t.", min_size=0, max_size=600), min_size=1, max_size=3
        ),
        terms=st.lists(st.sampled_from(["ab", "cd", "xyz"]), min_size=1, max_size=2),
        words=st.integers(min_value=1, max_value=12),
    )
    def test_the_same_snippet_as_the_wide_span(self, texts, terms, words):
        self.assertEqual(
            str(search.make_snippet(texts, terms, words=words)),
            reference_snippet(texts, terms, words),
        )
