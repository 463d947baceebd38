"""What KB pages give ``wagtail.contrib.sitemaps``.

Wagtail's sitemap lists live pages without a view restriction. Wagtail also serves (and so
lists) a live page below a page that is not live; the KB lists such pages nowhere, and leaves
them out of the sitemap too: a page is left out when an ancestor is not live. The ancestors that
are not live come from one query per sitemap request (pages not live that have children), kept
on the request. A topic is listed once, at its own URL: its article-list pages (``?page=2``…)
are not separate entries. ``lastmod`` is Wagtail's: the page's last publication.
"""

from wagtail.models import Page


def _hidden_branches(request):
    cached = getattr(request, "_wagtail_kb_hidden_branches", None) if request else None
    if cached is None:
        cached = tuple(
            Page.objects.filter(live=False, numchild__gt=0).values_list("path", flat=True)
        )
        if request is not None:
            request._wagtail_kb_hidden_branches = cached
    return cached


def is_below_unpublished(page, request=None):
    """True when an ancestor of ``page`` is not live (no query after the first per request)."""
    return any(
        page.path.startswith(path) and page.path != path for path in _hidden_branches(request)
    )
