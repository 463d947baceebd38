"""What a KB search searches: the live articles of one knowledge base that every reader may open.

An article is searchable when it is live, below the KB home, and no page between the home and
the article (the article included) is

* view-restricted (login, password, groups),
* not live (an unpublished topic keeps its articles live, but readers reach none of them), or
* an alias of a page readers may not open (Wagtail applies the source's restrictions to an
  alias; the search also leaves out an alias whose source is below a restricted or unpublished
  page, which Wagtail's own check does not look at).

Those pages are the KB's *hidden branches* (``hidden_paths``): a short list of paths, read in
at most three queries and cached until the page tree changes (any page save, unpublish, move,
or view restriction change replaces the tree version, ``listing_cache``). Every filter is then
a range on ``path`` per hidden branch, which the path index answers without reading other
branches (``descendants_q``). The word index holds only searchable articles (``indexing``);
ranking still leaves out hidden branches, so a stale index (pages changed with ``update()``)
never shows what readers may not open.
"""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from ..listing_cache import cached_listing
from ..models import KBArticlePage
from ..models.querysets import KBPageQuerySet, descendants_q


def _outermost(paths):
    """The paths not below another of them, sorted."""
    kept = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return kept


def _compute_hidden_paths(kb_home):
    inside = descendants_q(kb_home)
    restricted = PageViewRestriction.objects.filter(
        descendants_q(kb_home, prefix="page__")
    ).values_list("page__path", flat=True)
    # Pages that are not live and have children: unpublished topics (a draft article has none).
    unpublished = Page.objects.filter(inside, live=False, numchild__gt=0).values_list(
        "path", flat=True
    )
    paths = [*restricted, *unpublished]
    aliases = dict(
        Page.objects.filter(inside, alias_of__isnull=False).values_list("alias_of_id", "path")
    )
    if aliases:
        # A source readers may open: live, public, no unpublished ancestor (wherever it is).
        sources = KBPageQuerySet(model=Page).filter(pk__in=aliases, live=True)
        open_sources = set(sources.public().reachable().values_list("pk", flat=True))
        paths.extend(path for source, path in aliases.items() if source not in open_sources)
    return _outermost(paths)


def hidden_paths(kb_home, cached=True):
    """Paths of the pages of this KB whose branch readers may not open (see the module)."""
    if not cached:
        return _compute_hidden_paths(kb_home)
    return cached_listing("search-hidden", kb_home, lambda: _compute_hidden_paths(kb_home))


def hidden_q(paths, prefix=""):
    """A ``Q`` matching the pages at or below any of ``paths`` (None for no paths)."""
    if not paths:
        return None
    condition = Q()
    for path in paths:
        condition |= descendants_q(Page(path=path), prefix=prefix, inclusive=True)
    return condition


def searchable_articles(kb_home, paths):
    """The live articles below ``kb_home`` outside the hidden branches at ``paths``."""
    articles = KBArticlePage.objects.live().descendants_of(kb_home)
    hidden = hidden_q(paths)
    return articles.exclude(hidden) if hidden else articles


def kb_articles(kb_home, cached=True):
    """The live articles of one knowledge base that every reader may open."""
    return searchable_articles(kb_home, hidden_paths(kb_home, cached=cached))


def kb_search_scope(kb_home):
    """What the search backend is asked to search: the same articles, as a ``Page`` queryset.

    Searching through ``Page`` with a content-type filter (rather than ``KBArticlePage``'s own
    manager) finds the same index entries, but on SQLite it lets the planner read the full-text
    index first: with a single content type it reads every index entry of that type and runs
    the full-text match once per entry (measured: 75 ms instead of 2 ms at 10,000 articles for a
    rare word). The results' ids are then loaded as ``KBArticlePage`` in one query.
    """
    pages = Page.objects.live().filter(descendants_q(kb_home)).type(KBArticlePage)
    hidden = hidden_q(hidden_paths(kb_home))
    return pages.exclude(hidden) if hidden else pages


def load_articles(base, ids):
    """The articles of ``base`` with these ids, in this order, in one query (unordered in SQL,
    so the database looks the ids up by primary key rather than walking the path index)."""
    found = {article.pk: article for article in base.filter(id__in=ids).order_by()} if ids else {}
    return [found[pk] for pk in ids if pk in found]
