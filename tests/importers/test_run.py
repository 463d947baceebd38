"""``ImportRun`` driven in steps (as an admin view would), and its cost per item."""

import tempfile
from pathlib import Path

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from tests.utils import make_article, make_topic
from wagtail_kb.importers import ImportRun, SourceError
from wagtail_kb.models import ImportedItem, KBArticlePage

from .base import ALL, TRUNCATED, ImportMixin
from .test_reader import synthetic_export


class SteppedRunTests(ImportMixin, TestCase):
    def test_steps_until_done(self):
        run = ImportRun([ALL], self.home, publish=True)
        run.prepare()
        done, total = run.progress
        self.assertEqual(done, 0)
        self.assertEqual(total, 13 + 19 + 19)  # topics, article pages, article contents
        steps = 0
        while not run.step(5):
            steps += 1
            self.assertLessEqual(run.progress[0], total)
        self.assertEqual(run.progress, (total, total))
        self.assertGreaterEqual(steps, total // 5 - 1)
        self.assertEqual(KBArticlePage.objects.count(), 19)
        self.assertEqual(len(run.report.failed), 0)

    def test_resuming_in_a_new_run_object(self):
        """A view that keeps only the phase and position (not the object) can resume."""
        first = ImportRun([ALL], self.home, publish=True)
        first.prepare()
        first.step(13 + 19 + 7)
        phase, position, done = first.phase, first.position, first.done_units
        second = ImportRun([ALL], self.home, publish=True)
        second.prepare()
        second.phase, second.position, second.done_units = phase, position, done
        while not second.step(10):
            pass
        self.assertEqual(KBArticlePage.objects.live().count(), 15)
        self.assertEqual(ImportedItem.objects.filter(kind="article").count(), 19)
        self.assertEqual(
            len([e for e in first.report.entries + second.report.entries if e.kind == "article"]),
            19,
        )

    def test_an_item_that_fails_is_reported_and_the_others_go_on(self):
        run = ImportRun([ALL], self.home, publish=True)
        run.prepare()
        run.step(13 + 19)  # topics and article pages
        # An editor deletes one of the new pages while the import is under way.
        KBArticlePage.objects.get(title="Connect Outlook").delete()
        run.run()
        [failed] = run.report.failed
        self.assertEqual(failed.title, "Connect Outlook")
        self.assertIn("error:", failed.notes[-1])
        self.assertEqual(KBArticlePage.objects.live().count(), 14)
        self.assertFalse(KBArticlePage.objects.filter(title="Connect Outlook").exists())

    def test_prepare_fails_before_writing(self):
        run = ImportRun([ALL, TRUNCATED], self.home)
        with self.assertRaises(SourceError):
            run.prepare()
        self.assertEqual(KBArticlePage.objects.count(), 0)


class QueryCountTests(ImportMixin, TestCase):
    def queries_for_import(self, prefix, items=5):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "kb.xml"
            synthetic_export(path, items, body_size=300, prefix=prefix)
            run = ImportRun([path], self.home, publish=True)
            run.prepare()
            with CaptureQueriesContext(connection) as queries:
                run.run()
        self.assertEqual(len(run.report.entries), items)
        return len(queries)

    def test_queries_do_not_grow_with_the_kb(self):
        make_article(self.home, "Seed", slug="seed")
        small_kb = self.queries_for_import("first")
        topic = make_topic(self.home, "Existing")
        # Pages already in the KB, in a topic and beside where the import writes (slugs are
        # checked against siblings): a query per existing page would show.
        for n in range(4):
            make_article(topic, f"Existing {n}", slug=f"existing-{n}")
            make_article(self.home, f"Loose {n}", slug=f"loose-{n}")
        large_kb = self.queries_for_import("second")
        self.assertGreater(small_kb, 5 * 10)  # each article is really written
        self.assertEqual(large_kb, small_kb)
