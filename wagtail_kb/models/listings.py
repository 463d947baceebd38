"""The listings KB pages show, each a fixed number of queries whatever the size of the tree.

Each function takes the queryset to list from (e.g. ``KBArticlePage.objects.live()``), so this
module needs no page class.
"""

from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import Substr
from django.utils.functional import cached_property
from wagtail.models import Page

from ..listing_cache import cached_listing
from .querysets import union_all


def article_counts(articles, parent, depth):
    """``articles`` below ``parent``, grouped by their ancestor at ``depth``: {path: count}.

    Cached until the tree changes (a count reads every article of the branch).
    """

    def compute():
        rows = (
            articles.descendants_of(parent)
            .filter(depth__gt=depth)
            .annotate(branch=Substr("path", 1, depth * Page.steplen))
            .order_by()
            .values("branch")
            .annotate(n=Count("pk"))
        )
        return {row["branch"]: row["n"] for row in rows}

    return cached_listing(f"article-counts-{depth}", parent, compute)


def first_children(pages, parents, limit):
    """The first ``limit`` of ``pages`` under each parent, in one query: {parent path: [pages]}.

    One ``LIMIT`` per parent, read through the path index: the cost follows the number of
    parents shown, not the number of pages under them.
    """
    if limit <= 0 or not parents:
        return {}
    rows = union_all(
        pages.model,
        [pages.children_of(parent).order_by("path")[:limit] for parent in parents],
    )
    grouped = {}
    for page in sorted(rows, key=lambda row: row.path):
        grouped.setdefault(page.path[: -Page.steplen], []).append(page)
    return grouped


class CountedPaginator(Paginator):
    """A paginator told its count (from the listing cache) instead of running ``COUNT(*)``."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


class TopicWindow(NamedTuple):
    """An article's live siblings around it: the side list and previous/next."""

    before: list
    after: list
    has_more: bool
    previous: Page | None
    next: Page | None


def topic_window(siblings, page, places):
    """``places`` of ``siblings`` around ``page`` (which they exclude), in tree order, one query.

    ``before`` and ``after`` are nearest first and sized so that with ``page`` they fill
    ``places + 1`` places; ``previous``/``next`` are the neighbours (even when the side list is
    too small to show them).
    """
    # Enough on each side for any split of the places: one query, two index range reads.
    rows = union_all(
        siblings.model,
        [
            siblings.filter(path__lt=page.path).order_by("-path")[: places + 1],
            siblings.filter(path__gt=page.path).order_by("path")[: places + 1],
        ],
    )
    before = sorted((p for p in rows if p.path < page.path), key=lambda p: p.path, reverse=True)
    after = sorted((p for p in rows if p.path > page.path), key=lambda p: p.path)
    before_limit = places // 2
    before = before[: before_limit + 1]
    after_limit = places - min(len(before), before_limit)
    after = after[: after_limit + 1]
    return TopicWindow(
        before=before[:before_limit],
        after=after[:after_limit],
        has_more=len(before) > before_limit or len(after) > after_limit,
        previous=before[0] if before else None,
        next=after[0] if after else None,
    )
