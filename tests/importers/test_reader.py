"""The streaming WXR reader: what it reads, what it refuses, and that memory stays bounded."""

import tempfile
import tracemalloc
from pathlib import Path

from django.test import SimpleTestCase

from wagtail_kb.importers.errors import SourceError
from wagtail_kb.importers.wxr import iter_wxr

from .base import ALL, BETTERDOCS, HOSTILE, TRUNCATED


def read(path, **options):
    found = {"term": [], "item": [], "channel": []}
    for kind, value in iter_wxr(path, **options):
        found[kind].append(value)
    return found


def synthetic_export(path, items, body_size=2000, prefix="a"):
    """An export of ``items`` items in WordPress's layout (one real item, repeated)."""
    text = ALL.read_text()
    head, rest = text.split("<item>", 1)
    tail = "</channel>" + text.rsplit("</channel>", 1)[1]
    body = "<p>" + "Notes stay in step on every device. " * (body_size // 36) + "</p>"
    with open(path, "w") as out:
        out.write(head)
        for n in range(items):
            out.write(
                f"<item><title><![CDATA[Article {n}]]></title><guid>https://x.example/{prefix}?p={n}</guid>"
                f"<content:encoded><![CDATA[{body}]]></content:encoded>"
                f"<wp:post_id>{n}</wp:post_id><wp:post_type><![CDATA[docs]]></wp:post_type>"
                "<wp:status><![CDATA[publish]]></wp:status></item>\n"
            )
        out.write(tail)


class ReaderTests(SimpleTestCase):
    def test_all_content_export(self):
        found = read(ALL)
        channel = found["channel"][0]
        self.assertEqual(channel.base_site_url, "https://help.larkspur.example")
        self.assertEqual(channel.wxr_version, "1.2")
        terms = {(t.taxonomy, t.slug): t for t in found["term"]}
        billing = terms[("epkb_post_type_1_category", "account-billing")]
        self.assertEqual(billing.name, "Account & Billing")
        self.assertEqual(terms[("epkb_post_type_1_category", "linux")].parent, "desktop-apps")
        self.assertEqual(terms[("doc_category", "setup")].order, 1)
        recap = next(i for i in found["item"] if i.title == "Welcome session recap")
        self.assertIn("<!-- wp:embed", recap.content)
        self.assertEqual(recap.content_size, len(recap.content))
        self.assertIn(("epkb_post_type_1_tag", "video", "video"), recap.terms)
        attachment = next(i for i in found["item"] if i.post_type == "attachment")
        self.assertIn("_wp_attachment_image_alt", attachment.meta)

    def test_single_post_type_export_has_no_term_definitions(self):
        found = read(BETTERDOCS)
        self.assertEqual(found["term"], [])
        self.assertEqual({i.post_type for i in found["item"]}, {"docs"})

    def test_bodies_can_be_left_out(self):
        found = read(ALL, keep_content=False)
        recap = next(i for i in found["item"] if i.title == "Welcome session recap")
        self.assertEqual(recap.content, "")
        self.assertGreater(recap.content_size, 1000)
        self.assertTrue(recap.excerpt)

    def test_broken_bytes_are_replaced_per_item(self):
        found = read(HOSTILE)
        counts = {item.title: item.replaced_characters for item in found["item"]}
        self.assertEqual(counts["Broken characters"], 5)
        self.assertEqual(counts["Scripts and handlers"], 0)

    def test_truncated(self):
        with self.assertRaisesMessage(SourceError, "cut short"):
            read(TRUNCATED)

    def test_memory_is_bounded(self):
        """Reading 10 times more items does not take (anywhere near) 10 times the memory."""
        peaks = []
        with tempfile.TemporaryDirectory() as folder:
            for items in (300, 3000):
                path = Path(folder) / f"{items}.xml"
                synthetic_export(path, items)
                tracemalloc.start()
                count = sum(1 for kind, _ in iter_wxr(path) if kind == "item")
                peaks.append(tracemalloc.get_traced_memory()[1])
                tracemalloc.stop()
                self.assertEqual(count, items)
            size = path.stat().st_size
        self.assertGreater(size, 6_000_000)
        self.assertLess(peaks[1], peaks[0] * 2)
        self.assertLess(peaks[1], size / 4)
