"""``make screenshots`` (part two): the content-health reports with the demo's readers' signals.

Saves ``docs/screenshots/admin-{needs-attention,feedback,ratings}.png``, the article editor's
rating panel with its trend (``admin-rating-panel.png``) and a "Yes / No" card
(``thumbs-card-desktop.png``). Like ``screenshots``, not part of ``make test``.
"""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail_kb.models import KBArticlePage

from .base import BrowserTestCase, expect
from .screenshots import OUT

USER = PASSWORD = "screens"  # a throw-away user in the test database


class ReportScreenshots(BrowserTestCase):
    def setUp(self):
        call_command("load_kb_demo", stdout=StringIO())
        get_user_model().objects.create_superuser(USER, "screens@example.com", PASSWORD)
        OUT.mkdir(parents=True, exist_ok=True)

    def shot(self, page, name):
        page.wait_for_load_state("networkidle")
        page.mouse.move(0, 0)
        page.screenshot(path=OUT / f"{name}.png", full_page=True)

    def test_take_report_screenshots(self):
        page = self.new_page(viewport={"width": 1920, "height": 1000})
        self.login(page, USER, PASSWORD)
        page.goto("/admin/kb/attention/")
        expect(page.get_by_text("unresolved comments on “What works offline”")).to_be_visible()
        self.shot(page, "admin-needs-attention")

        page.goto("/admin/wagtail_kb/feedbackcomment/")
        expect(page.get_by_role("button", name="Add as page comment").first).to_be_visible()
        self.shot(page, "admin-feedback")

        page.goto("/admin/wagtail_kb/ratingvote/?ordering=-views")
        page.get_by_text("Show trend").first.click()
        # Opening the trend scrolled the table sideways: back to its start.
        page.evaluate("document.querySelectorAll('*').forEach((el) => { el.scrollLeft = 0; })")
        self.shot(page, "admin-ratings")

        article = KBArticlePage.objects.get(slug="work-offline")
        page.goto(f"/admin/pages/{article.pk}/edit/#tab-settings")
        panel = page.locator("[data-kb-rating-summary]")
        panel.scroll_into_view_if_needed()
        panel.screenshot(path=OUT / "admin-rating-panel.png")

    def test_take_thumbs_card_screenshot(self):
        article = KBArticlePage.objects.get(slug="improve-gps-accuracy")
        page = self.new_page()
        page.goto(article.url)
        card = page.get_by_role("region", name="Was this article helpful?")
        card.get_by_role("button", name="No").click()
        expect(card.get_by_role("button", name="Send feedback")).to_be_visible()
        card.scroll_into_view_if_needed()
        card.screenshot(path=OUT / "thumbs-card-desktop.png")
