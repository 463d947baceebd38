"""``manage.py kb_prune_search_log [--days N] [--dry-run]``: delete old KB search log entries.

Entries (and the opened results recorded with them) older than ``--days`` days, by default
``WAGTAILKB_SEARCH_LOG_RETENTION_DAYS`` (365), are deleted. Run it daily, e.g. from cron.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wagtail_kb.conf import kb_settings
from wagtail_kb.models import SearchClick, SearchLogEntry


class Command(BaseCommand):
    help = "Delete knowledge base search log entries older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days (default: WAGTAILKB_SEARCH_LOG_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = kb_settings.SEARCH_LOG_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        cutoff = timezone.localdate() - datetime.timedelta(days=days)
        old = SearchLogEntry.objects.filter(searched_on__lt=cutoff)
        if dry_run:
            count = old.count()
            self.stdout.write(f"{count} search log entries before {cutoff} would be deleted.")
            return
        SearchClick.objects.filter(entry__searched_on__lt=cutoff).delete()
        count, _ = old.delete()
        self.stdout.write(f"Deleted {count} search log entries before {cutoff}.")
