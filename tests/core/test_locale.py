"""The German catalogue: complete, compiled, shipped, and what a German site's readers see."""

import gettext
import re
from pathlib import Path

from django.test import SimpleTestCase, TestCase, override_settings
from django.utils import translation

import wagtail_kb
from tests.utils import make_article, make_home, make_topic

LOCALE_DIR = Path(wagtail_kb.__file__).resolve().parent / "locale"
PO = LOCALE_DIR / "de" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

GERMAN = override_settings(LANGUAGE_CODE="de", LANGUAGES=[("de", "Deutsch"), ("en", "English")])


def unquote(text):
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), text)


def po_entries(path):
    """Each entry of a .po file as a dict: flags (set) and msgid, msgid_plural, msgstr[N]…"""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, current = {"flags": set()}, None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#") or not line.strip():
                continue
            elif m := re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line):
                current = m[1]
                entry[current] = unquote(m[2])
            elif m := re.match(r'^"(.*)"$', line):
                entry[current] += unquote(m[1])
            else:
                raise AssertionError(f"Unreadable line in {path.name}: {line!r}")
        if "msgid" in entry:
            entries.append(entry)
    return entries


PLACEHOLDER = re.compile(r"%%|%\(\w+\)[sd]")


class GermanCatalogueTests(SimpleTestCase):
    def setUp(self):
        self.entries = [e for e in po_entries(PO) if not e.get("obsolete")]
        self.messages = [e for e in self.entries if e["msgid"]]

    def test_catalogue_exists_and_is_not_empty(self):
        self.assertTrue(PO.is_file(), PO)
        self.assertTrue(MO.is_file(), MO)
        self.assertGreater(len(self.messages), 100)

    def test_header_declares_german_plurals(self):
        header = self.entries[0]
        self.assertEqual(header["msgid"], "")
        self.assertNotIn("fuzzy", header["flags"])
        self.assertIn("Language: de\n", header["msgstr"])
        self.assertIn("Plural-Forms: nplurals=2; plural=(n != 1);\n", header["msgstr"])

    def test_every_message_is_translated_and_none_is_fuzzy(self):
        fuzzy = [e["msgid"] for e in self.messages if "fuzzy" in e["flags"]]
        self.assertEqual(fuzzy, [], "fuzzy entries")
        untranslated = []
        for e in self.messages:
            strs = [v for k, v in e.items() if k.startswith("msgstr")]
            expected = 2 if "msgid_plural" in e else 1
            if len(strs) != expected or not all(s.strip() for s in strs):
                untranslated.append(e["msgid"])
        self.assertEqual(untranslated, [], "untranslated entries")

    def test_translations_keep_every_placeholder(self):
        for e in self.messages:
            sources = [e["msgid"], e.get("msgid_plural", e["msgid"])]
            wanted = [sorted(PLACEHOLDER.findall(s)) for s in sources]
            for key, value in e.items():
                if key.startswith("msgstr"):
                    with self.subTest(msgid=e["msgid"], form=key):
                        self.assertIn(sorted(PLACEHOLDER.findall(value)), wanted)

    def test_compiled_catalogue_matches_the_po(self):
        """django.mo says what django.po says (read with Python's gettext: no msgfmt needed)."""
        with MO.open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)._catalog
        for entry in self.messages:
            context = entry.get("msgctxt")
            key = f"{context}\x04{entry['msgid']}" if context else entry["msgid"]
            if "msgid_plural" in entry:
                for form in (0, 1):
                    self.assertEqual(
                        compiled.get((key, form)),
                        entry[f"msgstr[{form}]"],
                        f"django.mo is stale for {entry['msgid']!r}: recompile it from django.po",
                    )
            else:
                self.assertEqual(
                    compiled.get(key),
                    entry["msgstr"],
                    f"django.mo is stale for {entry['msgid']!r}: recompile it from django.po",
                )


@GERMAN
class GermanPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.topic = make_topic(cls.home, "Accounts")
        cls.article = make_article(
            cls.topic,
            "Reset your password",
            body=[
                ("heading", "Ask for a reset link"),
                ("paragraph", "<p>Open the sign-in page.</p>"),
                ("heading", "Choose a new password"),
            ],
        )

    def test_the_site_language_is_german(self):
        self.assertEqual(translation.get_language(), "de")

    def test_kb_home(self):
        response = self.client.get(self.home.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Wie können wir helfen?")
        self.assertNotContains(response, "How can we help?")

    def test_article(self):
        response = self.client.get(self.article.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Inhaltsverzeichnis")
        self.assertContains(response, "Alle Themen")
        self.assertContains(response, "War dieser Artikel hilfreich?")
        self.assertNotContains(response, "Table of contents")
        self.assertNotContains(response, "All topics")

    def test_plural_forms(self):
        self.assertEqual(
            translation.ngettext("%(stars)s star", "%(stars)s stars", 1) % {"stars": 1},
            "1 Stern",
        )
        self.assertEqual(
            translation.ngettext("%(stars)s star", "%(stars)s stars", 4) % {"stars": 4},
            "4 Sterne",
        )


class EnglishStaysEnglishTests(TestCase):
    def test_kb_home_in_english(self):
        home = make_home()
        response = self.client.get(home.url)
        self.assertContains(response, "How can we help?")
        self.assertNotContains(response, "Wie können wir helfen?")
