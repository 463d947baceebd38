"""What the suite needs to know about the database it runs on.

``needs_concurrent_writers``: the class decorator of tests where real threads write at the same
instant (vote races, click replays, summary rows). They run on PostgreSQL and on MariaDB/MySQL;
SQLite serialises writers, so they skip there: the only skip strict mode (WAGTAILKB_TESTS_STRICT=1,
CI) lets pass, and only on SQLite.

``SearchIndexTestCase``: the base class of tests that search through *Wagtail's* search backend
(the admin's page, snippet and document searches). On MySQL and MariaDB that backend uses InnoDB
``FULLTEXT`` indexes, which see committed rows only, so a search inside the transaction Django's
``TestCase`` wraps every test in finds nothing there. On those databases the class is a
``TransactionTestCase`` (every test commits; the tables are emptied afterwards and the rows
migrations made, such as Wagtail's root page and default site, are put back); on SQLite and
PostgreSQL it is the faster ``TestCase``. The KB's own search (``wagtail_kb.search``: its word
index in ordinary tables) needs none of this.

``QuickRollbackMixin``: puts those rows back with one ``INSERT`` per table instead of Django's
two queries per row (about 640 rows: content types, permissions, Wagtail's groups, locale, root
page, collection and site). On MariaDB that is the difference between about 1,500 queries and
about 40 before every test.
"""

from io import StringIO
from unittest import skipUnless

from django.core import serializers
from django.db import connection, connections, transaction
from django.test import TestCase, TransactionTestCase


def is_mysql(alias="default"):
    """True on MySQL and MariaDB (Django's ``mysql`` backend serves both)."""
    return connections[alias].vendor == "mysql"


CONCURRENT_VENDORS = ("postgresql", "mysql")
# The one skip strict mode accepts, and only on SQLite (tests/runner.py).
NO_CONCURRENT_WRITERS = (
    "needs concurrent writers: PostgreSQL or MariaDB/MySQL (DATABASE_URL=postgres://… or mysql://…)"
)

needs_concurrent_writers = skipUnless(
    connection.vendor in CONCURRENT_VENDORS, NO_CONCURRENT_WRITERS
)


def restore_serialized_contents(connection):
    """Load ``connection._test_serialized_contents`` (what migrations made) back, in bulk.

    The same rows as Django's ``deserialize_db_from_string`` (which saves them one by one):
    grouped by model, in the serializer's order, many-to-many links (such as a group's
    permissions) after them, constraint checks off until the end of the transaction. The rows
    were read from this database right after its migrations, so its constraints hold, and a row
    that is there already (before the first flush) is the same row.
    """
    alias = connection.alias
    rows, links = {}, {}
    data = StringIO(connection._test_serialized_contents)
    for item in serializers.deserialize("json", data, using=alias):
        instance = item.object
        rows.setdefault(type(instance), []).append(instance)
        for name, targets in (item.m2m_data or {}).items():
            field = instance._meta.get_field(name)
            through = field.remote_field.through
            source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
            links.setdefault(through, []).extend(
                through(**{source: instance.pk, target: pk}) for pk in targets
            )
    with transaction.atomic(using=alias), connection.constraint_checks_disabled():
        for model, instances in [*rows.items(), *links.items()]:
            if model._meta.parents:  # multi-table inheritance: bulk_create cannot, save raw
                for instance in instances:
                    instance.save_base(using=alias, raw=True)
            else:
                # Rows already there (the first test after migrations) are the same rows.
                model._base_manager.using(alias).bulk_create(instances, ignore_conflicts=True)


class QuickRollbackMixin:
    """For a ``TransactionTestCase`` with ``serialized_rollback``: restore in bulk."""

    @classmethod
    def _fixture_setup(cls):
        if not cls.serialized_rollback:
            return super()._fixture_setup()
        for alias in cls._databases_names(include_mirrors=False):
            connection = connections[alias]
            if getattr(connection, "_test_serialized_contents", None):
                restore_serialized_contents(connection)
        # Django's own, slower restore is skipped; the flag is back for the teardown's flush.
        cls.serialized_rollback = False
        try:
            return super()._fixture_setup()
        finally:
            cls.serialized_rollback = True


if is_mysql():

    class SearchIndexTestCase(QuickRollbackMixin, TransactionTestCase):
        # Wagtail's root page and default site come from migrations: keep them for later tests.
        serialized_rollback = True

else:

    class SearchIndexTestCase(TestCase):
        pass
