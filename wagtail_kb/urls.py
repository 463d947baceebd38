"""The KB's URLs that Wagtail's page serving cannot reach (names with a dot).

Include them *before* Wagtail's own URLs::

    urlpatterns = [
        ...,
        path("", include("wagtail_kb.urls")),
        path("", include(wagtail_urls)),
    ]

``<kb home>llms.txt``, ``<kb home>llms-full.txt`` and ``<article url>index.html.md``
(see docs/reach.md).
"""

from django.urls import re_path

from .views import reach

PAGE_PATH = r"(?P<path>(?:[\w\-]+/)*)"

urlpatterns = [
    re_path(rf"^{PAGE_PATH}llms\.txt$", reach.llms_txt_view, name="wagtail_kb_llms_txt"),
    re_path(
        rf"^{PAGE_PATH}llms-full\.txt$", reach.llms_full_txt_view, name="wagtail_kb_llms_full_txt"
    ),
    re_path(
        rf"^{PAGE_PATH}index\.html\.md$",
        reach.article_markdown_view,
        name="wagtail_kb_article_markdown",
    ),
]
