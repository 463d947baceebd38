"""Query cleaning, highlighting and snippets on their own."""

import json

from django.test import TestCase
from django.utils import timezone
from wagtail.rich_text import get_text_for_indexing

from tests.utils import make_article, make_home, make_topic
from wagtail_kb import search
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
