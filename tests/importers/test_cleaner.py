"""The rich-text writer and the body converter: allow-list output, nothing executable, editable."""

import re

from bs4 import BeautifulSoup
from django.test import SimpleTestCase
from hypothesis import example, given, settings
from hypothesis import strategies as st
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from wagtail_kb.blocks import ArticleBodyBlock
from wagtail_kb.blocks.text import PARAGRAPH_FEATURES
from wagtail_kb.importers.cleaner import Notes, clean_rich_text, safe_url
from wagtail_kb.importers.html_blocks import BodyConverter

ALLOWED_TAGS = {"p", "h3", "h4", "ul", "ol", "li", "blockquote", "b", "i", "code", "br", "a"}
ALLOWED_ATTRIBUTES = {"href", "linktype", "id"}


def assert_safe(test, html):
    """Only allowed tags and attributes, and no link a reader could not safely follow."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        test.assertIn(tag.name, ALLOWED_TAGS, html)
        test.assertLessEqual(set(tag.attrs), ALLOWED_ATTRIBUTES, html)
        if "href" in tag.attrs:
            href = re.sub(r"[\x00-\x20]", "", tag["href"]).lower()
            test.assertRegex(href, r"^(https?:|mailto:|tel:|/|#|\.|[^:]*$)", html)
    lowered = html.lower()
    for bad in ("<script", "<style", "<iframe", "javascript:", "vbscript:", "data:text", " on"):
        if bad == " on":
            test.assertNotRegex(lowered, r"<[^>]+\son\w+\s*=", html)
        else:
            test.assertNotIn(bad, lowered, html)


class CleanerTests(SimpleTestCase):
    def test_formatting_is_mapped_to_wagtail_rich_text(self):
        html = clean_rich_text(
            "<p><strong>Bold</strong>, <em>italic</em>, <kbd>Ctrl</kbd>, <u>plain</u>"
            ' and <a href="https://larkspur.example/a" target="_blank" class="x">a link</a>.</p>'
        )
        self.assertEqual(
            html,
            "<p><b>Bold</b>, <i>italic</i>, <code>Ctrl</code>, plain and "
            '<a href="https://larkspur.example/a">a link</a>.</p>',
        )

    def test_blocks_that_rich_text_holds(self):
        html = clean_rich_text(
            "<h4>Sub</h4><h5>Smaller</h5><blockquote><p>One</p><p>Two</p></blockquote>"
            "<ul><li>a<ul><li>b</li></ul></li></ul><ol><li><p>c</p></li></ol>"
        )
        self.assertEqual(
            html,
            "<h4>Sub</h4><h4>Smaller</h4><blockquote>One<br/>Two</blockquote>"
            "<ul><li>a<ul><li>b</li></ul></li></ul><ol><li>c</li></ol>",
        )

    def test_unsafe_links_keep_their_text_only(self):
        notes = Notes()
        html = clean_rich_text(
            '<a href="javascript:alert(1)">one</a> <a href=" JaVa&#x09;Script:x">two</a>'
            ' <a href="vbscript:x">three</a> <a href="//cdn.example/x">four</a>',
            notes,
        )
        self.assertEqual(html, '<p>one two three <a href="https://cdn.example/x">four</a></p>')
        self.assertEqual(notes.dropped["javascript: links"], 2)
        self.assertEqual(notes.dropped["vbscript: links"], 1)

    def test_active_content_is_dropped_with_its_text(self):
        notes = Notes()
        html = clean_rich_text(
            "<p>Kept</p><script>alert('x')</script><style>p{}</style>"
            "<form><input value=secret><button>Pay</button></form><svg><text>svg</text></svg>",
            notes,
        )
        self.assertEqual(html, "<p>Kept</p>")
        self.assertEqual(set(notes.dropped), {"script", "style", "form", "svg"})

    def test_entities_stay_text(self):
        html = clean_rich_text("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>")
        self.assertEqual(html, "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>")

    def test_links_to_imported_items(self):
        html = clean_rich_text(
            '<p><a href="/kb/plan/">Plan</a> <a href="/other/">Other</a></p>',
            link_for=lambda href: '<a linktype="page" id="7">' if href == "/kb/plan/" else None,
        )
        self.assertEqual(
            html, '<p><a linktype="page" id="7">Plan</a> <a href="/other/">Other</a></p>'
        )

    def test_output_survives_the_editor(self):
        """What the importer writes is what Draftail writes back: an editor can change it."""
        converter = ContentstateConverter(PARAGRAPH_FEATURES)
        html = clean_rich_text(
            "<h3>Title</h3><p>Text with <b>bold</b>, <i>italic</i>, <code>code</code>"
            ' and <a href="https://larkspur.example/">a link</a>.<br>Second line.</p>'
            "<ul><li>One</li><li>Two<ul><li>Nested</li></ul></li></ul><blockquote>Quote</blockquote>"
        )
        round_trip = converter.to_database_format(converter.from_database_format(html))
        # Draftail adds its own block keys; nothing else changes.
        self.assertEqual(re.sub(r' data-block-key="\w+"', "", round_trip), html)

    def test_safe_url(self):
        self.assertEqual(safe_url("https://a.example/x?y=1"), "https://a.example/x?y=1")
        self.assertEqual(safe_url("mailto:help@larkspur.example"), "mailto:help@larkspur.example")
        self.assertEqual(safe_url("../relative"), "../relative")
        for bad in (
            "javascript:alert(1)",
            "java\nscript:x",
            "data:text/html,x",
            "file:///etc/passwd",
        ):
            self.assertIsNone(safe_url(bad), bad)


HTML_PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<b>", "</b>", "<script>", "</script>", "<style>", "<a href='javascript:x'>",
        "<a href=\"https://ok.example\">", "</a>", "<img src=x onerror=alert(1)>", "<ul>", "<li>",
        "</ul>", "<ol>", "</ol>", "<table><tr><td>", "</td></tr></table>", "<iframe src=x>",
        "</iframe>", "<svg onload=alert(1)>", "<h2>", "</h2>", "<pre>", "</pre>", "[gallery]",
        "[tab]", "[/tab]", "<!-- wp:embed {\"url\":\"javascript:x\"} -->", "<figure>",
        "</figure>", "<blockquote>", "<br>", "&lt;script&gt;", "<div onclick='x'>", "</div>",
        "<a href=' jav&#x09;ascript:x'>", "<object data=x.swf>", "<p style='x'>", "\n\n",
        "https://www.youtube.com/watch?v=abcdefghijk", "<math>", "<noscript>", "<template>",
        "<a href=\"data:text/html,x\">", "<![CDATA[x]]>", "<?php echo 1; ?>", "<base href=x>",
    ]
)  # fmt: skip
FRAGMENTS = st.lists(st.one_of(HTML_PIECES, st.text(max_size=20)), max_size=40).map("".join)


class FuzzTests(SimpleTestCase):
    @settings(max_examples=100, deadline=None)
    @given(FRAGMENTS)
    def test_rich_text_is_always_safe(self, markup):
        assert_safe(self, clean_rich_text(markup))

    @settings(max_examples=100, deadline=None)
    @given(FRAGMENTS)
    @example("<h2>&lt;script&gt;")
    def test_bodies_are_always_safe(self, markup):
        conversion = BodyConverter().convert(markup)
        for block in conversion.blocks:
            value = block["value"]
            if block["type"] == "paragraph":
                assert_safe(self, value)
            elif block["type"] in ("highlights", "takeaways"):
                for item in value["items"]:
                    assert_safe(self, item)
            elif block["type"] == "table":
                for row in value["rows"]:
                    for cell in row:
                        assert_safe(self, cell)
            elif block["type"] in ("video", "deck"):
                self.assertRegex(value["url"] or "https:", r"^https?:")
            elif block["type"] == "heading":
                # Plain text: what the author wrote ("&lt;script&gt;" is the text "<script>"),
                # escaped when the block renders.
                rendered = ArticleBodyBlock().child_blocks["heading"].render(value)
                soup = BeautifulSoup(rendered, "html.parser")
                self.assertEqual([tag.name for tag in soup.find_all(True)], ["h2"], rendered)
                self.assertEqual(soup.h2.get_text(), value)
