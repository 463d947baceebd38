"""An editor builds a topic and an article in the Wagtail admin, edits the KB's navigation and
resolves a reader's comment in the Knowledge base area."""

import re

from django.contrib.auth import get_user_model

from tests.utils import make_article, make_home, make_topic
from wagtail_kb.models import FeedbackComment, KBArticlePage, KBTopicPage

from .base import BrowserTestCase, expect

USERNAME, PASSWORD = "editor", "correct horse"


class EditorJourneyTests(BrowserTestCase):
    def setUp(self):
        get_user_model().objects.create_superuser(USERNAME, "editor@example.com", PASSWORD)
        self.page = self.new_page()
        self.login(self.page, USERNAME, PASSWORD)

    # Helpers for the StreamField editor --------------------------------------------------

    def add_block(self, label):
        """Append a block to the article's body; returns its prefix, e.g. ``#body-3``."""
        page = self.page
        count = page.locator("input[name='body-count']")
        index = int(count.input_value())
        page.get_by_role("button", name="Insert a block").last.click()
        page.get_by_role("option", name=label, exact=True).click()
        expect(count).to_have_value(str(index + 1))
        prefix = f"#body-{index}"
        expect(page.locator(f"[name='body-{index}-type']")).to_have_value(re.compile(".+"))
        return prefix

    def rich_text(self, hidden_input):
        """The Draftail editor that writes into ``hidden_input``."""
        widget = self.page.locator("[data-streamfield-widget]", has=self.page.locator(hidden_input))
        return widget.get_by_role("textbox")

    def fill_list(self, prefix, heading, items):
        page = self.page
        page.locator(f"{prefix}-value-heading").fill(heading)
        heading = page.locator(f"{prefix}-value-heading")
        block = page.locator("[data-streamfield-child]", has=heading)
        for index, item in enumerate(items):
            if index:
                block.get_by_role("button", name="Add").last.click()
            editor = self.rich_text(f"{prefix}-value-items-{index}-value")
            editor.click()
            page.keyboard.type(item)

    def publish(self):
        self.page.get_by_role("button", name="More actions").click()
        self.page.get_by_role("button", name="Publish").click()

    # The journeys --------------------------------------------------------------------------

    def test_editor_creates_a_topic_and_an_article_and_publishes_them(self):
        page = self.page
        home = make_home()

        # A topic, through the page explorer.
        page.goto(f"/admin/pages/{home.pk}/")
        page.get_by_role("link", name="Add child page").first.click()
        page.get_by_role("link", name="Knowledge base topic", exact=True).click()
        page.locator("#id_title").fill("Getting started")
        page.keyboard.press("Tab")  # the slug follows the title when the field is left
        expect(page.locator("#id_slug")).to_have_value("getting-started")
        self.publish()
        messages = page.locator(".messages")
        expect(messages).to_contain_text(re.compile("'Getting started' .*published"))
        topic = KBTopicPage.objects.get(title="Getting started")

        # An article in it.
        page.goto(f"/admin/pages/{topic.pk}/")
        page.get_by_role("link", name="Add child page").first.click()
        page.get_by_role("link", name="Knowledge base article", exact=True).click()
        page.locator("#id_title").fill("Install the app")
        page.keyboard.press("Tab")
        expect(page.locator("#id_slug")).to_have_value("install-the-app")
        page.locator("#id_intro").fill("Download Mossbook on your phone.")

        heading = self.add_block("Heading")
        page.locator(f"{heading}-value").fill("Before you begin")

        paragraph = self.add_block("Paragraph")
        editor = self.rich_text(f"{paragraph}-value")
        editor.click()
        page.keyboard.type("Read the release notes first.")
        page.keyboard.press("Shift+Home")
        page.get_by_role("button", name="Link").click()
        modal = page.locator(".modal-dialog")
        modal.get_by_role("link", name="External link").click()
        modal.get_by_label("URL").fill("https://example.com/release-notes")
        modal.get_by_role("button", name="Insert link").click()
        expect(modal).to_be_hidden()

        video = self.add_block("Video")
        page.locator(f"{video}-value-heading").fill("Watch the install")
        page.locator(f"{video}-value-url").fill("https://www.youtube.com/watch?v=aqz-KE-bpKQ")
        page.locator(f"{video}-value-caption").fill("Two minutes")

        deck = self.add_block("Slide deck")
        page.locator(f"{deck}-value-heading").fill("Slides from the training")
        page.locator(f"{deck}-value-url").fill("https://docs.google.com/presentation/d/1AbC/edit")

        self.fill_list(
            self.add_block("Highlights"),
            "Highlights",
            ["Free for one person", "Works offline", "Syncs later"],
        )
        self.fill_list(
            self.add_block("Key takeaways"),
            "Key takeaways",
            ["Back up your notes", "Install the app", "Sign in", "Sync"],
        )

        # Reorder: the slides go above the video.
        slides = page.locator("[data-streamfield-child]", has=page.locator(f"{deck}-value-heading"))
        slides.get_by_role("button", name="Move up").first.click()
        expect(page.locator(f"[name='{deck[1:]}-order']")).to_have_value("2")
        expect(page.locator(f"[name='{video[1:]}-order']")).to_have_value("3")

        # Preview, in the side panel.
        page.get_by_role("button", name="Toggle preview").click()
        preview = page.frame_locator("#w-preview-iframe")
        expect(preview.get_by_role("heading", level=1)).to_have_text("Install the app")
        expect(preview.get_by_role("link", name="Read the release notes first.")).to_be_visible()
        preview_headings = preview.locator(".kb-article__body h2")
        expect(preview_headings).to_have_text(
            [
                "Before you begin",
                "Slides from the training",
                "Watch the install",
                "Highlights",
                "Key takeaways",
            ]
        )

        self.publish()
        # "created and published", or "has been published" when Wagtail autosaved a draft first
        expect(messages).to_contain_text(re.compile("'Install the app' .*published"))

        # What readers now see.
        article = KBArticlePage.objects.get(title="Install the app")
        self.assertTrue(article.live)
        reader = self.new_page()
        reader.goto(article.url)
        expect(reader.get_by_role("heading", level=1)).to_have_text("Install the app")
        expect(reader.locator(".kb-article__body h2")).to_have_text(
            [
                "Before you begin",
                "Slides from the training",
                "Watch the install",
                "Highlights",
                "Key takeaways",
            ]
        )
        link = reader.get_by_role("link", name="Read the release notes first.")
        expect(link).to_have_attribute("href", "https://example.com/release-notes")
        expect(reader.locator(".kb-highlights li")).to_have_count(3)
        expect(reader.locator(".kb-takeaways ol > li")).to_have_count(4)
        expect(reader.locator("iframe[title='Watch the install']")).to_have_count(1)
        expect(reader.locator("iframe[title='Slides from the training']")).to_have_count(1)
        toc = reader.get_by_role("navigation", name="Table of contents")
        expect(toc.get_by_role("link")).to_have_text(
            [
                "Before you begin",
                "Slides from the training",
                "Watch the install",
                "Highlights",
                "Key takeaways",
            ]
        )

    def test_editor_edits_the_navigation(self):
        page = self.page
        home = make_home()
        topic = make_topic(home, "Getting started")
        article = make_article(topic, "Install the app")

        page.goto("/admin/settings/wagtail_kb/kbsettings/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Knowledge base")
        for index, (label, url) in enumerate(
            [
                ("Documentation", "https://example.com/docs"),
                ("Demos", "https://example.com/demos"),
                ("Support", "https://example.com/support"),
            ]
        ):
            page.get_by_role("button", name="Insert a block").last.click()
            page.locator(f"#navigation-{index}-value-label").fill(label)
            page.locator(f"#navigation-{index}-value-url").fill(url)
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".messages")).to_contain_text("updated")

        reader = self.new_page()
        reader.goto(article.url)
        nav = reader.get_by_role("navigation", name="Knowledge base")
        expect(nav.get_by_role("link")).to_have_text(
            ["All topics", "Documentation", "Demos", "Support"]
        )
        expect(nav.get_by_role("link", name="Demos")).to_have_attribute(
            "href", "https://example.com/demos"
        )

    def test_editor_marks_feedback_resolved(self):
        page = self.page
        home = make_home()
        topic = make_topic(home, "Getting started")
        article = make_article(topic, "Install the app")
        FeedbackComment.objects.create(
            article=article, stars=2, comment="The download link is broken."
        )
        FeedbackComment.objects.create(article=article, stars=4, comment="Nice, thanks.")

        # Through the sidebar: Knowledge base › Feedback.
        page.goto("/admin/")
        sidebar = page.get_by_role("navigation", name="Main menu")
        sidebar.get_by_role("button", name="Knowledge base").click()
        sidebar.get_by_role("link", name="Feedback").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Feedback")

        row = page.get_by_role("row").filter(has_text="The download link is broken.")
        expect(row).to_contain_text("New")
        row.get_by_role("checkbox").check()
        page.get_by_role("button", name="Mark selected resolved").click()
        expect(page.locator(".messages")).to_contain_text("1 comment marked “Resolved”")
        row = page.get_by_role("row").filter(has_text="The download link is broken.")
        expect(row).to_contain_text("Resolved")
        self.assertEqual(
            dict(FeedbackComment.objects.values_list("comment", "status")),
            {"The download link is broken.": "resolved", "Nice, thanks.": "new"},
        )
