"""Moving a knowledge base in: WordPress exports (Echo KB, BetterDocs, Heroic KB, posts), HTML and
Markdown files → KB topics and articles. ``manage.py kb_import`` is the way in; ``ImportRun`` is
the same import as an object that can be driven in steps (e.g. from an admin view)."""

from .errors import SourceError
from .report import ImportReport
from .run import ImportRun

__all__ = ["ImportReport", "ImportRun", "SourceError"]
