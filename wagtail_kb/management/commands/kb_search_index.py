"""``manage.py kb_search_index [--kb ID]``: rebuild the KB search's word index.

Publishing keeps the index up to date; run this once after installing or upgrading wagtail-kb
(articles published before it have no rows yet, and the search falls back to Wagtail's backend
until a KB has some), or after changing ``WAGTAILKB_SEARCH_FIELD_WEIGHTS`` or stop words.
"""

from django.core.management.base import BaseCommand, CommandError

from wagtail_kb.models import KBHomePage
from wagtail_kb.search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the word index of the knowledge base search (every KB, or one)."

    def add_arguments(self, parser):
        parser.add_argument("--kb", type=int, help="The id of one KBHomePage.")

    def handle(self, *args, kb=None, **options):
        home = None
        if kb is not None:
            home = KBHomePage.objects.filter(pk=kb).first()
            if home is None:
                raise CommandError(f"No knowledge base home page with id {kb}.")
        count = rebuild(home)
        self.stdout.write(f"Indexed {count} public articles.")
