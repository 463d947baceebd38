"""The suite's runner: with WAGTAILKB_TESTS_STRICT=1 (CI), a skipped test is a failure.

Tests that need PostgreSQL or Chromium skip when those are missing on a developer's machine; CI
installs both, so a skip there means something it promised to test was not tested.
"""

import os
import unittest

from django.test.runner import DiscoverRunner


class KBTestRunner(DiscoverRunner):
    def run_suite(self, suite, **kwargs):
        result = super().run_suite(suite, **kwargs)
        if os.environ.get("WAGTAILKB_TESTS_STRICT") == "1" and result.skipped:
            for test, reason in result.skipped:
                print(f"SKIPPED IN STRICT MODE: {test}: {reason}")
            result.errors.append(
                (unittest.TestCase("run"), f"{len(result.skipped)} test(s) skipped in strict mode")
            )
        return result
