"""Query cleaning, highlighting and snippets on their own."""

import json

from django.test import TestCase

from wagtail_kb import search


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
