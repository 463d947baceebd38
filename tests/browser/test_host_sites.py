"""The KB inside site base templates of its own (tests/host/templates/host/), as a reader sees it.

``minimal.html`` has only the ``title`` and ``content`` blocks, element colours and no ``<main>``;
``bootstrap.html`` has Bootstrap 3-like element styles (headings, links, labels, ``legend``), a
dark theme that follows the operating system, its own search box (``id="search-input"``),
breadcrumb and ``<main id="main-content">``. In both, light and dark, 1280 and 375 px wide, the
KB home, a topic, an article and the search page have: no axe-core violation of any kind, one
main landmark, no id twice, the KB's stylesheet and scripts loaded once.

With ``WAGTAILKB_HOST_AXE_REPORT=FILE`` every audit is also written to FILE (JSON lines), for
before/after figures.
"""

import json
import os

from django.test import override_settings
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from ..utils import make_article, publish
from .base import DESKTOP, PHONE, BrowserTestCase, expect
from .content import build_help_centre, paragraph

HOSTS = {
    "minimal": {"WAGTAILKB_BASE_TEMPLATE": "host/minimal.html"},
    # The site prints its own breadcrumb, so it switches the KB's off.
    "bootstrap": {
        "WAGTAILKB_BASE_TEMPLATE": "host/bootstrap.html",
        "WAGTAILKB_SHOW_BREADCRUMB": False,
    },
}
WIDTHS = {1280: DESKTOP, 375: PHONE}
REPORT = os.environ.get("WAGTAILKB_HOST_AXE_REPORT")

# What a page holds that axe-core does not judge: ids used twice, main landmarks, how often the
# KB's own files are loaded, meta descriptions, and whether the KB's stylesheet applies at all.
PAGE_FACTS = """() => {
    const counts = {};
    for (const el of document.querySelectorAll("[id]")) counts[el.id] = (counts[el.id] || 0) + 1;
    const files = (selector, attribute) => [...document.querySelectorAll(selector)]
        .map((el) => el.getAttribute(attribute)).filter((url) => url.includes("wagtail_kb/"));
    const kb = document.querySelector(".kb");
    return {
        duplicateIds: Object.keys(counts).filter((id) => counts[id] > 1),
        mains: document.querySelectorAll("main, [role=main]").length,
        stylesheets: files("link[rel=stylesheet]", "href"),
        scripts: files("script[src]", "src"),
        descriptions: document.querySelectorAll("meta[name=description]").length,
        styled: kb !== null && getComputedStyle(kb).getPropertyValue("--kb-accent").trim() !== "",
    };
}"""


def luminance(rgb):
    """Relative luminance (WCAG) of a CSS ``rgb(r, g, b)`` string."""
    channels = [
        int(float(c)) / 255 for c in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]
    ]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


class HostSiteTests(BrowserTestCase):
    def setUp(self):
        self.kb = build_help_centre()
        # Headings that slugify to ids of the sites' templates ("search-input", "main-content").
        article = self.kb.account
        article.body.append(("heading", "Search input"))
        article.body.append(("paragraph", "<p>Type two words to narrow the list.</p>"))
        article.body.append(("heading", "Main content"))
        self.article = publish(article)

    def pages(self):
        return [
            ("home", self.kb.home.url),
            ("topic", self.kb.getting_started.url),
            ("article", self.article.url),
            ("search", self.kb.home.url + "search/?q=account"),
        ]

    def audit(self, host, scheme):
        """Every page at both widths; returns the problems found, writes the report."""
        problems = []
        for width, viewport in WIDTHS.items():
            phone = viewport is PHONE
            page = self.new_page(
                viewport=viewport, color_scheme=scheme, is_mobile=phone, has_touch=phone
            )
            for name, url in self.pages():
                page.goto(url)
                violations = self.axe_violations(page)
                facts = page.evaluate(PAGE_FACTS)
                where = f"{host} {scheme} {width}px {name}"
                if REPORT:
                    with open(REPORT, "a") as report:
                        record = {
                            "host": host,
                            "scheme": scheme,
                            "width": width,
                            "page": name,
                            "violations": {v["id"]: len(v["nodes"]) for v in violations},
                            "facts": facts,
                        }
                        report.write(json.dumps(record) + "\n")
                for v in violations:
                    targets = [n["target"] for n in v["nodes"][:3]]
                    problems.append(f"{where}: axe {v['id']} ({v['impact']}) on {targets}")
                if facts["duplicateIds"]:
                    problems.append(f"{where}: ids used twice {facts['duplicateIds']}")
                if facts["mains"] != 1:
                    problems.append(f"{where}: {facts['mains']} main landmarks")
                if facts["stylesheets"] != ["/static/wagtail_kb/css/kb.css"] or not facts["styled"]:
                    problems.append(f"{where}: KB stylesheets {facts['stylesheets']}")
                if facts["scripts"].count("/static/wagtail_kb/js/kb.js") != 1:
                    problems.append(f"{where}: KB scripts {facts['scripts']}")
                if facts["descriptions"] != 1:
                    problems.append(f"{where}: {facts['descriptions']} meta descriptions")
        return problems

    def assert_no_problems(self, problems):
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def background_luminance(self, page, selector):
        return luminance(
            page.eval_on_selector(selector, "el => getComputedStyle(el).backgroundColor")
        )

    # The two sites, light and dark --------------------------------------------------------------

    def test_minimal_site(self):
        with override_settings(**HOSTS["minimal"]):
            self.assert_no_problems(self.audit("minimal", "light") + self.audit("minimal", "dark"))

    def test_bootstrap_site(self):
        with override_settings(**HOSTS["bootstrap"]):
            problems = self.audit("bootstrap", "light") + self.audit("bootstrap", "dark")
            self.assert_no_problems(problems)

            page = self.new_page()
            page.goto(self.article.url)
            # Bootstrap's legend (21px, a rule under it) does not take over "Your rating".
            legend = page.locator(".kb-rating__legend")
            style = legend.evaluate(
                """el => {
                    const s = getComputedStyle(el), form = getComputedStyle(el.closest("form"));
                    return {size: parseFloat(s.fontSize), base: parseFloat(form.fontSize),
                            rule: s.borderBottomWidth, below: parseFloat(s.marginBottom)};
                }"""
            )
            self.assertLessEqual(style["size"], style["base"] * 1.05, style)
            self.assertEqual(style["rule"], "0px", style)
            self.assertLess(style["below"], 10, style)

            # The site's own search box keeps its id; the heading "Search input" takes another.
            expect(page.locator("#search-input")).to_have_attribute("name", "q")
            heading = page.get_by_role("heading", name="Search input")
            self.assertNotIn(heading.get_attribute("id"), ("search-input", None))
            toc_link = page.get_by_role("link", name="Search input")
            self.assertEqual(toc_link.get_attribute("href"), "#" + heading.get_attribute("id"))

            # A site's own switch (data-theme on <html>) wins over the system's choice.
            for scheme, forced, dark in (("light", "dark", True), ("dark", "light", False)):
                with self.subTest(scheme=scheme, data_theme=forced):
                    page = self.new_page(color_scheme=scheme)
                    page.goto(self.article.url)
                    page.evaluate(f"document.documentElement.dataset.theme = '{forced}'")
                    shade = self.background_luminance(page, ".kb")
                    self.assertEqual(shade < 0.05, dark, shade)
                    contrast = [v for v in self.axe_violations(page) if v["id"] == "color-contrast"]
                    self.assertEqual(contrast, [])

            # Instant suggestions in the dark.
            page = self.new_page(color_scheme="dark")
            page.goto(self.kb.home.url)
            page.get_by_role("combobox", name="Search the knowledge base").fill("account")
            expect(page.get_by_role("option").first).to_be_visible()
            self.assertEqual([v["id"] for v in self.axe_violations(page)], [])

    def test_space_between_every_pair_of_blocks(self):
        """Every body block keeps the space above it (an image block lost it: margin 0)."""
        picture = Image.objects.create(
            title="Trail map",
            file=get_test_image_file(size=(640, 360)),
            collection=Collection.get_first_root_node(),
        )
        text = paragraph("A short paragraph between two blocks.")
        blocks = [
            ("heading", "Every block"),
            text,
            ("image", {"image": picture, "alt_text": "A trail map", "decorative": False}),
            text,
            ("callout", {"tone": "tip", "heading": "", "text": "<p>Pack a spare battery.</p>"}),
            ("image", {"image": picture, "alt_text": "The same map", "decorative": False}),
            ("highlights", {"heading": "", "items": ["<p>Light</p>", "<p>Warm</p>"]}),
            ("takeaways", {"heading": "", "items": ["<p>Plan</p>", "<p>Go</p>"]}),
            (
                "video",
                {
                    "heading": "",
                    "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                    "caption": "",
                    "transcript": "",
                },
            ),
            (
                "deck",
                {
                    "heading": "",
                    "url": "https://docs.google.com/presentation/d/1AbCdEf/edit",
                    "document": None,
                    "caption": "",
                },
            ),
            text,
        ]
        article = make_article(self.kb.getting_started, "Every block", body=blocks)
        page = self.new_page()
        page.goto(article.url)
        gaps = page.eval_on_selector(
            ".kb-article__body",
            """body => [...body.children].slice(1).map((el) => {
                const previous = el.previousElementSibling.getBoundingClientRect();
                return [el.className, Math.round(el.getBoundingClientRect().top - previous.bottom)];
            })""",
        )
        self.assertEqual(len(gaps), len(blocks) - 1, gaps)
        for name, gap in gaps:
            with self.subTest(block=name):
                # The body's rhythm: 1.25rem (20px) above each block, none collapsed away.
                self.assertGreaterEqual(gap, 20, gaps)
