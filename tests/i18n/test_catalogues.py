"""The catalogues (de, fr, es) cover every string of the package, and French pages read French.

``test_every_package_string_is_in_the_catalogues`` extracts the strings as ``makemessages``
does (Python and templates of a copy of the package, GNU gettext's ``xgettext``) and compares.
When it fails after a change, update the catalogues::

    cd wagtail_kb && django-admin makemessages -l de -l fr -l es --ignore=migrations \\
        --settings=tests.settings   # (PYTHONPATH=..) then translate, and compilemessages
"""

import gettext
import os
import shutil
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import SimpleTestCase, TestCase, override_settings

import wagtail_kb
from tests.core.test_locale import PLACEHOLDER, po_entries
from tests.utils import make_article, make_home, make_topic

PACKAGE_DIR = Path(wagtail_kb.__file__).resolve().parent
LANGUAGES = ("de", "fr", "es")
PLURALS = {
    "de": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "es": "nplurals=2; plural=(n != 1);",
}


def catalogue(language):
    return PACKAGE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"


def messages(path):
    return [e for e in po_entries(path) if e["msgid"] and not e.get("obsolete")]


def message_key(entry):
    return (entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))


def extracted_messages():
    """The package's strings now, as ``makemessages`` finds them (in a copy of the package)."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "wagtail_kb"
        shutil.copytree(
            PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("locale", "migrations", "__pycache__")
        )
        (copy / "locale").mkdir()
        here = os.getcwd()
        os.chdir(copy)
        try:
            call_command("makemessages", locale=["xx"], verbosity=0, no_location=True)
        finally:
            os.chdir(here)
        return messages(copy / "locale" / "xx" / "LC_MESSAGES" / "django.po")


class CataloguesTests(SimpleTestCase):
    def test_every_package_string_is_in_the_catalogues(self):
        if shutil.which("xgettext") is None:
            self.fail(
                "GNU gettext (xgettext) is needed to check the catalogues: apt-get install gettext"
            )
        wanted = {message_key(e) for e in extracted_messages()}
        self.assertGreater(len(wanted), 300)
        for language in LANGUAGES:
            with self.subTest(language=language):
                have = {message_key(e) for e in messages(catalogue(language))}
                self.assertEqual(sorted(wanted - have, key=str), [], "strings missing")
                self.assertEqual(sorted(have - wanted, key=str), [], "strings no longer used")

    def test_french_and_spanish_catalogues_are_complete_and_compiled(self):
        """(German: tests/core/test_locale.py.)"""
        for language in ("fr", "es"):
            with self.subTest(language=language):
                self.check_catalogue(language)

    def check_catalogue(self, language):
        path = catalogue(language)
        header = po_entries(path)[0]
        self.assertEqual(header["msgid"], "")
        self.assertNotIn("fuzzy", header["flags"])
        self.assertIn(f"Language: {language}\n", header["msgstr"])
        self.assertIn(f"Plural-Forms: {PLURALS[language]}\n", header["msgstr"])
        with path.with_suffix(".mo").open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)._catalog
        for entry in messages(path):
            msgid = entry["msgid"]
            self.assertNotIn("fuzzy", entry["flags"], msgid)
            forms = [k for k in entry if k.startswith("msgstr")]
            self.assertEqual(len(forms), 2 if "msgid_plural" in entry else 1, msgid)
            sources = [msgid, entry.get("msgid_plural", msgid)]
            wanted = [sorted(PLACEHOLDER.findall(s)) for s in sources]
            for form in forms:
                self.assertTrue(entry[form].strip(), f"untranslated: {msgid!r}")
                self.assertIn(sorted(PLACEHOLDER.findall(entry[form])), wanted, msgid)
            if "msgid_plural" in entry:
                stored = [compiled.get((msgid, n)) for n in (0, 1)]
                expected = [entry["msgstr[0]"], entry["msgstr[1]"]]
            else:
                stored, expected = compiled.get(msgid), entry["msgstr"]
            self.assertEqual(stored, expected, f"stale .mo for {msgid!r}: compilemessages")


FRENCH = override_settings(LANGUAGE_CODE="fr", LANGUAGES=[("fr", "Français"), ("en", "English")])


@FRENCH
class FrenchPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home(title="Aide", slug="aide")
        cls.topic = make_topic(cls.home, "Compte", slug="compte")
        cls.article = make_article(
            cls.topic,
            "Réinitialiser son mot de passe",
            slug="mot-de-passe",
            body=[("heading", "Demander un lien"), ("paragraph", "<p>Ouvrez la page.</p>")],
        )

    def test_kb_home_reads_french(self):
        response = self.client.get(self.home.url)
        self.assertContains(response, "Comment pouvons-nous vous aider\N{NO-BREAK SPACE}?")
        self.assertContains(response, "1 article")
        self.assertNotContains(response, "How can we help?")

    def test_article_reads_french(self):
        response = self.client.get(self.article.url)
        for text in (
            "Table des matières",
            "Toutes les rubriques",
            "Cet article vous a-t-il été utile\N{NO-BREAK SPACE}?",
            "Fil d'Ariane",
            "Facultatif, jusqu'à 2\N{NO-BREAK SPACE}000 caractères.",
        ):
            self.assertContains(response, text)
        for text in ("Table of contents", "All topics", "Was this article helpful?"):
            self.assertNotContains(response, text)

    def test_an_error_reads_french(self):
        response = self.client.post(
            self.article.url + "rate/", {"stars": "9"}, HTTP_ORIGIN="http://testserver"
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Choisissez une note", status_code=400)
