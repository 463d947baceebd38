"""The suite's runner: with WAGTAILKB_TESTS_STRICT=1 (CI), a skipped test is a failure.

Tests that need Chromium or axe-core skip when those are missing on a developer's machine, and
the tests that need concurrent writers (``tests.database.needs_concurrent_writers``) skip on
SQLite; CI installs everything, so a skip there means something it promised to test was not
tested. The one exception: on SQLite, strict mode lets the concurrent-writer tests skip (CI runs
them on PostgreSQL and MariaDB), so every pass of CI can be strict.

WAGTAILKB_SKIP_BROWSER=1 leaves the browser tests (``tests.browser``) out of the suite altogether,
so they are neither run nor counted as skipped: CI runs them once, in the SQLite pass, and uses it
for the other passes to stay within its time (.ci/run).
"""

import os
import unittest

from django.db import connection
from django.test.runner import DiscoverRunner
from django.test.utils import iter_test_cases

from tests.database import NO_CONCURRENT_WRITERS

BROWSER_TESTS = "tests.browser"


def is_browser_test(test):
    # A module that failed to import shows up as "unittest.loader._FailedTest.<module name>".
    return f".{BROWSER_TESTS}." in f".{test.id()}."


class KBTestRunner(DiscoverRunner):
    def load_tests_for_label(self, label, discover_kwargs):
        tests = super().load_tests_for_label(label, discover_kwargs)
        if os.environ.get("WAGTAILKB_SKIP_BROWSER") != "1":
            return tests
        kept, left_out = [], 0
        for test in iter_test_cases(tests):
            if is_browser_test(test):
                left_out += 1
            else:
                kept.append(test)
        if left_out:
            self.log(f"WAGTAILKB_SKIP_BROWSER=1: left out {left_out} browser test(s).")
        return self.test_suite(kept)

    def run_suite(self, suite, **kwargs):
        result = super().run_suite(suite, **kwargs)
        if os.environ.get("WAGTAILKB_TESTS_STRICT") != "1":
            return result
        expected = {NO_CONCURRENT_WRITERS} if connection.vendor == "sqlite" else set()
        failing = [(test, reason) for test, reason in result.skipped if reason not in expected]
        if len(failing) < len(result.skipped):
            print(
                f"Strict mode: {len(result.skipped) - len(failing)} skip(s) on SQLite: "
                f"{NO_CONCURRENT_WRITERS}"
            )
        if failing:
            for test, reason in failing:
                print(f"SKIPPED IN STRICT MODE: {test}: {reason}")
            result.errors.append(
                (unittest.TestCase("run"), f"{len(failing)} test(s) skipped in strict mode")
            )
        return result
