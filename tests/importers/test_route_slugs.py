"""Imported items whose slug a KB home's routes answer (``search``, ``tags``) get another slug,
so their pages can be reached, and the report says so."""

import tempfile
from pathlib import Path

from django.test import TestCase

from wagtail_kb.models import KBArticlePage, KBTopicPage

from .base import ImportMixin, kb_import

FILES = {
    "tags/_index.md": "---\ntitle: Tags\n---\n",
    "tags/label-a-note.md": "# Label a note\n\nPick a colour.\n",
    "search.md": "# Search\n\nType in the box.\n",
    # Below a topic (no routes there) the same slug is kept.
    "guides/search.md": "# Search your notes\n\nThe box is at the top.\n",
}

NOTE = "its slug “%s” is an address the knowledge base uses itself: it was given another"


class RouteSlugImportTests(ImportMixin, TestCase):
    def test_renamed_reported_and_reachable(self):
        with tempfile.TemporaryDirectory() as folder:
            for name, text in FILES.items():
                path = Path(folder) / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
            planned = kb_import(folder, "--into", "/help/", "--dry-run")
            output = kb_import(folder, "--into", "/help/", "--publish")
            again = kb_import(folder, "--into", "/help/", "--publish")

        for report in (planned, output):
            self.assertIn("→ /help/tags-2/", report)
            self.assertIn("→ /help/search-2/", report)
            self.assertIn(NOTE % "tags", report)
            self.assertIn(NOTE % "search", report)
            self.assertIn("→ /help/guides/search/", report)
        self.assertEqual(output.count("is an address the knowledge base uses itself"), 2)

        topic = KBTopicPage.objects.get(title="Tags")
        self.assertEqual((topic.slug, topic.get_parent().specific), ("tags-2", self.home))
        self.assertEqual(KBArticlePage.objects.get(title="Search").slug, "search-2")
        self.assertEqual(KBArticlePage.objects.get(title="Search your notes").slug, "search")
        self.assertEqual(self.client.get("/help/tags-2/label-a-note/").status_code, 200)
        self.assertContains(self.client.get("/help/search-2/"), "Type in the box.")
        # A second run finds the same pages again.
        self.assertIn("unchanged: 2 topics, 3 articles.", again)
        self.assertEqual(KBArticlePage.objects.count(), 3)
