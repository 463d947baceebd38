"""Migration 0009 keeps every article's stored texts: JSON (``jsonb`` on PostgreSQL) → text."""

import json

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from tests.database import QuickRollbackMixin
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import KBSearchDocument

BEFORE = ("wagtail_kb", "0008_rating_widget_translatable")
AFTER = ("wagtail_kb", "0009_search_texts_as_text")


class StoredTextsMigrationTests(QuickRollbackMixin, TransactionTestCase):
    serialized_rollback = True

    def migrate(self, target):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([target])

    def test_texts_survive_the_migration_both_ways(self):
        home = make_home()
        article = make_article(
            make_topic(home, "Travel"),
            "Crossing the fjord",
            intro="Ferries leave at dawn — bring a “warm” coat.",
            body=[("paragraph", "<p>Tickets: 120 kr, or ½ price for children. Ünïcode ✓</p>")],
        )
        before = KBSearchDocument.objects.get(page_id=article.pk).texts
        self.assertIn("Ferries leave at dawn — bring a “warm” coat.", before)
        self.migrate(BEFORE)
        with connection.cursor() as cursor:  # the JSON column of before
            cursor.execute(
                "SELECT texts FROM wagtail_kb_kbsearchdocument WHERE page_id = %s", [article.pk]
            )
            stored = cursor.fetchone()[0]
        self.assertEqual(json.loads(stored) if isinstance(stored, str) else stored, before)
        self.migrate(AFTER)
        self.assertEqual(KBSearchDocument.objects.get(page_id=article.pk).texts, before)
