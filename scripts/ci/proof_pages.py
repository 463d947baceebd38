"""Second half of the install proof (see install_proof.sh): runs inside a fresh `wagtail start` site
that installed the wagtail-kb wheel, with that site's settings.

Creates a knowledge base under the site's root page (home, topic, article with a heading and a
paragraph), publishes it, and reads it back through Django's test client as a visitor would.
"""

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, os.getcwd())  # the proof site's folder: manage.py's place
import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.models import Site  # noqa: E402

import wagtail_kb  # noqa: E402
from wagtail_kb.models import KBArticlePage, KBHomePage, KBTopicPage  # noqa: E402

HEADING = "Before you begin"
PARAGRAPH = "Check that your account has administrator rights."


def check(condition, message):
    if not condition:
        sys.exit(f"install proof: FAILED: {message}")


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def main():
    installed = Path(wagtail_kb.__file__).resolve()
    check(
        Path(sys.prefix).resolve() in installed.parents,
        f"wagtail_kb imported from {installed}, not from the proof venv {sys.prefix}",
    )
    root = Site.objects.get(is_default_site=True).root_page
    home = publish(root, KBHomePage(title="Help centre", slug="help"))
    topic = publish(home, KBTopicPage(title="Getting started", slug="getting-started"))
    article = publish(
        topic,
        KBArticlePage(
            title="Install the app",
            slug="install",
            intro="What you need and the steps to follow.",
            body=[
                {"type": "heading", "value": HEADING},
                {"type": "paragraph", "value": f"<p>{PARAGRAPH}</p>"},
            ],
        ),
    )

    client = Client()
    for page in (home, topic):
        response = client.get(page.url)
        check(response.status_code == 200, f"{page.url} answered {response.status_code}")

    response = client.get(article.url)
    check(response.status_code == 200, f"{article.url} answered {response.status_code}")
    html = response.content.decode()
    for text in (HEADING, PARAGRAPH, "Table of contents"):
        check(text in html, f"{article.url} does not show {text!r}")

    # Every static file the article links to ships in the wheel.
    static_paths = re.findall(rf'(?:href|src)="{re.escape(settings.STATIC_URL)}([^"?#]+)', html)
    kb_static = [path for path in static_paths if path.startswith("wagtail_kb/")]
    check(kb_static, f"{article.url} links to no wagtail_kb static file")
    for path in kb_static:
        check(finders.find(path), f"static file {path} is not in the installed package")

    print(
        f"install proof: {article.url} 200 with its heading and table of contents; "
        f"{len(kb_static)} wagtail_kb static file(s) found; wagtail_kb from {installed.parent}"
    )


main()
