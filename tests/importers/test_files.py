"""HTML and Markdown files and folders of them."""

import tempfile
from pathlib import Path

from django.core.management.base import CommandError
from django.test import TestCase

from wagtail_kb.models import KBArticlePage, KBTopicPage

from .base import UPLOADS, ImportMixin, kb_import

FILES = {
    "billing/_index.md": "---\ntitle: Account & Billing\ndescription: Money matters.\n---\n",
    "billing/refunds.md": (
        "---\ntitle: Ask for a refund\ntags: [refunds, payments]\norder: 2\n"
        "description: When and how.\n---\n"
        "Refunds take **five days**. See [the card page](cards/update-card.md).\n\n"
        "## Steps\n\n1. Open *Billing*\n2. Choose **Refund**\n\n"
        "```shell\nlarkspur refund --last\n```\n\n"
        "| Plan | Days |\n|---|---|\n| Solo | 14 |\n\n"
        "![A receipt](../images/sync-diagram.png)\n"
    ),
    "billing/cards/update-card.md": "# Update a card\n\nDraft text.\n",
    "billing/plans.md": "---\ntitle: Plans\norder: 1\ndraft: true\n---\nTwo plans.\n",
    "start.html": (
        "<html><head><title>Start here</title><meta name='description' content='First steps.'>"
        "<script>alert(1)</script></head><body><nav>menu</nav><main><h1>Start here</h1>"
        "<p>Welcome. Read <a href='billing/refunds.md'>refunds</a>.</p>"
        "<iframe src='https://player.vimeo.com/video/76979871'></iframe></main></body></html>"
    ),
}


def write_tree(folder):
    for name, text in FILES.items():
        path = Path(folder) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    images = Path(folder) / "images"
    images.mkdir()
    (images / "sync-diagram.png").write_bytes((UPLOADS / "2026/05/sync-diagram.png").read_bytes())


class FileImportTests(ImportMixin, TestCase):
    def test_a_folder_of_markdown_and_html(self):
        with tempfile.TemporaryDirectory() as folder:
            write_tree(folder)
            output = kb_import(folder, "--into", "/help/", "--publish")
            again = kb_import(folder, "--into", "/help/", "--publish")
        billing = KBTopicPage.objects.get(title="Account & Billing")
        self.assertEqual(billing.intro, "Money matters.")
        cards = KBTopicPage.objects.get(slug="cards")
        self.assertEqual(cards.get_parent().specific, billing)
        refund = KBArticlePage.objects.get(title="Ask for a refund")
        self.assertEqual(refund.intro, "When and how.")
        self.assertEqual(refund.get_parent().specific, billing)
        types = [block.block_type for block in refund.body]
        self.assertEqual(types, ["paragraph", "takeaways", "code", "table", "image"])
        self.assertEqual(refund.body[1].value["heading"], "Steps")
        self.assertEqual(refund.body[2].value["language"], "shell")
        update = KBArticlePage.objects.get(title="Update a card")
        self.assertIn(f'id="{update.pk}"', refund.body[0].value.source)
        # order: 1 (a draft) before order: 2.
        self.assertEqual(
            [p.title for p in billing.get_children().type(KBArticlePage)],
            ["Plans", "Ask for a refund"],
        )
        self.assertFalse(KBArticlePage.objects.get(title="Plans").live)
        start = KBArticlePage.objects.get(title="Start here")
        self.assertEqual(start.intro, "First steps.")
        self.assertEqual([b.block_type for b in start.body], ["paragraph", "video"])
        self.assertIn(f'id="{refund.pk}"', start.body[0].value.source)
        self.assertNotIn("menu", start.body[0].value.source)
        self.assertEqual(sorted(refund.tags.names()), ["payments", "refunds"])
        self.assertIn("tags: payments, refunds", output)
        self.assertIn("unchanged: 2 topics, 4 articles.", again)

    def test_a_single_file(self):
        with tempfile.TemporaryDirectory() as folder:
            write_tree(folder)
            kb_import(Path(folder) / "start.html", "--into", "/help/")
        self.assertEqual(KBArticlePage.objects.get().get_parent().specific, self.home)

    def test_unreadable_sources(self):
        with self.assertRaises(CommandError) as raised:
            kb_import("/no/such/file.md", "--into", "/help/")
        self.assertIn("/no/such/file.md", str(raised.exception))
