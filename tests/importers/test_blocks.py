"""HTML → body blocks (the mapping rules README lists), and the table and code blocks."""

from django.test import SimpleTestCase, TestCase

from tests.utils import make_article, make_home
from wagtail_kb.blocks import ArticleBodyBlock, CodeBlock, TableBlock
from wagtail_kb.importers.html_blocks import BodyConverter


def convert(html, **resolvers):
    return BodyConverter(**resolvers).convert(html)


def types(html, **resolvers):
    return [block["type"] for block in convert(html, **resolvers).blocks]


class MappingTests(SimpleTestCase):
    def test_heading_followed_by_lists(self):
        blocks = convert(
            "<h2>Good</h2><ul><li>a</li><li><b>b</b></li></ul><h2>Do</h2><ol><li>c</li></ol>"
        )
        self.assertEqual(
            blocks.blocks,
            [
                {
                    "type": "highlights",
                    "value": {"heading": "Good", "items": ["<p>a</p>", "<p><b>b</b></p>"]},
                },
                {"type": "takeaways", "value": {"heading": "Do", "items": ["<p>c</p>"]}},
            ],
        )

    def test_a_nested_list_stays_rich_text(self):
        self.assertEqual(
            types("<h2>H</h2><ul><li>a<ul><li>b</li></ul></li></ul>"), ["heading", "paragraph"]
        )

    def test_lists_without_heading_stay_rich_text(self):
        self.assertEqual(types("<p>Intro</p><ul><li>a</li></ul>"), ["paragraph"])

    def test_block_editor_embed(self):
        html = (
            '<!-- wp:embed {"url":"https://vimeo.com/76979871","type":"video"} -->'
            '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">'
            "https://vimeo.com/76979871</div><figcaption>Tour</figcaption></figure>"
            "<!-- /wp:embed -->"
        )
        [block] = convert(html).blocks
        self.assertEqual(block["type"], "video")
        self.assertEqual(block["value"]["url"], "https://vimeo.com/76979871")
        self.assertEqual(block["value"]["caption"], "Tour")

    def test_iframes(self):
        cases = {
            "https://www.youtube.com/embed/abcdefghijk?start=5": ("video", "https://www.youtube.com/watch?v=abcdefghijk&t=5"),
            "https://www.youtube-nocookie.com/embed/abcdefghijk": ("video", "https://www.youtube.com/watch?v=abcdefghijk"),
            "https://player.vimeo.com/video/12345": ("video", "https://vimeo.com/12345"),
            "https://docs.google.com/presentation/d/e/2PACX-x/embed?start=false&loop=false": (
                "deck", "https://docs.google.com/presentation/d/e/2PACX-x/pub"),
            "https://docs.google.com/presentation/d/abc123/embed": ("deck", "https://docs.google.com/presentation/d/abc123/edit"),
            "https://speakerdeck.com/player/0123abcd": ("deck", "https://speakerdeck.com/player/0123abcd"),
            "https://www.slideshare.net/slideshow/embed_code/key/xyz": ("deck", "https://www.slideshare.net/slideshow/embed_code/key/xyz"),
        }  # fmt: skip
        for src, (kind, url) in cases.items():
            with self.subTest(src):
                [block] = convert(f'<p><iframe src="{src}"></iframe></p>').blocks
                self.assertEqual((block["type"], block["value"]["url"]), (kind, url))

    def test_unknown_iframe_becomes_a_link(self):
        conversion = convert('<iframe src="https://maps.example/embed?x=1" title="Map"></iframe>')
        self.assertEqual(
            conversion.blocks,
            [
                {
                    "type": "paragraph",
                    "value": '<p><a href="https://maps.example/embed?x=1">Map</a></p>',
                }
            ],
        )

    def test_bare_url_on_its_own_line(self):
        self.assertEqual(
            types("Watch:\n\nhttps://youtu.be/abcdefghijk\n\nThen read on."),
            ["paragraph", "video", "paragraph"],
        )

    def test_heading_then_video_gives_the_video_its_heading(self):
        [block] = convert(
            '<h2>The Presentation</h2>\n\n<iframe src="https://player.vimeo.com/video/1"></iframe>'
        ).blocks
        self.assertEqual(block["value"]["heading"], "The Presentation")

    def test_images(self):
        found = lambda src, alt, classes=(): (5, alt) if "known" in src else None  # noqa: E731
        conversion = convert(
            '<figure><img src="/known.png" alt="Known"><figcaption>Cap</figcaption></figure>'
            '<p>x <img src="/other.png" alt="Other"></p>',
            image_for=found,
        )  # fmt: skip
        self.assertEqual(
            conversion.blocks[0],
            {"type": "image", "value": {"image": 5, "decorative": False, "alt_text": "Known"}},
        )
        self.assertEqual(
            conversion.blocks[1]["value"],
            '<p><i>Cap</i></p><p>x <a href="/other.png">Other</a></p>',
        )

    def test_table_and_code(self):
        blocks = convert(
            "<table><thead><tr><th>A</th><th>B</th></tr></thead><tr><td>1</td><td><b>2</b></td></tr>"
            '<tr><td colspan="2">3</td></tr></table>'
            '<pre class="brush: php">&lt;?php echo 1;<br>?&gt;</pre>'
        ).blocks
        self.assertEqual(
            blocks[0]["value"]["rows"],
            [["<p>A</p>", "<p>B</p>"], ["<p>1</p>", "<p><b>2</b></p>"], ["<p>3</p>", ""]],
        )
        self.assertTrue(blocks[0]["value"]["header_row"])
        self.assertEqual(blocks[1]["value"], {"language": "php", "code": "<?php echo 1;\n?>"})

    def test_classic_editor_paragraphs(self):
        [block] = convert("First line\nsecond line\n\nNext paragraph").blocks
        self.assertEqual(block["value"], "<p>First line<br/>second line</p><p>Next paragraph</p>")

    def test_legacy_lists(self):
        [block] = convert(
            "<p>• one</p><p>• two</p><p>1) first</p><p>2) second</p><ul><li>a<li>b</ul>"
        ).blocks
        self.assertEqual(
            block["value"],
            "<ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol><ul><li>a</li><li>b</li></ul>",
        )

    def test_shortcodes(self):
        conversion = convert(
            '[gallery ids="1"]\n\n[tab title="x"]Inside[/tab]\n\n'
            '[code lang="js"]let a = 1 < 2;[/code]'
        )
        self.assertEqual(conversion.shortcodes, ["gallery", "tab", "code"])
        self.assertEqual(conversion.blocks[0]["value"], "<p>Inside</p>")
        self.assertEqual(
            conversion.blocks[1]["value"], {"language": "js", "code": "let a = 1 < 2;"}
        )

    def test_long_heading_becomes_a_sub_heading(self):
        [block] = convert("<h2>" + "word " * 40 + "</h2>").blocks
        self.assertTrue(block["value"].startswith("<h3>"))

    def test_converted_bodies_are_valid_stream_data(self):
        html = "<h2>A</h2><ul><li>x</li></ul><table><tr><td>1</td></tr></table><pre>p</pre><p>t</p>"
        value = ArticleBodyBlock().to_python(convert(html).blocks)
        ArticleBodyBlock().clean(value)


class NewBlockTests(TestCase):
    def test_table_renders_with_header_and_caption(self):
        html = TableBlock().render(
            TableBlock().to_python(
                {
                    "caption": "Plans",
                    "header_row": True,
                    "rows": [["<p>Plan</p>"], ["<p><b>Solo</b></p>"]],
                }
            )
        )
        self.assertInHTML("<caption>Plans</caption>", html)
        self.assertInHTML('<th scope="col"><p>Plan</p></th>', html)
        self.assertInHTML("<td><p><b>Solo</b></p></td>", html)

    def test_code_is_escaped(self):
        html = CodeBlock().render(
            CodeBlock().to_python({"language": "html", "code": "<script>x</script>"})
        )
        self.assertIn("&lt;script&gt;", html)
        self.assertIn('class="language-html"', html)

    def test_previews(self):
        for block in (TableBlock(), CodeBlock()):
            self.assertTrue(block.is_previewable)

    def test_in_an_article(self):
        home = make_home()
        article = make_article(home, "Tables", body=[
            ("table", {"caption": "", "header_row": False, "rows": [["<p>a</p>", "<p>b</p>"]]}),
            ("code", {"language": "", "code": "ls -l"}),
        ])  # fmt: skip
        response = self.client.get(article.url)
        self.assertContains(response, "<td><p>a</p></td>", html=False)
        self.assertContains(response, "<code>ls -l</code>")
