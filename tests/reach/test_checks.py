"""``manage.py check`` says when the KB's URLs (llms files, Markdown twins) are missing."""

from django.core.checks import run_checks
from django.test import SimpleTestCase, override_settings


def kb_url_warnings():
    return [message for message in run_checks() if message.id == "wagtail_kb.W004"]


class KBUrlsCheckTests(SimpleTestCase):
    def test_quiet_when_included(self):
        self.assertEqual(kb_url_warnings(), [])

    @override_settings(ROOT_URLCONF="tests.reach.urls_without_kb")
    def test_warns_when_missing(self):
        warnings = kb_url_warnings()
        self.assertEqual(len(warnings), 1)
        self.assertIn('include("wagtail_kb.urls")', warnings[0].hint)
