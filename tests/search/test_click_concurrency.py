"""One click token, many requests at once: still one click (PostgreSQL, MariaDB; real threads).

A results page's click token is checked with its log entry's row locked (``SELECT … FOR
UPDATE``), so replays racing each other cannot both add the click. Skipped on SQLite, which
serialises writers anyway.
"""

import threading

from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test import Client, TransactionTestCase

from tests.database import QuickRollbackMixin, needs_concurrent_writers
from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import SearchClick, SearchLogEntry


def run_at_once(count, task):
    """Run ``task()`` in ``count`` threads released together; (results, errors)."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def worker(i):
        try:
            barrier.wait(timeout=30)
            results[i] = task()
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


@needs_concurrent_writers
class ConcurrentClickTests(QuickRollbackMixin, TransactionTestCase):
    # Wagtail's root page and default site come from migrations: keep them for later tests.
    serialized_rollback = True

    def setUp(self):
        cache.clear()
        self.home = make_home()
        self.article = make_article(make_topic(self.home, "Accounts"), "Export your data")

    def test_twenty_replays_at_once_log_one_click(self):
        response = self.client.get(self.home.url + "search/", {"q": "export"})
        link = BeautifulSoup(response.content, "html.parser").select_one(
            ".kb-search-result__title a"
        )["href"]
        statuses, errors = run_at_once(20, lambda: Client().get(link).status_code)
        self.assertEqual(errors, [])
        self.assertEqual(statuses, [302] * 20)
        self.assertEqual(SearchClick.objects.count(), 1)
        self.assertTrue(SearchLogEntry.objects.get().opened)
