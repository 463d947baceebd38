"""What an import did (with ``--dry-run``: would do): one entry per topic and article, counts."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

CREATED, UPDATED, UNCHANGED, SKIPPED, FAILED = (
    "created",
    "updated",
    "unchanged",
    "skipped",
    "failed",
)


def _action_label(action, dry_run):
    labels = {
        CREATED: _("would create") if dry_run else _("created"),
        UPDATED: _("would update") if dry_run else _("updated"),
        UNCHANGED: _("unchanged"),
        SKIPPED: _("skipped"),
        FAILED: _("failed"),
    }
    return labels[action]


# What a conversion reports (``cleaner.Notes`` keys) as readers of the report see it.
NOTE_LABELS = {
    "event handler attributes": gettext_lazy("event handler attributes"),
    "inline styles": gettext_lazy("inline styles"),
    "script": gettext_lazy("script"),
    "style": gettext_lazy("style"),
    "noscript": gettext_lazy("noscript"),
    "template": gettext_lazy("template"),
    "frame": gettext_lazy("frame"),
    "object": gettext_lazy("object"),
    "form": gettext_lazy("form"),
    "svg": gettext_lazy("svg"),
    "math": gettext_lazy("math"),
    "canvas": gettext_lazy("canvas"),
    "media": gettext_lazy("audio or video file"),
    "head": gettext_lazy("page head"),
    "map": gettext_lazy("image map"),
    "inline data images": gettext_lazy("inline data images"),
    "images linked, not imported": gettext_lazy("images linked, not imported"),
    "long headings kept as sub-headings": gettext_lazy("long headings kept as sub-headings"),
    "PDFs linked, not imported": gettext_lazy("PDFs linked, not imported"),
    "embedded frames turned into links": gettext_lazy("embedded frames turned into links"),
    "merged table cells split": gettext_lazy("merged table cells split"),
}


def note_label(key, count=1):
    if key in NOTE_LABELS:
        label = str(NOTE_LABELS[key])
    elif key.endswith(": links"):
        label = _("%(scheme)s: links") % {"scheme": key[: -len(": links")]}
    else:
        label = key
    return f"{label} ×{number(count)}" if count > 1 else label


def number(value):
    return formats.number_format(value, force_grouping=True)


@dataclass
class Entry:
    kind: str  # "topic" or "article"
    title: str
    source: str
    action: str
    path: str = ""
    status: str = ""
    blocks: Counter = field(default_factory=Counter)
    dropped: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def action_label(self, dry_run=False):
        return _action_label(self.action, dry_run)

    def kind_label(self):
        return _("topic") if self.kind == "topic" else _("article")

    def details(self):
        """Its status and blocks, as the report shows them in brackets."""
        details = []
        if self.status:
            details.append(str(self.status))
        if self.blocks:
            details.append(
                ", ".join(f"{name} {number(n)}" for name, n in sorted(self.blocks.items()))
            )
        return "; ".join(details)

    def line(self, dry_run=False):
        parts = [f"{self.action_label(dry_run):<13} {self.kind_label():<8} “{self.title}”"]
        if self.path:
            parts.append(f"→ {self.path}")
        details = self.details()
        if details:
            parts.append(f"({details})")
        line = " ".join(parts)
        if self.dropped:
            line += "\n" + " " * 14 + _("dropped: %(what)s") % {"what": "; ".join(self.dropped)}
        for note in self.notes:
            line += "\n" + " " * 14 + str(note)
        return line


class ImportReport:
    def __init__(self, dry_run=False):
        self.dry_run = dry_run
        self.entries = []
        self.skipped = Counter()
        self.errors = []

    def add(self, entry):
        self.entries.append(entry)
        return entry

    def counts(self):
        return Counter((entry.kind, entry.action) for entry in self.entries)

    @property
    def failed(self):
        return [entry for entry in self.entries if entry.action == FAILED]

    def summary(self):
        counts = self.counts()
        parts = []
        for action in (CREATED, UPDATED, UNCHANGED, SKIPPED, FAILED):
            things = []
            for kind, singular, plural in (
                ("topic", "%(n)s topic", "%(n)s topics"),
                ("article", "%(n)s article", "%(n)s articles"),
            ):
                n = counts.get((kind, action), 0)
                if n:
                    things.append(ngettext(singular, plural, n) % {"n": number(n)})
            if things:
                parts.append(f"{_action_label(action, self.dry_run)}: {', '.join(things)}")
        lines = [_("Import: %(parts)s.") % {"parts": "; ".join(parts) or _("nothing to do")}]
        if self.skipped:
            skipped = ", ".join(f"{number(n)} {what}" for what, n in sorted(self.skipped.items()))
            lines.append(_("Not imported: %(what)s.") % {"what": skipped})
        if self.dry_run:
            lines.append(_("Dry run: nothing was written."))
        return "\n".join(lines)

    def lines(self, verbose=True):
        if verbose:
            for entry in self.entries:
                yield entry.line(self.dry_run)
        yield self.summary()
