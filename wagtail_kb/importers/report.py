"""What an import did (with ``--dry-run``: would do): one entry per topic and article, counts."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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

    def line(self, dry_run=False):
        kind = _("topic") if self.kind == "topic" else _("article")
        parts = [f"{_action_label(self.action, dry_run):<13} {kind:<8} “{self.title}”"]
        if self.path:
            parts.append(f"→ {self.path}")
        details = []
        if self.status:
            details.append(self.status)
        if self.blocks:
            details.append(
                ", ".join(f"{name} {number(n)}" for name, n in sorted(self.blocks.items()))
            )
        if details:
            parts.append(f"({'; '.join(details)})")
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
