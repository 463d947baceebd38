"""What every browser test shares: a live server, one headless Chromium per class, axe-core.

``BrowserTestCase`` starts Django's live server on 127.0.0.1 (static files served from the apps,
as ``runserver`` does) and one Chromium for the whole class; each test opens its own browser
context (cookies, viewport, JavaScript on or off) through ``new_page``, closed after the test.
"""

import json
import os
import threading
import unittest
from pathlib import Path

from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - the "test" extra installs it
    expect = sync_playwright = None

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Violations at these levels fail a test; "minor" and "moderate" ones are reported only.
AXE_FAILING_IMPACTS = ("serious", "critical")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
TIMEOUT_MS = 10_000


def missing_requirement():
    """Why the browser tests cannot run here, or None."""
    if sync_playwright is None:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """A thread per browser connection, but one page request served at a time.

    On SQLite in memory every server thread uses the test's one database connection; two
    requests at once (Wagtail's autosave or live preview beside a publish) interleave their
    transactions on it and one of them answers 500. Static and media files, which never touch
    the database, are still served side by side. Sites run real servers with a connection per
    thread; only the test server needs this.
    """

    def set_app(self, application):
        # The live server's handler is static files → media files → Django: lock Django only.
        parent = application
        while hasattr(getattr(parent, "application", None), "application"):
            parent = parent.application
        if hasattr(parent, "application"):
            parent.application = _one_at_a_time(parent.application)
        else:
            application = _one_at_a_time(application)
        super().set_app(application)


def _one_at_a_time(application):
    lock = threading.Lock()

    def serve(environ, start_response):
        with lock:
            response = application(environ, start_response)
            try:
                return list(response)
            finally:
                if hasattr(response, "close"):
                    response.close()

    return serve


class OneRequestAtATimeThread(LiveServerThread):
    server_class = OneRequestAtATimeServer


class BrowserTestCase(StaticLiveServerTestCase):
    host = "127.0.0.1"
    server_thread_class = OneRequestAtATimeThread
    # The live server needs a TransactionTestCase, which empties the database after each test:
    # bring back what migrations created (Wagtail's root page and default site) before the next.
    serialized_rollback = True

    @classmethod
    def setUpClass(cls):
        reason = missing_requirement()
        if reason:
            raise unittest.SkipTest(reason)
        # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to
        # run next to it without this.
        previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        cls.addClassCleanup(_restore_env, "DJANGO_ALLOW_ASYNC_UNSAFE", previous)
        super().setUpClass()
        database_connections = {alias: connections[alias] for alias in connections}
        cls.playwright = sync_playwright().start()
        cls.addClassCleanup(cls.playwright.stop)
        # From here on an event loop runs in this thread, and Django (through asgiref) would
        # keep a second set of database connections for it: one that never saw the test
        # database's serialized contents, so serialized_rollback would silently do nothing.
        # Keep using the connections the test database was set up with.
        for alias, connection in database_connections.items():
            connections[alias] = connection
        cls.browser = launch_chromium(cls.playwright)
        cls.addClassCleanup(cls.browser.close)

    # Pages ------------------------------------------------------------------------------------

    def url(self, path):
        return self.live_server_url + path

    def new_page(self, *, viewport=DESKTOP, javascript=True, **options):
        """A page in a fresh browser context; script errors in it fail the test."""
        context = self.browser.new_context(
            viewport=viewport,
            java_script_enabled=javascript,
            base_url=self.live_server_url,
            **options,
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.addCleanup(context.close)
        # Tests never leave 127.0.0.1: players of video and slide frames are not fetched.
        local = self.live_server_url
        context.route(lambda url: not url.startswith(local), lambda route: route.abort())
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        self.addCleanup(self._assert_no_script_errors, errors)
        return page

    def _assert_no_script_errors(self, errors):
        self.assertEqual(errors, [], "JavaScript errors on the page")

    def login(self, page, username, password):
        page.goto("/admin/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    # Accessibility ----------------------------------------------------------------------------

    def axe_violations(self, page):
        """axe-core's violations on the page as it is now (all of them, any impact)."""
        if not AXE_SCRIPT.exists():
            self.skipTest(f"axe-core is not installed ({AXE_SCRIPT}): run `npm ci`")
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.add_script_tag(path=str(AXE_SCRIPT))
        result = page.evaluate(
            """() => axe.run(document, {
                resultTypes: ["violations"],
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                 "wcag22aa", "best-practice"]},
            })"""
        )
        return result["violations"]

    def assert_accessible(self, page, what):
        """No serious or critical axe-core violation on ``page``."""
        failing = [v for v in self.axe_violations(page) if v["impact"] in AXE_FAILING_IMPACTS]
        if failing:
            report = [
                {
                    "rule": v["id"],
                    "impact": v["impact"],
                    "help": v["help"],
                    "nodes": [
                        {"target": n["target"], "summary": n.get("failureSummary", "")}
                        for n in v["nodes"][:5]
                    ],
                }
                for v in failing
            ]
            self.fail(f"axe-core on {what} ({page.url}):\n{json.dumps(report, indent=2)}")

    # Layout -----------------------------------------------------------------------------------

    def assert_no_horizontal_scroll(self, page, width):
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        self.assertLessEqual(scroll_width, width, f"{page.url} scrolls sideways at {width}px")


def _restore_env(name, value):
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
