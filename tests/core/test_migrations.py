"""The migrations the package ships are complete and install on the oldest supported Wagtail.

Generate new migrations with ``tox -e migrations`` (Django 5.2 + Wagtail 7.0): made under
Wagtail 8 they depend on ``wagtailcore.0098_apitoken`` and on the swappable
``settings.WAGTAIL_PAGE_MODEL``, neither of which Wagtail 7.0 has.
"""

import re
import sys
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from django.test import TestCase

# The newest migration of each Wagtail app in Wagtail 7.0, the oldest release we support.
WAGTAIL_70_LATEST = {
    "wagtailcore": "0094_alter_page_locale",
    "wagtailadmin": "0005_editingsession_is_editing",
    "wagtaildocs": "0014_alter_document_file_size",
    "wagtailembeds": "0009_embed_cache_until",
    "wagtailforms": "0005_alter_formsubmission_form_data",
    "wagtailimages": "0027_image_description",
    "wagtailredirects": "0008_add_verbose_name_plural",
    "wagtailsearch": "0009_remove_ngram_autocomplete",
    "wagtailsearchpromotions": "0007_searchpromotion_external_link_text_and_more",
    "wagtailusers": "0014_userprofile_contrast",
}


def _number(name):
    match = re.match(r"(\d{4})_", name)
    return int(match.group(1)) if match else None


class MigrationsTest(TestCase):
    def test_no_pending_model_changes(self):
        out = StringIO()
        try:
            call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
            pending = False
        except SystemExit:
            pending = True
        self.assertFalse(
            pending,
            "Models have changes that no migration records; run `tox -e migrations` "
            "(Django 5.2 + Wagtail 7.0) to make them:\n" + out.getvalue(),
        )

    def _kb_migrations(self):
        loader = MigrationLoader(None, ignore_no_migrations=True)
        migrations = [
            migration
            for (app_label, _name), migration in loader.disk_migrations.items()
            if app_label == "wagtail_kb"
        ]
        self.assertTrue(migrations, "wagtail_kb ships no migrations")
        return sorted(migrations, key=lambda migration: migration.name)

    def test_dependencies_exist_in_wagtail_70(self):
        for migration in self._kb_migrations():
            for dependency in migration.dependencies:
                with self.subTest(migration=migration.name, dependency=tuple(dependency)):
                    # Django's own AUTH_USER_MODEL exists everywhere; any other swappable
                    # setting (e.g. a Wagtail 8 one) may not exist on Wagtail 7.0.
                    self.assertIn(
                        getattr(dependency, "setting", None),
                        (None, settings.AUTH_USER_MODEL),
                        "swappable dependency: Wagtail 7.0 has no such setting",
                    )
                    app_label, name = dependency
                    if app_label not in WAGTAIL_70_LATEST:
                        continue
                    self.assertNotEqual(name, "__latest__")
                    if name == "__first__":
                        continue
                    self.assertLessEqual(
                        _number(name),
                        _number(WAGTAIL_70_LATEST[app_label]),
                        f"{app_label}.{name} is newer than Wagtail 7.0's "
                        f"{WAGTAIL_70_LATEST[app_label]}",
                    )

    def test_no_wagtail_8_only_names_in_source(self):
        # Wagtail 7.0 cannot even import a migration that reads settings.WAGTAIL_PAGE_MODEL.
        for migration in self._kb_migrations():
            source = Path(sys.modules[migration.__module__].__file__).read_text(encoding="utf-8")
            for name in ("WAGTAIL_PAGE_MODEL", "0098_apitoken"):
                with self.subTest(migration=migration.name, name=name):
                    self.assertFalse(name in source, f"{migration.name} mentions {name}")
