"""Remove the identifying hashes of old votes (the data-retention story of ratings).

A vote keeps two keyed hashes while it may still be changed or abused: the HMAC of the visitor's
cookie id (one vote per visitor) and the HMAC of the IP address (rate limiting). After
``WAGTAILKB_RATING_HASH_RETENTION_DAYS`` (default 90) days since the vote was last cast, this
command blanks both; the vote still counts in every summary, but can no longer be linked to a
browser or a network address. Run it daily, e.g. from cron::

    python manage.py kb_prune_votes
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from wagtail_kb.conf import kb_settings
from wagtail_kb.models import RatingVote


class Command(BaseCommand):
    help = (
        "Blank the visitor and IP hashes of votes older than WAGTAILKB_RATING_HASH_RETENTION_DAYS "
        "(the votes themselves are kept)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override WAGTAILKB_RATING_HASH_RETENTION_DAYS for this run.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only say how many votes would be pruned.",
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = kb_settings.RATING_HASH_RETENTION_DAYS if days is None else days
        if days is None or days < 0:
            raise CommandError("The retention period must be a number of days, 0 or more.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        votes = RatingVote.objects.filter(updated_at__lt=cutoff).filter(
            Q(visitor_hash__isnull=False) | Q(ip_hash__isnull=False)
        )
        if dry_run:
            count = votes.count()
            self.stdout.write(f"{count} vote(s) older than {days} day(s) would be pruned.")
            return
        count = votes.update(visitor_hash=None, ip_hash=None)
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed the identifying hashes of {count} vote(s) older than {days} day(s)."
            )
        )
