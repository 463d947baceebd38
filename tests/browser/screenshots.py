"""``make screenshots``: the default templates with the demo content, desktop and phone.

Saves ``docs/screenshots/{kb-home,article,rating-card}-{desktop,mobile}.png`` (README links
them), and ``host-{minimal,bootstrap}-{kb-home,article}-{light,dark}.png``: the KB inside the test
suite's site templates (tests/host/templates/host/), in the light and the dark scheme. Not part
of ``make test``: the module's name does not match ``test*.py``, so only an explicit
``python -m django test tests.browser.screenshots --settings=tests.settings`` runs it.

The pictures are taken offline like every browser test. Two things a real site has are stood
in for: media files (the test server serves none, so they are read from the test storage) and
the video and slide players of YouTube, Vimeo and the like (a plain "player" frame).
"""

import mimetypes
from io import StringIO
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings

from wagtail_kb import ratings
from wagtail_kb.models import KBArticlePage, KBHomePage

from .base import DESKTOP, ROOT, BrowserTestCase, expect

OUT = ROOT / "docs" / "screenshots"
PHONE = {"width": 375, "height": 812}
# The demo's richest article: a video, highlights, takeaways and a long table of contents.
ARTICLE_TITLE = "Getting started with Mossbook"
# Votes so that the rating card shows a believable distribution.
VOTES = {5: 14, 4: 6, 3: 2, 2: 1, 1: 1}

PLAYER = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>
html, body {{ height: 100%; margin: 0; }}
body {{ display: grid; place-items: center; color: #fff; font: 600 16px/1.4 system-ui, sans-serif;
    background: linear-gradient(135deg, #0b1b2b, #243b53); }}
.play {{ display: grid; place-items: center; width: 72px; height: 72px; margin: 0 auto 12px;
    font-size: 28px; border-radius: 50%; background: rgb(255 255 255 / 0.18); }}
</style></head><body><div><div class="play">&#9654;</div>{provider} player</div></body></html>"""


class Screenshots(BrowserTestCase):
    def setUp(self):
        call_command("load_kb_demo", stdout=StringIO())
        self.home = KBHomePage.objects.live().first()
        self.article = KBArticlePage.objects.live().get(title=ARTICLE_TITLE)
        visitor = 0
        for stars, count in VOTES.items():
            for _ in range(count):
                visitor += 1
                ratings.cast_vote(self.article, stars, f"screenshot-visitor-{visitor}")
        OUT.mkdir(parents=True, exist_ok=True)

    def open(self, viewport, **options):
        phone = viewport is PHONE
        page = self.new_page(viewport=viewport, is_mobile=phone, has_touch=phone, **options)
        local = self.live_server_url
        page.context.route(lambda url: not url.startswith(local), self.fake_player)
        page.context.route(f"{local}{settings.MEDIA_URL}**", self.serve_media)
        return page

    def fake_player(self, route):
        host = urlsplit(route.request.url).hostname or ""
        provider = host.removeprefix("www.").split(".")[-2].capitalize() if "." in host else "Video"
        route.fulfill(content_type="text/html", body=PLAYER.format(provider=provider))

    def serve_media(self, route):
        name = unquote(urlsplit(route.request.url).path[len(settings.MEDIA_URL) :])
        if not default_storage.exists(name):
            route.fulfill(status=404)
            return
        with default_storage.open(name) as file:
            body = file.read()
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        route.fulfill(body=body, content_type=content_type)

    def settle(self, page):
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready")

    def test_take_screenshots(self):
        for name, viewport in (("desktop", DESKTOP), ("mobile", PHONE)):
            page = self.open(viewport)

            page.goto(self.home.url)
            self.settle(page)
            page.screenshot(path=OUT / f"kb-home-{name}.png", full_page=viewport is DESKTOP)

            page.goto(self.article.url)
            self.settle(page)
            page.screenshot(path=OUT / f"article-{name}.png")

            card = page.get_by_role("region", name="Was this article helpful?")
            card.get_by_role("radio", name="4 out of 5 stars").check()
            card.get_by_role("button", name="Rate this article").click()
            expect(card.get_by_role("status")).to_contain_text("Thank you")
            card.scroll_into_view_if_needed()
            page.mouse.move(0, 0)
            box = card.bounding_box()
            margin = 12
            page.screenshot(
                path=OUT / f"rating-card-{name}.png",
                clip={
                    "x": max(box["x"] - margin, 0),
                    "y": max(box["y"] - margin, 0),
                    "width": min(box["width"] + 2 * margin, viewport["width"]),
                    "height": box["height"] + 2 * margin,
                },
            )

    def test_take_host_site_screenshots(self):
        hosts = {
            "minimal": {"WAGTAILKB_BASE_TEMPLATE": "host/minimal.html"},
            "bootstrap": {
                "WAGTAILKB_BASE_TEMPLATE": "host/bootstrap.html",
                "WAGTAILKB_SHOW_BREADCRUMB": False,
            },
        }
        for host, host_settings in hosts.items():
            with override_settings(**host_settings):
                for scheme in ("light", "dark"):
                    page = self.open(DESKTOP, color_scheme=scheme)
                    for name, url in (("kb-home", self.home.url), ("article", self.article.url)):
                        page.goto(url)
                        self.settle(page)
                        page.screenshot(path=OUT / f"host-{host}-{name}-{scheme}.png")
