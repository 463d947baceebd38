"""``manage.py kb_send_digest``: e-mail each article owner their new feedback and attention items.

Run it weekly (cron, a scheduler). Idempotent per week: a second run in the same week sends
nothing; nothing is sent to an owner with nothing new. ``--dry-run`` says who would get what.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from wagtail_kb.health.digest import send_digests


class Command(BaseCommand):
    help = "E-mail each article owner the new feedback and attention items of their articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Send nothing; list the digests."
        )
        parser.add_argument(
            "--date",
            help="A day (YYYY-MM-DD) of the week to send the digest for (default: today).",
        )

    def handle(self, *args, dry_run=False, date=None, **options):
        day = None
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date must be a day as YYYY-MM-DD, not {date!r}.") from None
        period, sent = send_digests(day, dry_run=dry_run)
        verb = "would send" if dry_run else "sent"
        for user, items in sent:
            self.stdout.write(f"{user.get_username()}: {items} item(s)")
        self.stdout.write(f"Week of {period.isoformat()}: {verb} {len(sent)} digest(s).")
