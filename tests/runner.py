"""The suite's runner: with WAGTAILKB_TESTS_STRICT=1 (CI), a skipped test is a failure.

Tests that need PostgreSQL or Chromium skip when those are missing on a developer's machine; CI
installs both, so a skip there means something it promised to test was not tested.

WAGTAILKB_SKIP_BROWSER=1 leaves the browser tests (``tests.browser``) out of the suite altogether,
so they are neither run nor counted as skipped: the tox matrix uses it to stay fast, while the
main CI run (``make test``) runs them.
"""

import os
import unittest

from django.test.runner import DiscoverRunner
from django.test.utils import iter_test_cases

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
        if os.environ.get("WAGTAILKB_TESTS_STRICT") == "1" and result.skipped:
            for test, reason in result.skipped:
                print(f"SKIPPED IN STRICT MODE: {test}: {reason}")
            result.errors.append(
                (unittest.TestCase("run"), f"{len(result.skipped)} test(s) skipped in strict mode")
            )
        return result
