"""Markdown for assistants: ``index.html.md``, ``llms.txt``, ``llms-full.txt``."""

import re

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.reach.base import VIMEO, YOUTUBE, ReachTestCase
from tests.utils import make_article, publish
from wagtail_kb.models import KBArticlePage

# A tag Markdown would pass through as HTML (``\\<b>`` is an escaped, literal "<b>").
HTML_TAG = re.compile(r"(?<!\\)<(?!https?://)[a-zA-Z/!][^>]*>")


class ArticleMarkdownTests(ReachTestCase):
    def get_markdown(self, page):
        response = self.client.get(page.url + "index.html.md")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/markdown; charset=utf-8")
        return response.content.decode()

    def test_every_block_reads_as_markdown_without_html(self):
        text = self.get_markdown(self.article)
        self.assertTrue(
            text.startswith("# Pack for a day hike\n\nWhat to bring, and how to carry it.\n")
        )
        self.assertIn("Plan the route **before** you go, with *care*.", text)
        self.assertIn("\n## Pack the kit\n", text)
        self.assertIn("\n### Batteries\n\n- Charge them\n- Pack a spare\n", text)
        # The video as a link with its caption, then its transcript in full.
        self.assertIn("## Watch the packing tour", text)
        self.assertIn(f"[Video: Two minutes on what goes in the bag](<{YOUTUBE}>)", text)
        self.assertIn("**Transcript**\n\nFirst the map.\n\nThen the compass.", text)
        self.assertIn(f"[Video: The same in slow motion](<{VIMEO}>)", text)
        self.assertIn(
            "[Slides: Ten slides for the briefing](<https://docs.google.com/presentation/d/AbCdEf123/edit>)",
            text,
        )
        self.assertIn("## Remember\n\n- Water\n- Snacks", text)
        self.assertIn("## In short\n\n1. Plan\n2. Pack", text)
        self.assertIn(
            "*Kit weights*\n\n| Item | Grams |\n| --- | --- |\n| Tent \\| fly | 900 |", text
        )
        self.assertIn("````shell\nkit check --all\necho ```done```\n````", text)
        self.assertIn("> **Warning: Weather**\n>\n> Check it.", text)
        self.assertRegex(
            text, r"!\[A packed rucksack\]\(<http://localhost/[^>]+rucksack[^>]*\.png>\)"
        )
        self.assertIn("Source: http://localhost/trail-help/hiking/pack-for-a-day-hike/", text)
        self.assertEqual(HTML_TAG.findall(text), [])

    def test_the_article_links_to_its_markdown_twin(self):
        html = self.client.get(self.article.url).content.decode()
        self.assertIn(
            '<link rel="alternate" type="text/markdown" '
            'href="http://localhost/trail-help/hiking/pack-for-a-day-hike/index.html.md">',
            html,
        )

    def test_text_that_looks_like_markup_is_escaped(self):
        article = make_article(
            self.topic,
            "Use *stars* and <tags>",
            slug="escaping",
            body=[("paragraph", "<p>1. not a list, # not a heading, [not](a link) &lt;b&gt;</p>")],
        )
        text = self.get_markdown(article)
        self.assertIn("# Use \\*stars\\* and \\<tags\\>", text)
        self.assertIn("1\\. not a list, # not a heading, \\[not\\](a link) \\<b\\>", text)
        self.assertEqual(HTML_TAG.findall(text), [])

    def test_private_draft_and_unreachable_articles_have_no_markdown(self):
        for page in (self.private, self.grouped, self.orphan):
            with self.subTest(page.title):
                self.assertEqual(self.client.get(page.url + "index.html.md").status_code, 404)
        draft_path = "/trail-help/hiking/secret-draft-plan/index.html.md"
        self.assertEqual(self.client.get(draft_path).status_code, 404)
        # A signed-in reader who may see the login-restricted page still gets no Markdown: the
        # cached text is the same for everybody.
        from django.contrib.auth import get_user_model

        self.client.force_login(get_user_model().objects.create_user("reader"))
        self.assertEqual(self.client.get(self.private.url + "index.html.md").status_code, 404)

    def test_topics_and_unknown_paths_have_no_markdown(self):
        self.assertEqual(self.client.get(self.topic.url + "index.html.md").status_code, 404)
        self.assertEqual(self.client.get("/trail-help/nowhere/index.html.md").status_code, 404)

    def test_cached_per_revision_a_draft_changes_nothing_a_publication_does(self):
        first = self.get_markdown(self.second)
        draft = KBArticlePage.objects.get(pk=self.second.pk)
        draft.body = [("paragraph", "<p>Contours last, in the draft.</p>")]
        draft.save_revision()  # not published
        self.assertEqual(self.get_markdown(self.second), first)
        # Cached: routing (the site, one query per level) and the public check, nothing more.
        with CaptureQueriesContext(connection) as queries:
            self.client.get(self.second.url + "index.html.md")
        self.assertLessEqual(len(queries), 6, [q["sql"] for q in queries])
        self.assertFalse([q for q in queries if 'FROM "wagtailimages_' in q["sql"]])
        publish(draft)
        self.assertIn("Contours last, in the draft.", self.get_markdown(self.second))


class LlmsTxtTests(ReachTestCase):
    def get_text(self, name):
        response = self.client.get(self.home.url + name)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/markdown; charset=utf-8")
        return response.content.decode()

    def test_llms_txt_follows_the_format(self):
        text = self.get_text("llms.txt")
        base = "http://localhost/trail-help/"
        self.assertEqual(
            text,
            "# Trail Help\n\n> Answers for hikers.\n\n## Hiking\n\n"
            f"- [Pack for a day hike]({base}hiking/pack-for-a-day-hike/index.html.md): "
            "What to bring, and how to carry it.\n"
            f"- [Read a trail map]({base}hiking/read-a-trail-map/index.html.md)\n\n"
            "## More articles\n\n"
            f"- [Contact the rangers]({base}contact-the-rangers/index.html.md): Phone and email.\n",
        )
        for line in text.splitlines():
            match = re.search(r"\]\((http://localhost[^)]+)\)", line)
            if match:
                self.assertEqual(self.client.get(match.group(1)).status_code, 200, match.group(1))

    def test_llms_full_txt_holds_every_public_article(self):
        text = self.get_text("llms-full.txt")
        self.assertTrue(
            text.startswith("# Trail Help\n\n> Answers for hikers.\n\n# Pack for a day hike\n")
        )
        for article in (self.article, self.second, self.loose):
            self.assertIn(f"# {article.title}\n", text)
        self.assertIn("**Transcript**", text)
        self.assertNothingHidden(text)
        self.assertEqual(HTML_TAG.findall(text), [])

    def test_hidden_pages_are_in_neither_file(self):
        for name in ("llms.txt", "llms-full.txt"):
            self.assertNothingHidden(self.get_text(name))

    def test_files_follow_changes(self):
        self.assertIn("Read a trail map", self.get_text("llms.txt"))
        PageViewRestriction.objects.create(
            page=self.second, restriction_type=PageViewRestriction.LOGIN
        )
        self.assertNotIn("Read a trail map", self.get_text("llms.txt"))
        self.assertNotIn("Contours first", self.get_text("llms-full.txt"))
        self.loose.unpublish()
        self.assertNotIn("Contact the rangers", self.get_text("llms.txt"))

    def test_only_a_kb_home_has_llms_files(self):
        self.assertEqual(self.client.get(self.topic.url + "llms.txt").status_code, 404)
        self.assertEqual(self.client.get("/llms.txt").status_code, 404)  # the site root is no KB

    def test_a_private_kb_has_no_llms_files(self):
        PageViewRestriction.objects.create(
            page=self.home, restriction_type=PageViewRestriction.LOGIN
        )
        for name in ("llms.txt", "llms-full.txt"):
            self.assertEqual(self.client.get(self.home.url + name).status_code, 404)

    @override_settings(LANGUAGE_CODE="de")
    def test_section_labels_are_translated(self):
        text = self.get_text("llms.txt")
        self.assertIn("## Weitere Artikel", text)
