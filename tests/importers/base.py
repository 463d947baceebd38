"""Shared by the import tests: the fixtures made with WordPress and a helper to run the command."""

import io
from pathlib import Path

from django.core.management import call_command

from tests.utils import make_home

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wordpress"
ALL = FIXTURES / "all-content.xml"
ECHO = FIXTURES / "echo-kb.xml"
BETTERDOCS = FIXTURES / "betterdocs.xml"
HEROIC = FIXTURES / "heroic-kb.xml"
HOSTILE = FIXTURES / "hostile.xml"
TRUNCATED = FIXTURES / "truncated.xml"
UPLOADS = FIXTURES / "uploads"


def kb_import(*args, **options):
    """Run ``kb_import``; returns its output."""
    out = io.StringIO()
    call_command("kb_import", *[str(a) for a in args], stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


class ImportMixin:
    def setUp(self):
        super().setUp()
        self.home = make_home()
