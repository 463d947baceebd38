"""Ranking: which articles a KB search lists, in which order.

Articles an editor promoted for the query (``wagtail.contrib.search_promotions``, when installed)
come first, then the other matches in the order of the KB's own ranking (``analysis`` turns the
query into concepts: stop words, synonyms, corrections; ``ranking`` scores the word index in
one query), the same on every database. The results page, its JSON and the instant list share
it; instant search also completes the last word.

Until the word index holds the KB's articles (``manage.py kb_search_index`` after an upgrade),
the search falls back to Wagtail's search framework (``search_fields`` and the configured
backend), promotions, then title matches, then the other matches.
"""

from django.apps import apps
from django.core.cache import caches
from django.utils.functional import cached_property
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from ..cache_versions import current_version, replace_version
from ..conf import kb_settings
from ..models import KBArticlePage
from ..models.compiled import CompiledQuery, Marker, int_marker
from ..models.querysets import highest_path_below
from .analysis import analyse
from .cache import PROMOTIONS_VERSION_KEY, cached, hits_key, ranking_key, remember
from .hits import HIT_FIELDS, build_hits, hit_rows, hits_from_rows, with_stored_texts
from .query import clean_query, normalise_query, query_terms
from .ranking import rank
from .scope import hidden_paths, kb_articles, kb_search_scope, searchable_articles

# Above this many title matches, ranking is left to the backend's relevance order alone.
TITLE_FIRST_LIMIT = 500
# Matches instant search considers before lifting the title matches among them to the top.
INSTANT_POOL = 100

# Wagtail's database backend on SQLite scores every match with a correlated full-text subquery,
# so ranking n matches costs time in n² (measured at 10,000 articles: 240 matches 0.08 s, 490
# matches 0.1 s, 2,000 matches 1.1 s, 6,400 matches 16 s, for Wagtail's own search as for this
# one). Above this many matches a search on that backend lists them most recently updated first
# instead (title matches still come first). PostgreSQL and Elasticsearch/OpenSearch rank in
# linear time and always order by relevance.
SQLITE_RANKED_MATCHES = 200


def promoted_ids(kb_home, query):
    """Ids of the live KB articles an editor promoted for this query, in the editor's order.

    Uses ``wagtail.contrib.search_promotions`` when it is installed; otherwise there are none.
    One query when the query has promotions, none otherwise (``promoted_queries``; the search
    scope is built only then).
    """
    if not apps.is_installed("wagtail.contrib.search_promotions"):
        return []
    # Imported here: the app's models exist only when it is installed.
    from wagtail.contrib.search_promotions.models import SearchPromotion

    normalised = normalise_query(query)
    if not normalised or normalised not in promoted_queries():
        return []
    page_ids = (
        SearchPromotion.objects.filter(
            query__query_string=normalised,
            page_id__in=kb_search_scope(kb_home).order_by().values("pk"),
        )
        .order_by("sort_order", "pk")
        .values_list("page_id", flat=True)
    )
    return list(dict.fromkeys(page_ids))


def promotions_changed(**kwargs):
    """Forget the cached promoted queries (connected to promotions' saves and deletions)."""
    replace_version(PROMOTIONS_VERSION_KEY)


def promoted_queries():
    """The normalised query strings that have a promotion (cached until one changes)."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    cache = caches[kb_settings.CACHE_ALIAS]
    key = f"wagtail_kb:promoted-queries:{current_version(PROMOTIONS_VERSION_KEY)}"
    found = cache.get(key)
    if found is None:
        found = frozenset(
            SearchPromotion.objects.values_list("query__query_string", flat=True).distinct()
        )
        cache.set(key, found, 60 * 60)
    return found


def ranking_is_quadratic():
    """Whether the configured search backend is Wagtail's database backend on SQLite."""
    return type(get_search_backend()).__name__ == "SQLiteSearchBackend"


class Matches:
    """One search over a scope (``search`` or ``autocomplete``, fields, operator): its count and
    the ids of a slice, in relevance order when the backend can afford it (see
    ``SQLITE_RANKED_MATCHES``). Asks the backend for ids only."""

    def __init__(self, scope, method, text, *, operator="and", fields=None, quadratic=None):
        self.scope = scope.only("id")
        self.method, self.text, self.operator, self.fields = method, text, operator, fields
        self.quadratic = ranking_is_quadratic() if quadratic is None else quadratic
        self._count = None

    def results(self, ranked=True):
        scope = self.scope if ranked else self.scope.order_by("-last_published_at", "-id")
        return getattr(scope, self.method)(
            self.text, fields=self.fields, operator=self.operator, order_by_relevance=ranked
        )

    def count(self):
        if self._count is None:
            self._count = self.results(ranked=False).count()
        return self._count

    @property
    def ranked(self):
        return not self.quadratic or self.count() <= SQLITE_RANKED_MATCHES

    def ids(self, start, stop):
        return [page.pk for page in self.results(self.ranked)[start:stop]]


class RankedResults:
    """All results of a KB search in reading order, for ``Paginator``.

    Order: promoted articles, then the KB's own ranking (or, before the word index is built,
    title matches, then the other matches of the search backend). The ids of the first
    ``WAGTAILKB_SEARCH_MAX_RESULTS`` come from one ranking query; a page then loads its articles
    by id in one query. Both the ranking and each page's hits are kept in the results cache
    (``search.cache``): a search asked again costs no query until something it depends on
    changes.

    Queries on a miss: the analysis (the vocabulary; the corrections when a word is unknown),
    promotions (only for a query that has one), the ranking (1), then the articles of the page,
    their topics and documents (1 each): the same whatever the page size or the page.
    """

    _CACHED = ("terms", "corrected_query", "promoted_ids", "title_ids", "ids", "more")

    def __init__(self, kb_home, query, request, instant=False, limit=None):
        self.kb_home = kb_home
        self.request = request
        self.limit = limit or max(1, kb_settings.SEARCH_MAX_RESULTS)
        self.hidden_paths = hidden = hidden_paths(kb_home)
        self.cache_key = ranking_key(
            kb_home, query, instant=instant, limit=self.limit, hidden_paths=hidden
        )
        found = cached(self.cache_key)
        self.from_cache = found is not None
        if self.from_cache:
            for name in self._CACHED:
                setattr(self, name, found[name])
            return
        self._rank(query, instant, hidden)
        remember(self.cache_key, {name: getattr(self, name) for name in self._CACHED})

    @cached_property
    def base(self):
        return kb_articles(self.kb_home).defer_streamfields()

    @cached_property
    def scope(self):
        return kb_search_scope(self.kb_home)

    def _rank(self, query, instant, hidden):
        kb_home = self.kb_home
        self.terms = query_terms(query)
        self.analysis = analyse(kb_home, query, instant=instant) if self.terms else None
        self.corrected_query = self.analysis.corrected_query if self.analysis else ""
        self.promoted_ids = promoted_ids(kb_home, self.corrected_query or query)
        self.title_ids = []
        self.more = False  # more matches than WAGTAILKB_SEARCH_MAX_RESULTS
        self.ids = list(self.promoted_ids)
        if not self.terms:
            return
        if self.analysis.total:
            self.terms = self.analysis.highlight_terms
            ids = rank(
                kb_home.pk,
                self.analysis.concepts,
                self.limit + 1,
                self.promoted_ids,
                hidden_paths=hidden,
                phrases=self.analysis.phrases,
            )
            self.more = len(ids) > self.limit
            self.ids += ids[: self.limit]
        elif instant:
            self.ids = backend_instant_ids(self.scope, self.terms, promoted=self.promoted_ids)
        else:
            self._search()

    def _search(self):
        text = " ".join(self.terms)
        limit = max(1, kb_settings.SEARCH_MAX_RESULTS)
        others = self.scope.exclude(id__in=self.promoted_ids) if self.promoted_ids else self.scope
        quadratic = ranking_is_quadratic()
        operators = ["and", "or"] if len(self.terms) > 1 else ["and"]
        for operator in operators:
            matched = Matches(others, "search", text, operator=operator, quadratic=quadratic)
            ids = matched.ids(0, limit + 1)
            if ids:
                break
            # Nothing with every word: try any word (multi-word queries only).
        if not ids:
            return
        self.more = len(ids) > limit
        ids = ids[:limit]
        # Title matches: among the matches found, or in the whole KB when they were cut short.
        title_scope = others if self.more else others.filter(id__in=ids)
        titles = Matches(
            title_scope, "search", text, operator=operator, fields=["title"], quadratic=quadratic
        )
        title_ids = titles.ids(0, TITLE_FIRST_LIMIT + 1)
        if len(title_ids) > TITLE_FIRST_LIMIT:
            title_ids = []  # too many to lift: the backend's relevance already favours titles
        lifted = set(title_ids)
        ordered = title_ids + [pk for pk in ids if pk not in lifted]
        self.title_ids = title_ids
        self.ids = list(dict.fromkeys(self.promoted_ids + ordered))[
            : len(self.promoted_ids) + limit
        ]

    def count(self):
        return len(self.ids)

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start = key.start or 0
        stop = min(key.stop if key.stop is not None else self.count(), self.count())
        key = hits_key(self.cache_key, self.request, start, stop)
        rows = cached(key)
        if rows is not None:
            return hits_from_rows(rows, self.kb_home)
        articles = load_page_articles(self.kb_home, self.ids[start:stop], self.hidden_paths)
        hits = build_hits(
            articles,
            self.kb_home,
            self.request,
            self.terms,
            promoted_ids=self.promoted_ids,
            first_position=start + 1,
        )
        remember(key, hit_rows(hits))
        return hits


_HOME_PATH = Marker("\x00kb:home\x00")


def _hidden_marker(number):
    return Marker(f"\x00kb:hidden:{number}\x00")


def _page_articles(shape):
    count, hidden = shape
    articles = searchable_articles(
        Page(path=_HOME_PATH), [_hidden_marker(number) for number in range(hidden)]
    )
    ids = [int_marker(number) for number in range(count)]
    return with_stored_texts(articles.only(*HIT_FIELDS)).filter(id__in=ids).order_by()


# The page of articles with their stored texts (``hits.with_stored_texts``) among the
# searchable articles (``scope.searchable_articles``): compiled once per number of ids and of
# hidden branches, as Django took 25 times longer to compile it than the database to run it.
PAGE_ARTICLES = CompiledQuery(KBArticlePage, _page_articles)


def _range_values(marker, path):
    """The values of the path range ``descendants_q`` makes from ``marker`` (the path and the
    highest path below it), for ``path``."""
    return {marker: path, highest_path_below(marker): highest_path_below(path)}


def load_page_articles(kb_home, ids, hidden):
    """The searchable articles with these ids, in this order, with their stored texts (one
    query): what ``load_articles(with_stored_texts(kb_articles(kb_home)…), ids)`` loads."""
    if not ids:
        return []
    values = {int_marker(number): pk for number, pk in enumerate(ids)}
    values.update(_range_values(_HOME_PATH, kb_home.path))
    for number, path in enumerate(hidden):
        values.update(_range_values(_hidden_marker(number), path))
    found = {article.pk: article for article in PAGE_ARTICLES.run((len(ids), len(hidden)), values)}
    return [found[pk] for pk in ids if pk in found]


def search_articles(kb_home, query, request=None):
    """All results of ``query`` in ``kb_home``, ranked, as a lazily sliced sequence of hits."""
    return RankedResults(kb_home, clean_query(query), request)


def instant_results(kb_home, query, request=None, limit=None):
    """Up to ``WAGTAILKB_SEARCH_INSTANT_RESULTS`` hits for as-you-type search.

    The results page's ranking, the last word also matching the words it begins ("instal"
    finds "installing"); misspelt words corrected quietly. The same number of queries whatever
    the limit.
    """
    limit = limit or kb_settings.SEARCH_INSTANT_RESULTS
    results = RankedResults(kb_home, clean_query(query), request, instant=True, limit=limit)
    return results[:limit]


def backend_instant_ids(scope, terms, promoted=(), limit=None):
    """Instant results from the search backend (before the word index is built).

    Promoted articles first, then word-prefix matches in titles (``.autocomplete()``), then
    word-prefix matches anywhere in the article; ids of the first ``INSTANT_POOL`` matches,
    then the title matches among them.
    """
    limit = limit or kb_settings.SEARCH_INSTANT_RESULTS
    text = " ".join(terms)
    quadratic = ranking_is_quadratic()
    pool_size = max(INSTANT_POOL, limit)
    pool = Matches(scope, "autocomplete", text, quadratic=quadratic).ids(0, pool_size + 1)
    # Title prefixes first: among the pool, or in the whole KB when the pool was cut short
    # (a search restricted to a field cannot use PostgreSQL's stored vectors: keep it small).
    title_scope = scope if len(pool) > pool_size else scope.filter(id__in=pool)
    titles = Matches(title_scope, "autocomplete", text, fields=["title"], quadratic=quadratic).ids(
        0, limit
    )
    return list(dict.fromkeys([*promoted, *titles, *pool]))[:limit]
