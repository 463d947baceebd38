"""``manage.py kb_import SOURCE [SOURCE ...] --into KB_HOME``: move a knowledge base in.

SOURCE is a WordPress export (WXR ``.xml``, as *Tools → Export* writes it), an ``.html`` or
``.md`` file, or a folder of them. See README, "Moving in".
"""

from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from wagtail_kb.importers import ImportRun, SourceError
from wagtail_kb.models import KBHomePage


def find_home(value):
    """The ``KBHomePage`` named by its id or its URL path (``/help/``)."""
    value = (value or "").strip()
    homes = KBHomePage.objects.all()
    if value.isdigit():
        home = homes.filter(pk=int(value)).first()
    else:
        wanted = "/" + urlsplit(value).path.strip("/") + "/"
        wanted = wanted.replace("//", "/")
        home = next((h for h in homes if (h.get_url_parts() or (0, 0, ""))[2] == wanted), None)
    if home is None:
        known = ", ".join(
            f"{(h.get_url_parts() or (0, 0, h.url_path))[2]} (id {h.pk})" for h in homes[:10]
        )
        raise CommandError(
            _("No knowledge base home at %(value)s. Knowledge base homes: %(known)s")
            % {"value": value, "known": known or _("none (create one first)")}
        )
    return home


class Command(BaseCommand):
    help = "Import a WordPress knowledge base export, HTML or Markdown files into a knowledge base."

    def add_arguments(self, parser):
        parser.add_argument(
            "sources",
            nargs="+",
            metavar="SOURCE",
            help="A WordPress export (.xml), an .html or .md file, or a folder.",
        )
        parser.add_argument(
            "--into",
            required=True,
            metavar="KB_HOME",
            help="The knowledge base home: its page id or URL path (e.g. /help/).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be imported; write nothing."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish what was published in WordPress (default: drafts).",
        )
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help="WordPress's wp-content/uploads folder: images and PDFs found there "
            "become Wagtail images and documents (otherwise they stay links).",
        )
        parser.add_argument(
            "--post-type",
            action="append",
            dest="post_types",
            metavar="NAME",
            help="Import this WordPress post type (repeatable), e.g. post; default: "
            "the knowledge-base plugins' types (epkb_post_type_N, docs, ht_kb).",
        )

    def handle(self, *args, sources, into, dry_run, publish, uploads, post_types, **options):
        home = find_home(into)
        run = ImportRun(
            sources, home, publish=publish, dry_run=dry_run, uploads=uploads, post_types=post_types
        )
        try:
            run.prepare()
        except SourceError as error:
            raise CommandError(
                str(error).splitlines()[0] if str(error) else _("cannot read")
            ) from None
        report = run.run()
        verbose = options.get("verbosity", 1) >= 1
        for line in report.lines(verbose=verbose):
            self.stdout.write(line)
        if report.failed:
            raise CommandError(
                _("%(n)s items could not be imported (see above); the others were.")
                % {"n": number_format(len(report.failed), force_grouping=True)}
            )
