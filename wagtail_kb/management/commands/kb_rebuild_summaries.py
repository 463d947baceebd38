"""Recount every article's rating summary (votes per star, views) from the raw rows.

The summaries are kept by each vote and view as it is counted; votes written around the rating
endpoint (a data load, raw SQL, votes deleted in the admin) leave them behind. This command
recounts them, one article at a time under the summary row's lock, so it can run while readers
vote (``wagtail_kb.ratings.counters.rebuild_summary``)::

    python manage.py kb_rebuild_summaries            # every article
    python manage.py kb_rebuild_summaries --article 42 --article 43
"""

from django.core.management.base import BaseCommand

from wagtail_kb.models import KBArticlePage
from wagtail_kb.ratings import rebuild_summary, votes_changed


class Command(BaseCommand):
    help = (
        "Recount the articles' rating summaries (votes per star, views) from the votes and "
        "the daily views."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--article",
            type=int,
            action="append",
            dest="articles",
            help="Only this article (its page id); repeat for several.",
        )

    def handle(self, *args, articles=None, **options):
        ids = KBArticlePage.objects.order_by("pk").values_list("pk", flat=True)
        if articles:
            ids = ids.filter(pk__in=articles)
        checked = corrected = 0
        for article_id in ids.iterator():
            checked += 1
            if rebuild_summary(article_id):
                corrected += 1
                votes_changed(article_id)
        self.stdout.write(
            self.style.SUCCESS(f"{checked} summaries checked, {corrected} corrected.")
        )
