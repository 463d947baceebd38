"""Knowledge base → Import through Django's test client: upload, dry-run report, import in steps,
and every bad input (not XML, wrong encoding, too large, cut short, unknown KB, no permission,
someone else's job, no CSRF token)."""

import gzip
import shutil
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase, override_settings
from django.test.client import RequestFactory
from wagtail.admin.menu import admin_menu
from wagtail.models import GroupPagePermission

from tests.admin.helpers import make_user, soup
from tests.utils import make_home
from wagtail_kb.models import ImportedItem, KBArticlePage, KBTopicPage

from .base import ECHO, TRUNCATED

INDEX = "/admin/kb/import/"


def upload(path_or_bytes, name=None):
    if isinstance(path_or_bytes, Path):
        return SimpleUploadedFile(name or path_or_bytes.name, path_or_bytes.read_bytes())
    return SimpleUploadedFile(name, path_or_bytes)


def menu_names(items, request):
    names = []
    for item in items:
        if item.is_shown(request):
            names.append(item.name)
            menu = getattr(item, "menu", None)
            if menu is not None:
                names += menu_names(menu.menu_items_for_request(request), request)
    return names


class AdminImportTests(TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder, True)
        override = override_settings(WAGTAILKB_IMPORT_DIR=self.folder)
        override.enable()
        self.addCleanup(override.disable)
        self.home = make_home()
        self.other = make_home(title="Developers", slug="developers")
        editors = Group.objects.create(name="Help editors")
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(
                group=editors,
                page=self.home,
                permission=Permission.objects.get(
                    codename=codename, content_type__app_label="wagtailcore"
                ),
            )
        self.editor = make_user("editor", groups=["Help editors"])
        self.client.force_login(self.editor)

    # --- helpers --------------------------------------------------------------------------------

    def start(self, file, home=None, publish=True, client=None):
        data = {"file": file, "home": str((home or self.home).pk)}
        if publish:
            data["publish"] = "on"
        return (client or self.client).post(INDEX, data)

    def job_url(self, response):
        self.assertEqual(response.status_code, 302, response.content[:2000])
        return response["Location"]

    def continue_form(self, page):
        """The form that takes the next step, if the page has one (parsed from the form on: the
        whole admin page, for each of the import's many steps, would cost more than the step)."""
        html = page.content.decode()
        marker = html.find("data-kb-import-continue")
        if marker < 0:
            return None
        start = max(html.rfind("<form", 0, marker), 0)
        return BeautifulSoup(html[start:], "html.parser").find(
            "form", attrs={"data-kb-import-continue": True}
        )

    def run_steps(self, job_url, limit=400):
        for _ in range(limit):
            page = self.client.get(job_url)
            form = self.continue_form(page)
            if form is None:
                return page
            response = self.client.post(form["action"])
            self.assertEqual(response.status_code, 302)
        self.fail("the import did not finish")

    def action(self, page, label):
        for form in soup(page).find_all("form"):
            if form.button and form.button.get_text(strip=True) == label:
                return form["action"]
        self.fail(f"no {label} button")

    def assert_nothing_written(self):
        self.assertEqual(KBArticlePage.objects.count(), 0)
        self.assertEqual(KBTopicPage.objects.count(), 0)
        self.assertEqual(ImportedItem.objects.count(), 0)
        self.assertEqual(list(Path(self.folder).iterdir()), [])

    def file_error(self, response):
        self.assertEqual(response.status_code, 400)
        page = soup(response)
        errors = [node.get_text(" ", strip=True) for node in page.select(".error-message")]
        self.assertTrue(errors, response.content.decode()[:3000])
        return " ".join(errors)

    # --- the way through ------------------------------------------------------------------------

    @override_settings(WAGTAILKB_IMPORT_STEP_SECONDS=0)
    def test_upload_dry_run_report_then_import_in_steps(self):
        form_page = self.client.get(INDEX)
        self.assertEqual(form_page.status_code, 200)
        options = [o.get_text() for o in soup(form_page).select("select[name=home] option")]
        self.assertEqual(options, ["Help centre (/help/)"])  # not the KB they may not add to

        job_url = self.job_url(self.start(upload(ECHO)))
        first = self.client.get(job_url)
        self.assertContains(first, "Checking the file (nothing is written yet)")
        self.assertContains(first, "<progress")
        report = self.run_steps(job_url)
        self.assertEqual(KBArticlePage.objects.count(), 0)  # a dry run writes nothing
        self.assertContains(report, "What the import will do")
        self.assertContains(report, "would create: 6 topics, 14 articles")
        self.assertContains(report, "Update your card")
        self.assertContains(report, "tags: cards, payments")

        self.assertEqual(self.client.post(self.action(report, "Import")).status_code, 302)
        done = self.run_steps(job_url)
        self.assertContains(done, "Import done")
        self.assertContains(done, "created: 6 topics, 14 articles")
        self.assertEqual(KBArticlePage.objects.count(), 14)
        card = KBArticlePage.objects.get(title="Update your card")
        self.assertTrue(card.live)
        self.assertEqual(card.owner, self.editor)
        self.assertEqual(sorted(card.tags.names()), ["cards", "payments"])
        self.assertEqual(card.get_parent().get_parent().pk, self.home.pk)
        # The export (private posts, passwords) is not kept once imported.
        [job_folder] = Path(self.folder).iterdir()
        self.assertEqual(sorted(p.name for p in job_folder.iterdir()), ["state.json"])

    def test_steps_are_posts(self):
        job_url = self.job_url(self.start(upload(ECHO)))
        self.assertEqual(self.client.get(job_url + "step/").status_code, 405)
        self.assertEqual(self.client.get(job_url + "confirm/").status_code, 405)

    def test_cancel_removes_the_upload(self):
        job_url = self.job_url(self.start(upload(ECHO)))
        report = self.run_steps(job_url)
        self.client.post(self.action(report, "Cancel"))
        self.assert_nothing_written()
        self.assertEqual(self.client.get(job_url).status_code, 404)

    def test_a_step_while_another_runs_waits(self):
        job_url = self.job_url(self.start(upload(ECHO)))
        [job_folder] = Path(self.folder).iterdir()
        (job_folder / "lock").write_text("")
        response = self.client.post(job_url + "step/", follow=True)
        self.assertContains(response, "already running")
        self.assertContains(response, "0 of ")

    # --- bad files ------------------------------------------------------------------------------

    def test_a_file_that_is_not_xml(self):
        png = (Path(ECHO).parent / "uploads" / "2026" / "05" / "sync-diagram.png").read_bytes()
        error = self.file_error(self.start(upload(png, "export.xml")))
        self.assertIn("export.xml", error)
        self.assertIn("line 1", error)
        self.assert_nothing_written()

    def test_xml_that_is_not_a_wordpress_export(self):
        error = self.file_error(self.start(upload(b"<?xml version='1.0'?><html/>", "page.xml")))
        self.assertIn("not a WordPress export", error)
        self.assert_nothing_written()

    def test_the_wrong_encoding(self):
        utf16 = ECHO.read_text().encode("utf-16")
        error = self.file_error(self.start(upload(utf16, "echo.xml")))
        self.assertIn("echo.xml", error)
        self.assert_nothing_written()

    def test_a_file_cut_short(self):
        error = self.file_error(self.start(upload(TRUNCATED)))
        self.assertIn("cut short", error)
        self.assert_nothing_written()

    @override_settings(WAGTAILKB_IMPORT_MAX_UPLOAD_SIZE=64 * 1024)
    def test_a_file_over_the_size_limit(self):
        big = b"<rss>" + b" " * (65 * 1024) + b"</rss>"
        error = self.file_error(self.start(upload(big, "big.xml")))
        self.assertIn("The file has 65.0\xa0KB, more than the 64.0\xa0KB", error)
        self.assert_nothing_written()

    def test_a_compressed_bomb_is_never_unpacked(self):
        bomb = gzip.compress(b"\0" * (20 * 1024 * 1024))  # 20 MB of zeros in about 20 KB
        self.assertLess(len(bomb), 100 * 1024)
        error = self.file_error(self.start(upload(bomb, "export.xml")))
        self.assertIn("export.xml", error)
        self.assert_nothing_written()
        error = self.file_error(self.start(upload(bomb, "export.xml.gz")))
        self.assertIn("not “export.xml.gz”", error)

    def test_no_file_or_another_kind_of_file(self):
        response = self.client.post(INDEX, {"home": str(self.home.pk)})
        self.assertIn("This field is required", self.file_error(response))
        error = self.file_error(self.start(upload(b"PK\x03\x04", "site.zip")))
        self.assertIn("Upload a WordPress export (.xml), an .html or a .md file", error)
        self.assert_nothing_written()

    def test_the_form_keeps_the_choices_after_an_error(self):
        response = self.start(upload(TRUNCATED), publish=True)
        page = soup(response)
        self.assertTrue(page.find("input", attrs={"name": "publish", "checked": True}))
        selected = page.select_one("select[name=home] option[selected]")
        self.assertEqual(selected["value"], str(self.home.pk))

    # --- who may ------------------------------------------------------------------------------

    def test_an_unknown_kb(self):
        error = self.file_error(self.start(upload(ECHO), home=KBArticlePage(pk=987654)))
        self.assertIn("Choose one of the knowledge bases you may add pages to", error)
        self.assert_nothing_written()

    def test_a_kb_the_user_may_not_add_to(self):
        error = self.file_error(self.start(upload(ECHO), home=self.other))
        self.assertIn("Choose one of the knowledge bases you may add pages to", error)
        self.assert_nothing_written()

    def test_a_user_who_may_add_pages_nowhere(self):
        client = Client()
        client.force_login(make_user("reader"))
        self.assertEqual(client.get(INDEX).status_code, 403)
        self.assertEqual(self.start(upload(ECHO), client=client).status_code, 403)
        self.assert_nothing_written()

    def test_the_menu_shows_import_to_those_who_may_use_it(self):
        request = RequestFactory().get("/admin/")
        request.user = self.editor
        self.assertIn("kb-import", menu_names(admin_menu.menu_items_for_request(request), request))
        request.user = make_user("reader")
        self.assertNotIn(
            "kb-import", menu_names(admin_menu.menu_items_for_request(request), request)
        )

    def test_someone_elses_job_is_not_found(self):
        job_url = self.job_url(self.start(upload(ECHO)))
        other = Client()
        colleague = make_user("colleague", groups=["Help editors"])
        other.force_login(colleague)
        self.assertEqual(other.get(job_url).status_code, 404)
        self.assertEqual(other.post(job_url + "step/").status_code, 404)
        self.assertEqual(other.post(job_url + "confirm/").status_code, 404)
        self.assertEqual(other.post(job_url + "cancel/").status_code, 404)
        self.assertEqual(self.client.get(INDEX + "not-a-job/").status_code, 404)
        self.assertEqual(self.client.get(INDEX + "0" * 32 + "/").status_code, 404)

    def test_a_permission_taken_away_during_the_import(self):
        job_url = self.job_url(self.start(upload(ECHO)))
        GroupPagePermission.objects.all().delete()
        self.assertEqual(self.client.post(job_url + "step/").status_code, 403)
        self.assertEqual(self.client.get(job_url).status_code, 403)

    def test_a_post_without_the_csrf_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.editor)
        self.assertEqual(self.start(upload(ECHO), client=client).status_code, 403)
        self.assert_nothing_written()
        job_url = self.job_url(self.start(upload(ECHO)))
        self.assertEqual(client.post(job_url + "step/").status_code, 403)

    def test_signed_out_visitors_are_sent_to_the_login(self):
        response = Client().get(INDEX)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])
