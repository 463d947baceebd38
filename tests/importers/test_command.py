"""``manage.py kb_import`` with exports made by a real WordPress (scripts/fixtures/)."""

import shutil
import tempfile
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.test import TestCase
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Revision

from tests.utils import make_home
from wagtail_kb.models import ImportedItem, KBArticlePage, KBTopicPage

from .base import ALL, BETTERDOCS, ECHO, HEROIC, HOSTILE, TRUNCATED, UPLOADS, ImportMixin, kb_import


def article(title):
    return KBArticlePage.objects.get(title=title)


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "records": ImportedItem.objects.count(),
        "redirects": Redirect.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
    }


class AllContentTests(TestCase):
    """The 'all content' export: the category tree, every status, links, media."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_home()
        cls.output = kb_import(ALL, "--into", "/help/", "--publish", "--uploads", UPLOADS)

    def test_nested_categories_become_nested_topics(self):
        linux = KBTopicPage.objects.get(title="Linux")
        chain = [
            p.title for p in linux.get_ancestors(inclusive=True).filter(depth__gt=self.home.depth)
        ]
        self.assertEqual(chain, ["Getting started", "Installation", "Desktop apps", "Linux"])
        self.assertEqual(article("Install Larkspur on Linux").get_parent().specific, linux)

    def test_titles_are_unescaped(self):
        self.assertTrue(KBTopicPage.objects.filter(title="Account & Billing").exists())
        self.assertTrue(
            KBArticlePage.objects.filter(title="Account & Billing: questions we hear most").exists()
        )
        billing = KBTopicPage.objects.get(title="Account & Billing")
        self.assertEqual(billing.intro, "Plans, invoices & payment cards.")
        response = self.client.get(billing.url)
        self.assertContains(response, "Account &amp; Billing")
        self.assertNotContains(response, "Account &amp;amp; Billing")

    def test_order_is_menu_order_then_date(self):
        invoices = KBTopicPage.objects.get(title="Invoices")
        # "Update your card" has menu_order 1, "Download an invoice" 2 (and an earlier date).
        self.assertEqual(
            [p.title for p in invoices.get_children()], ["Update your card", "Download an invoice"]
        )
        calendar = KBTopicPage.objects.get(title="Calendar")
        self.assertEqual(
            [p.title for p in calendar.get_children()],
            ["Connect Google Calendar", "Connect Outlook"],
        )
        # BetterDocs' category order (term meta) orders the topics: Setup (1) before Security (2).
        top = [p.title for p in Page.objects.child_of(self.home)]
        self.assertLess(top.index("Setup"), top.index("Security & Privacy"))

    def test_slug_from_post_name_or_title(self):
        self.assertEqual(article("Welcome session recap").slug, "welcome-session-recap")
        # A draft has no post_name in WordPress: the slug comes from the title.
        self.assertEqual(article("Keyboard shortcuts").slug, "keyboard-shortcuts")

    def test_statuses(self):
        self.assertTrue(article("Welcome session recap").live)
        for title in ("Keyboard shortcuts", "Team admin guide", "What's new in Larkspur 4"):
            self.assertFalse(article(title).live, title)
        self.assertFalse(KBArticlePage.objects.filter(title="Old pricing page").exists())
        self.assertIn("1 in the trash", self.output)
        self.assertIn("2 attachments", self.output)
        self.assertIn("1 menu items", self.output)

    def test_private_is_never_public(self):
        private = article("Refund rules for support staff")
        self.assertFalse(private.live)
        restriction = PageViewRestriction.objects.get(page=private)
        self.assertEqual(restriction.restriction_type, PageViewRestriction.GROUPS)
        self.assertIn(Group.objects.get(name="Editors"), restriction.groups.all())
        # Even published by an editor later, the public cannot read it.
        private.save_revision().publish()
        response = self.client.get(private.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])
        # A second run leaves the restriction in place.
        kb_import(ALL, "--into", "/help/", "--publish")
        private.refresh_from_db()
        self.assertTrue(PageViewRestriction.objects.filter(page=private).exists())

    def test_password_becomes_a_password_restriction(self):
        protected = article("Beta programme notes")
        self.assertTrue(protected.live)
        restriction = PageViewRestriction.objects.get(page=protected)
        self.assertEqual(restriction.restriction_type, PageViewRestriction.PASSWORD)
        self.assertEqual(restriction.password, "larkspur-beta")
        response = self.client.get(protected.url)
        self.assertNotContains(response, "Beta builds update every Tuesday", status_code=200)

    def test_links_between_items_become_page_links(self):
        plan = article("Change your plan")
        html = str(plan.body.raw_data)
        invoice, card = article("Download an invoice"), article("Update your card")
        self.assertIn(f'linktype=\\"page\\" id=\\"{invoice.pk}\\"', html.replace('"', '\\"'))
        self.assertIn(f'id=\\"{card.pk}\\"', html.replace('"', '\\"'))  # the ?p= address
        response = self.client.get(plan.url)
        self.assertContains(response, f'href="{invoice.url}"')
        # A link to an item later in the file works too (Connect Outlook → Google Calendar).
        outlook = self.client.get(article("Connect Outlook").url)
        self.assertContains(outlook, f'href="{article("Connect Google Calendar").url}"')

    def test_old_urls_redirect(self):
        recap = article("Welcome session recap")
        response = self.client.get("/knowledge-base/welcome-session-recap/")
        self.assertRedirects(response, recap.url, status_code=301, fetch_redirect_response=False)
        # Drafts had no public address: no redirect.
        self.assertFalse(
            Redirect.objects.filter(redirect_page=article("Keyboard shortcuts")).exists()
        )

    def test_images_from_uploads(self):
        image = get_image_model().objects.get()
        # The body used WordPress's resized copy; the original is imported, with the attachment's
        # alt text (the <img> had none).
        self.assertEqual((image.width, image.height), (40, 20))
        linux = article("Install Larkspur on Linux")
        blocks = [b for b in linux.body if b.block_type == "image"]
        self.assertEqual(blocks[0].value.pk, image.pk)
        self.assertEqual(
            blocks[0].value.contextual_alt_text,
            "Two laptops and a phone sending notes to the Larkspur cloud",
        )
        # The screenshot missing from the uploads folder stays a link.
        response = self.client.get(linux.url)
        self.assertContains(
            response, 'alt="Two laptops and a phone sending notes to the Larkspur cloud"'
        )
        self.assertContains(response, "missing-screenshot.png")

    def test_pdf_becomes_a_deck_with_a_document(self):
        recap = article("Welcome session recap")
        decks = [b.value for b in recap.body if b.block_type == "deck"]
        self.assertEqual(decks[1]["document"], get_document_model().objects.get())

    def test_the_model_article(self):
        recap = article("Welcome session recap")
        types = [b.block_type for b in recap.body]
        self.assertEqual(types, ["paragraph", "video", "deck", "highlights", "takeaways", "deck"])
        video = recap.body[1].value
        self.assertEqual(video["heading"], "The Presentation")
        self.assertEqual(video["url"], "https://www.youtube.com/watch?v=Zm9vYmFyMTI")
        self.assertEqual(video["caption"], "Recorded live, with questions at the end")
        self.assertEqual(recap.body[2].value["heading"], "The Deck")
        self.assertEqual(recap.body[3].value["heading"], "What We Loved About the Session")
        self.assertEqual(len(recap.body[3].value["items"]), 3)
        self.assertEqual(recap.body[4].value["heading"], "The Key Takeaways")
        self.assertEqual(
            recap.intro, "The video, the slides and what we took away from the welcome session."
        )
        response = self.client.get(recap.url)
        self.assertContains(response, "youtube-nocookie.com/embed/Zm9vYmFyMTI")
        self.assertContains(
            response, "docs.google.com/presentation/d/e/2PACX-1vLarkspurWelcomeDeck/embed"
        )

    def test_other_post_types_only_when_named(self):
        self.assertFalse(KBArticlePage.objects.filter(title="Larkspur 3.2 is out").exists())
        self.assertIn("'post' items (not a knowledge-base post type)", self.output)
        kb_import(ALL, "--into", str(self.home.pk), "--post-type", "post")
        post = article("Larkspur 3.2 is out")
        self.assertEqual(post.get_parent().title, "Announcements")

    def test_second_run_updates_and_never_duplicates(self):
        before = counts()
        output = kb_import(ALL, "--into", "/help/", "--publish", "--uploads", UPLOADS)
        self.assertEqual(counts(), before)
        self.assertIn("unchanged: 13 topics, 19 articles.", output)

    def test_changed_source_gives_a_new_revision(self):
        recap = article("Welcome session recap")
        revisions = recap.revisions.count()
        with tempfile.TemporaryDirectory() as folder:
            changed = Path(folder) / "all.xml"
            changed.write_text(ALL.read_text().replace("forty minutes", "forty-five minutes"))
            output = kb_import(changed, "--into", "/help/", "--publish", "--uploads", UPLOADS)
        recap.refresh_from_db()
        self.assertEqual(recap.revisions.count(), revisions + 1)
        self.assertIn("forty-five minutes", str(recap.body.raw_data))
        self.assertEqual(KBArticlePage.objects.filter(title="Welcome session recap").count(), 1)
        self.assertIn("updated", output)


class SinglePostTypeTests(ImportMixin, TestCase):
    def test_categories_without_definitions_are_placed_at_the_top(self):
        output = kb_import(ECHO, "--into", "/help/")
        invoices = KBTopicPage.objects.get(title="Invoices")
        self.assertEqual(invoices.get_parent().specific, self.home)
        self.assertIn("parent category is not in the export", output)
        self.assertFalse(article("Download an invoice").live)  # no --publish: drafts

    def test_after_an_all_content_import_the_same_topics_are_used(self):
        kb_import(ALL, "--into", "/help/")
        topics = KBTopicPage.objects.count()
        kb_import(ECHO, BETTERDOCS, HEROIC, "--into", "/help/")
        self.assertEqual(KBTopicPage.objects.count(), topics)
        self.assertEqual(KBArticlePage.objects.filter(title="Pin a note").count(), 1)


class DryRunAndErrorTests(ImportMixin, TestCase):
    def test_dry_run_writes_nothing(self):
        before = counts()
        output = kb_import(
            ALL, HOSTILE, "--into", "/help/", "--dry-run", "--publish", "--uploads", UPLOADS
        )
        self.assertEqual(counts(), before)
        self.assertIn("would create", output)
        self.assertIn("Dry run: nothing was written.", output)
        self.assertIn("Welcome session recap", output)
        self.assertIn("shortcodes (not rendered)", output)

    def test_truncated_file_fails_with_one_line_and_writes_nothing(self):
        before = counts()
        with self.assertRaises(CommandError) as raised:
            kb_import(ALL, TRUNCATED, "--into", "/help/")
        message = str(raised.exception)
        self.assertEqual(len(message.splitlines()), 1)
        self.assertIn("truncated.xml", message)
        self.assertIn("cut short", message)
        self.assertEqual(counts(), before)

    def test_malformed_files(self):
        with tempfile.TemporaryDirectory() as folder:
            cases = {
                "empty.xml": b"",
                "html.xml": b"<html><body>not an export</body></html>",
                "rss.xml": b'<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>',
                "broken.xml": ALL.read_bytes().replace(b"</wp:post_type>", b"</wp:post_typo>", 1),
                "entities.xml": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "a">]><r>&a;</r>',
            }
            for name, data in cases.items():
                path = Path(folder) / name
                path.write_bytes(data)
                with self.subTest(name), self.assertRaises(CommandError) as raised:
                    kb_import(path, "--into", "/help/")
                self.assertEqual(len(str(raised.exception).splitlines()), 1)
                self.assertIn(name, str(raised.exception))
            with self.assertRaises(CommandError):
                kb_import(Path(folder) / "missing.xml", "--into", "/help/")
        self.assertEqual(Page.objects.count(), 3)

    def test_unknown_kb_home(self):
        with self.assertRaises(CommandError) as raised:
            kb_import(ALL, "--into", "/nowhere/")
        self.assertIn("/help/", str(raised.exception))

    def test_missing_uploads_folder(self):
        with self.assertRaises(CommandError):
            kb_import(ALL, "--into", "/help/", "--uploads", "/no/such/folder")


class HostileTests(ImportMixin, TestCase):
    def test_nothing_executable_reaches_a_page(self):
        output = kb_import(HOSTILE, "--into", "/help/", "--publish")
        pages = KBArticlePage.objects.live()
        self.assertEqual(pages.count(), 4)
        for page in pages:
            body = str(page.body.raw_data).lower()
            for bad in (
                "<script",
                "<style",
                "onclick",
                "onerror",
                "onload",
                "onmouseover",
                "javascript:alert",
                'href="javascript',
                "data:text",
                "<iframe",
                "<svg",
                "<form",
                "<object",
                "<embed",
                "[gallery",
                "alert('p')",
            ):
                self.assertNotIn(bad, body, page.title)
            html = self.client.get(page.url).content.decode().lower()
            article_html = html[html.index('id="article-body"') : html.index('id="rating"')]
            for bad in ("<script", "onclick", "onerror", "javascript:alert", "evil.example/x.swf"):
                self.assertNotIn(bad, article_html, page.title)
        self.assertIn("javascript: links ×3", output)
        self.assertIn("[gallery]", output)
        self.assertIn("event handler attributes ×5", output)

    def test_broken_characters_are_replaced_and_reported(self):
        output = kb_import(HOSTILE, "--into", "/help/")
        page = article("Broken characters").get_latest_revision_as_object()  # a draft
        self.assertIn("Caf\ufffd au lait", str(page.body.raw_data))
        self.assertIn("CafÃ© crÃ¨me", str(page.body.raw_data))
        entry = output[output.index("Broken characters") :].split("\n")[1]
        self.assertIn("5 characters could not be read", entry)

    def test_titles_with_markup_become_text(self):
        kb_import(HOSTILE, "--into", "/help/")
        self.assertTrue(KBArticlePage.objects.filter(title="Nested markup & titles").exists())
        self.assertTrue(KBTopicPage.objects.filter(title='Hostile input & "quotes"').exists())

    def test_a_10_mb_body_is_skipped_and_reported(self):
        big = "<p>" + "Larkspur keeps notes in step. " * 350_000 + "</p>"
        self.assertGreater(len(big), 10_000_000)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "big.xml"
            path.write_text(
                HOSTILE.read_bytes()
                .decode("utf-8", "replace")
                .replace("<p>Entity trick:", big + "<p>Entity trick:", 1)
            )
            output = kb_import(path, "--into", "/help/")
        self.assertFalse(KBArticlePage.objects.filter(title="Scripts and handlers").exists())
        self.assertEqual(KBArticlePage.objects.count(), 3)
        self.assertIn("WAGTAILKB_IMPORT_MAX_BODY_SIZE", output)

    def test_auto_drafts_are_skipped(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "auto.xml"
            text = HOSTILE.read_bytes().decode("utf-8", "replace")
            path.write_text(
                text.replace(
                    "<wp:status><![CDATA[publish]]>", "<wp:status><![CDATA[auto-draft]]>", 1
                )
            )
            output = kb_import(path, "--into", "/help/")
        self.assertIn("1 auto-drafts", output)
        self.assertEqual(KBArticlePage.objects.count(), 3)


class IsolationTests(ImportMixin, TestCase):
    def test_an_item_that_fails_is_rolled_back_alone(self):
        # A page already at the slug a topic needs does not stop the import; an article whose
        # page was deleted after the first run is made again.
        kb_import(ALL, "--into", "/help/")
        article("Pin a note").delete()
        output = kb_import(ALL, "--into", "/help/")
        self.assertEqual(KBArticlePage.objects.filter(title="Pin a note").count(), 1)
        self.assertIn("created", output)

    def test_uploads_copy_is_not_needed_after_import(self):
        with tempfile.TemporaryDirectory() as folder:
            uploads = Path(folder) / "uploads"
            shutil.copytree(UPLOADS, uploads)
            kb_import(ALL, "--into", "/help/", "--uploads", uploads)
        self.assertEqual(get_image_model().objects.count(), 1)
        self.assertTrue(get_image_model().objects.get().file.read(8).startswith(b"\x89PNG"))
