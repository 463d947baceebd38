"""KB-scoped search: the results page, instant results and the committed-search log.

Routes (on ``KBHomePage``, see ``models/pages.py``):

* ``<kb home>search/?q=…`` — the HTML results page; with ``Accept: application/json`` a JSON list
  of instant results (``id``, ``title``, ``url``, ``topic``, ``snippet``, ``updated``,
  ``promoted``).
* ``<kb home>search/go/?q=…&to=<article id>`` — the click-through: records that a reader opened
  a result (when analytics are on), then redirects to that article. It only ever redirects to a
  live article of this KB, so it is not an open redirect.

Ranking: articles an editor promoted for the query (``wagtail.contrib.search_promotions``, when
installed) come first, then articles whose title matches, then the other matches, each group in
the search backend's relevance order. Everything goes through Wagtail's search framework
(``search_fields`` and the configured backend), so the same code serves the database backends
and Elasticsearch/OpenSearch.

The results page runs a fixed number of SQL queries whatever the page size: the topics of all
results come from one query, URLs are built from ``url_path`` and the cached site root paths, and
snippets from the articles' stored StreamField data (document titles in one more query).

Logging: only committed searches are logged — the results page, or an instant search the reader
committed by opening a result through the click-through route. Instant (JSON) requests never log.
A failure to log is reported with ``logger.exception`` and never fails the answer.
"""

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from html import unescape
from urllib.parse import urlencode

from django.apps import apps
from django.core import signing
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..conf import kb_settings

logger = logging.getLogger(__name__)

# Longest normalised query stored in the log (as Wagtail's search promotions' terms).
LOG_QUERY_MAX_LENGTH = 255
# Words of a query sent to the backend; the rest are ignored (keeps queries cheap).
MAX_TERMS = 32
# Above this many title matches, ranking is left to the backend's relevance order alone.
TITLE_FIRST_LIMIT = 500
LOG_SIGNER_SALT = "wagtail_kb.search.log"
# Matches instant search considers before lifting the title matches among them to the top.
INSTANT_POOL = 100

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")
_TOKEN_RE = re.compile(r"\S+")


# --------------------------------------------------------------------------------------------
# Query text
# --------------------------------------------------------------------------------------------


def clean_query(raw):
    """Trim, drop control characters and cut the query at ``WAGTAILKB_SEARCH_QUERY_MAX_LENGTH``.

    The result is the text shown back to the reader (always escaped by the templates).
    """
    text = "".join(ch if ch.isprintable() else " " for ch in str(raw or ""))
    return " ".join(text.split())[: kb_settings.SEARCH_QUERY_MAX_LENGTH]


def query_terms(query):
    """The query's words, lower-cased, unique, in order: what is sent to the search backend.

    Only word characters survive, so no backend query syntax (quotes, ``*``, ``NEAR``, ``:``…)
    can come from a reader.
    """
    seen = []
    for word in _WORD_RE.findall(query.lower()):
        if word not in seen:
            seen.append(word)
        if len(seen) >= MAX_TERMS:
            break
    return seen


def normalise_query(query):
    """The form a query is logged and promoted under: lower case, single spaces, 255 characters.

    The same normalisation as Wagtail's ``search_promotions`` (``Query.get``), so a logged query
    and a promotion made from it match.
    """
    return _SPACE_RE.sub(" ", (query or "").lower()).strip()[:LOG_QUERY_MAX_LENGTH]


# --------------------------------------------------------------------------------------------
# What is searched
# --------------------------------------------------------------------------------------------


def _private_q(kb_home):
    """Matches the pages inside private sections (view restrictions) of this KB (one query)."""
    from wagtail.models import PageViewRestriction

    private = Q()
    restricted = PageViewRestriction.objects.filter(
        page__path__startswith=kb_home.path, page__depth__gt=kb_home.depth
    ).values_list("page__path", flat=True)
    for path in restricted:
        private |= Q(path__startswith=path)
    return private


def kb_articles(kb_home, private=None):
    """The live articles of one knowledge base, outside private sections inside it."""
    from ..models import KBArticlePage

    private = _private_q(kb_home) if private is None else private
    articles = KBArticlePage.objects.live().descendant_of(kb_home)
    return articles.exclude(private) if private else articles


def kb_search_scope(kb_home, private=None):
    """What the search backend is asked to search: the same articles, as a ``Page`` queryset.

    Searching through ``Page`` with a content-type filter (rather than ``KBArticlePage``'s own
    manager) finds the same index entries, but on SQLite it lets the planner read the full-text
    index first: with a single content type it reads every index entry of that type and runs
    the full-text match once per entry (measured: 75 ms instead of 2 ms at 10,000 articles for a
    rare word). The results' ids are then loaded as ``KBArticlePage`` in one query.
    """
    from wagtail.models import Page

    from ..models import KBArticlePage

    private = _private_q(kb_home) if private is None else private
    pages = Page.objects.live().descendant_of(kb_home).type(KBArticlePage)
    return pages.exclude(private) if private else pages


def _html_to_text(html):
    return _SPACE_RE.sub(" ", unescape(_TAG_RE.sub(" ", html))).strip()


def _iter_block_texts(block, value):
    """Reader-visible texts of a block's stored (raw) value, guided by the block definition.

    Rich text is stored as HTML and turned into text; plain text blocks are kept as typed (the
    snippet escapes them); URLs, choices and chosen objects are skipped. No queries.
    """
    from wagtail import blocks

    if value is None:
        return
    if isinstance(block, blocks.RichTextBlock):
        if isinstance(value, str) and (text := _html_to_text(value)):
            yield text
    elif isinstance(block, blocks.StreamBlock):
        for item in value if isinstance(value, list | tuple) else ():
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                yield from _iter_block_texts(child, item.get("value"))
    elif isinstance(block, blocks.StructBlock):
        if isinstance(value, dict):
            for name, child in block.child_blocks.items():
                yield from _iter_block_texts(child, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value if isinstance(value, list | tuple) else ():
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item = item["value"]
            yield from _iter_block_texts(block.child_block, item)
    elif isinstance(block, blocks.CharBlock | blocks.TextBlock):
        if isinstance(value, str) and (text := _SPACE_RE.sub(" ", value).strip()):
            yield text


def _raw_body(article):
    body = getattr(article, "body", None)
    if body is None:
        return []
    raw = getattr(body, "raw_data", body)
    return list(raw) if raw is not None else []


def article_texts(article):
    """The reader-visible texts of an article's intro and body, from stored data (no queries)."""
    texts = [article.intro] if getattr(article, "intro", "") else []
    body = getattr(article, "body", None)
    stream_block = getattr(body, "stream_block", None)
    if stream_block is not None:
        texts.extend(_iter_block_texts(stream_block, _raw_body(article)))
    return texts


def _iter_document_ids(value):
    if isinstance(value, dict):
        for child_key, child in value.items():
            if child_key == "document" and isinstance(child, int):
                yield child
            else:
                yield from _iter_document_ids(child)
    elif isinstance(value, list | tuple):
        for child in value:
            yield from _iter_document_ids(child)


def article_document_ids(article):
    return list(dict.fromkeys(_iter_document_ids(_raw_body(article))))


def document_titles_by_id(ids, always_query=False):
    """{document id: title}. With ``always_query`` an empty ``ids`` still runs its (empty)
    query, so callers' query counts do not depend on content."""
    if not ids and not always_query:
        return {}
    from wagtail.documents import get_document_model

    documents = get_document_model().objects.all()
    documents = documents.filter(pk__in=ids) if ids else documents.filter(pk__isnull=True)
    return dict(documents.values_list("pk", "title"))


def document_titles(article):
    """The titles of the documents in an article's body, for its ``search_fields``.

    A StreamField's search content skips chooser blocks, so a deck's PDF title would otherwise
    not be searchable.
    """
    titles = document_titles_by_id(article_document_ids(article))
    return " ".join(titles.values())


# --------------------------------------------------------------------------------------------
# Snippets
# --------------------------------------------------------------------------------------------


# Endings taken off a query word before highlighting, so "installing" also marks "install" and
# "installation" (the search backend may stem; highlighting should not miss what it found).
_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "ies", "ied", "er", "es", "ed", "s", "ly")


def _stem(term):
    for suffix in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            return term[: -len(suffix)]
    return term


def _term_pattern(terms):
    if not terms:
        return None
    stems = {_stem(term) for term in terms}
    alternatives = "|".join(re.escape(stem) for stem in sorted(stems, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE | re.UNICODE)


def highlight(text, pattern):
    """Escape ``text`` and wrap the words ``pattern`` matches in ``<mark>``."""
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def make_snippet(texts, terms, words=None, pattern=None):
    """A window of about ``words`` words around the best match among ``texts``, highlighted.

    The best text is the first one matching the most distinct terms; with no match anywhere the
    snippet is the start of the first text.
    """
    words = words or kb_settings.SEARCH_SNIPPET_WORDS
    pattern = pattern if pattern is not None else _term_pattern(terms)
    best, best_score, first_match = None, 0, None
    if pattern is not None:
        for text in texts:
            matches = list(pattern.finditer(text))
            if not matches:
                continue
            lowered = {m.group(0).lower() for m in matches}
            score = sum(1 for term in terms if any(w.startswith(_stem(term)) for w in lowered))
            if score > best_score:
                best, best_score, first_match = text, score, matches[0].start()
    if best is None:
        best = texts[0] if texts else ""
        first_match = 0
    tokens = list(_TOKEN_RE.finditer(best))
    if not tokens:
        return SafeString("")
    index = next((i for i, t in enumerate(tokens) if t.end() > first_match), 0)
    start = max(0, index - words // 4)
    end = min(len(tokens), start + words)
    start = max(0, min(start, end - words))
    text = best[tokens[start].start() : tokens[end - 1].end()]
    html = highlight(text, pattern)
    if start > 0:
        html = "… " + html
    if end < len(tokens):
        html = html + " …"
    return mark_safe(html)


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass
class SearchHit:
    """One result as readers see it."""

    article: object
    title: str
    title_html: SafeString
    url: str
    topic: object  # the parent topic page, or None for an article placed under the KB home
    topic_title: str
    topic_url: str
    snippet: SafeString
    updated: datetime | None
    promoted: bool = False
    position: int = 0
    href: str = ""  # the link to follow: the click-through route when the search was logged

    @property
    def pk(self):
        return self.article.pk

    def as_json(self):
        return {
            "id": self.article.pk,
            "title": self.title,
            "url": self.url,
            "topic": self.topic_title or None,
            "snippet": str(self.snippet),
            "updated": timezone.localtime(self.updated).date().isoformat()
            if self.updated
            else None,
            "promoted": self.promoted,
        }


def build_hits(articles, kb_home, request, terms, promoted_ids=(), first_position=1):
    """Turn articles into ``SearchHit``s: topics in one query, documents in at most one more."""
    from wagtail.models import Page

    if not articles:
        return []
    steplen = Page.steplen
    # One query each for the topics and the documents of the whole page, whatever its size and
    # content: the KB home is always among the parents looked up, and the documents query runs
    # even when no article on the page has one.
    parent_paths = {article.path[:-steplen] for article in articles} | {kb_home.path}
    topics = {
        page.path: page
        for page in Page.objects.filter(path__in=parent_paths)
        if page.depth > kb_home.depth
    }
    document_ids = {article.pk: article_document_ids(article) for article in articles}
    all_ids = {doc_id for ids in document_ids.values() for doc_id in ids}
    documents = document_titles_by_id(all_ids, always_query=True)
    pattern = _term_pattern(terms)
    promoted_ids = set(promoted_ids)
    hits = []
    for position, article in enumerate(articles, start=first_position):
        topic = topics.get(article.path[:-steplen])
        texts = article_texts(article) + [
            documents[doc_id] for doc_id in document_ids[article.pk] if doc_id in documents
        ]
        url = article.get_url(request) or ""
        hits.append(
            SearchHit(
                article=article,
                title=article.title,
                title_html=highlight(article.title, pattern),
                url=url,
                href=url,
                topic=topic,
                topic_title=topic.title if topic else "",
                topic_url=(topic.get_url(request) or "") if topic else "",
                snippet=make_snippet(texts, terms, pattern=pattern),
                updated=article.last_published_at,
                promoted=article.pk in promoted_ids,
                position=position,
            )
        )
    return hits


def promoted_ids(base, query):
    """Ids of the live KB articles an editor promoted for this query, in the editor's order.

    One query, whether or not there are promotions. Uses ``wagtail.contrib.search_promotions``
    when it is installed; otherwise there are none.
    """
    if not apps.is_installed("wagtail.contrib.search_promotions"):
        return []
    from wagtail.contrib.search_promotions.models import SearchPromotion

    normalised = normalise_query(query)
    if not normalised:
        return []
    page_ids = (
        SearchPromotion.objects.filter(
            query__query_string=normalised, page_id__in=base.order_by().values("pk")
        )
        .order_by("sort_order", "pk")
        .values_list("page_id", flat=True)
    )
    return list(dict.fromkeys(page_ids))


def _ids(results):
    return [page.pk for page in results]


def load_articles(base, ids):
    """The articles with these ids, in this order, in one query."""
    found = {article.pk: article for article in base.filter(id__in=ids)} if ids else {}
    return [found[pk] for pk in ids if pk in found]


# Wagtail's database backend on SQLite scores every match with a correlated full-text subquery,
# so ranking n matches costs time in n² (measured at 10,000 articles: 240 matches 0.08 s, 490
# matches 0.1 s, 2,000 matches 1.1 s, 6,400 matches 16 s, for Wagtail's own search as for this
# one). Above this many matches a search on that backend lists them most recently updated first
# instead (title matches still come first). PostgreSQL and Elasticsearch/OpenSearch rank in
# linear time and always order by relevance.
SQLITE_RANKED_MATCHES = 200


def ranking_is_quadratic():
    """Whether the configured search backend is Wagtail's database backend on SQLite."""
    from wagtail.search.backends import get_search_backend

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
        return _ids(self.results(self.ranked)[start:stop])


class RankedResults:
    """All results of a KB search in reading order, for ``Paginator``.

    Order: promoted articles, then title matches, then the other matches. The ids of the first
    ``WAGTAILKB_SEARCH_MAX_RESULTS`` matches come from one search (in relevance order); the title
    matches among them from a second search restricted to those ids and to the ``title`` field
    (or, when there are more matches than that, to the whole KB), so pages never repeat or skip
    an article. A page then loads its articles by id in one query.

    Queries: promotions (1), matches (1), title matches (1) — on SQLite each search counts its
    matches first (see ``SQLITE_RANKED_MATCHES``) — then the articles of the page (1): the same
    whatever the page size or the page. A multi-word query that finds nothing with every word
    is tried once more with any word.
    """

    def __init__(self, kb_home, query, request):
        self.kb_home = kb_home
        self.request = request
        self.terms = query_terms(query)
        private = _private_q(kb_home)
        self.base = kb_articles(kb_home, private)
        self.scope = kb_search_scope(kb_home, private)
        self.promoted_ids = promoted_ids(self.scope, query)
        self.title_ids = []
        self.more = False  # more matches than WAGTAILKB_SEARCH_MAX_RESULTS
        self.ids = list(self.promoted_ids)
        if self.terms:
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
        stop = key.stop if key.stop is not None else self.count()
        articles = load_articles(self.base, self.ids[start:stop])
        return build_hits(
            articles,
            self.kb_home,
            self.request,
            self.terms,
            promoted_ids=self.promoted_ids,
            first_position=start + 1,
        )


def search_articles(kb_home, query, request=None):
    """All results of ``query`` in ``kb_home``, ranked, as a lazily sliced sequence of hits."""
    return RankedResults(kb_home, clean_query(query), request)


def instant_results(kb_home, query, request=None, limit=None):
    """Up to ``WAGTAILKB_SEARCH_INSTANT_RESULTS`` hits for as-you-type search.

    Promoted articles first, then word-prefix matches in titles (``.autocomplete()``, so
    "instal" finds "installing"), then word-prefix matches anywhere in the article (title,
    intro, body: every ``AutocompleteField``). The backend is asked for the ids of the first
    ``INSTANT_POOL`` matches, then for the title matches among them; the articles are loaded in
    one query (on SQLite each search counts its matches first, see ``SQLITE_RANKED_MATCHES``):
    the same number of queries whatever the limit.
    """
    limit = limit or kb_settings.SEARCH_INSTANT_RESULTS
    query = clean_query(query)
    terms = query_terms(query)
    if not terms:
        return []
    private = _private_q(kb_home)
    base = kb_articles(kb_home, private)
    scope = kb_search_scope(kb_home, private)
    promoted = promoted_ids(scope, query)
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
    ids = list(dict.fromkeys([*promoted, *titles, *pool]))[:limit]
    articles = load_articles(base, ids)
    return build_hits(articles, kb_home, request, terms, promoted_ids=promoted)


# Bayesian prior for "most helpful": an article with few votes counts as this many votes of
# PRIOR_STARS, so one 5-star vote does not outrank a hundred 4.8-star ones.
PRIOR_VOTES = 5
PRIOR_STARS = 3.0


# Seconds the order of the "most helpful" articles is kept (it changes slowly; computing it
# aggregates every vote of the KB).
HELPFUL_CACHE_SECONDS = 600


def helpful_articles(kb_home, limit=None):
    """The articles to offer when a search finds nothing: the most helpful first.

    Ordered by the readers' ratings (``wagtail_kb.ratings``' summary, weighted towards the
    middle when there are few votes), then by the most recently updated. The order is computed
    in one query and cached for ``HELPFUL_CACHE_SECONDS`` (by id, in the
    ``WAGTAILKB_CACHE_ALIAS`` cache); the articles are then loaded in one query, so an
    unpublished article drops out at once. ``rank_helpful_articles`` is the hook to change the
    order.
    """
    from django.core.cache import caches

    limit = limit or kb_settings.SEARCH_SUGGESTED_ARTICLES
    articles = kb_articles(kb_home).defer_streamfields()
    cache = caches[kb_settings.CACHE_ALIAS]
    key = f"wagtail_kb:search:helpful:{kb_home.pk}:{limit}"
    ids = cache.get(key)
    if ids is None:
        try:
            ids = [article.pk for article in rank_helpful_articles(articles, limit)]
        except Exception:
            logger.exception("Could not rank articles by rating; offering the most recent ones")
            ids = list(
                articles.order_by("-last_published_at", "path").values_list("pk", flat=True)[:limit]
            )
        cache.set(key, ids, HELPFUL_CACHE_SECONDS)
    return load_articles(articles, ids)


def rank_helpful_articles(articles, limit):
    """The ``limit`` best-rated of ``articles`` (Bayesian average of their stars), in one query."""
    from django.db.models import FloatField, Value
    from django.db.models.functions import Cast, Coalesce

    from .. import ratings

    expressions = ratings.aggregate_expressions(prefix="rating_votes__")
    count = Cast(expressions["count"], FloatField())
    average = Coalesce(expressions["average"], Value(PRIOR_STARS), output_field=FloatField())
    score = (average * count + Value(PRIOR_STARS * PRIOR_VOTES)) / (count + Value(PRIOR_VOTES))
    return list(
        articles.annotate(**expressions, helpful_score=score).order_by(
            "-helpful_score", "-last_published_at", "path"
        )[:limit]
    )


# --------------------------------------------------------------------------------------------
# Log
# --------------------------------------------------------------------------------------------


def _signer():
    return signing.Signer(salt=LOG_SIGNER_SALT)


def log_search(kb_home, query, result_count, source=None):
    """Record a committed search; returns the entry, or None when not logged. Never raises."""
    if not kb_settings.SEARCH_ANALYTICS:
        return None
    normalised = normalise_query(query)
    if not normalised:
        return None
    try:
        from ..models import SearchLogEntry

        with transaction.atomic():
            return SearchLogEntry.objects.create(
                kb_id=kb_home.pk,
                query=normalised,
                result_count=max(0, int(result_count)),
                source=source or SearchLogEntry.SOURCE_PAGE,
            )
    except Exception:
        logger.exception("Could not log a knowledge base search")
        return None


def log_click(kb_home, article, *, token=None, query="", result_count=1, position=None):
    """Record that a reader opened ``article`` from a search. Never raises.

    With ``token`` (from a logged results page) the click is added to that search; without it the
    reader committed an instant search, which is logged now with its click.
    """
    if not kb_settings.SEARCH_ANALYTICS:
        return None
    try:
        from ..models import SearchClick, SearchLogEntry

        with transaction.atomic():
            if token:
                try:
                    entry_id = int(_signer().unsign(token))
                except (signing.BadSignature, ValueError):
                    return None
                if not SearchLogEntry.objects.filter(pk=entry_id, kb_id=kb_home.pk).update(
                    opened=True
                ):
                    return None
            else:
                normalised = normalise_query(query)
                if not normalised:
                    return None
                entry_id = SearchLogEntry.objects.create(
                    kb_id=kb_home.pk,
                    query=normalised,
                    result_count=result_count,
                    source=SearchLogEntry.SOURCE_INSTANT,
                    opened=True,
                ).pk
            return SearchClick.objects.create(
                entry_id=entry_id, page_id=article.pk, position=position
            )
    except Exception:
        logger.exception("Could not log a knowledge base search click")
        return None


def click_url(search_url, query, hit, token=None):
    params = {"q": query, "to": hit.pk, "p": hit.position}
    if token:
        params["e"] = token
    return f"{search_url}go/?{urlencode(params)}"


# --------------------------------------------------------------------------------------------
# Views (called by KBHomePage's routes)
# --------------------------------------------------------------------------------------------


def wants_json(request):
    """True when the client prefers JSON to HTML (``Accept: application/json``).

    Browsers send ``*/*`` with HTML first, so their navigation always gets HTML.
    """
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _int_param(request, name, low, high, default=None):
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return default
    return min(max(value, low), high)


def search_context(kb_home, request):
    """The context every KB page template expects, without the home page's topic grid."""
    context = {"page": kb_home, "self": kb_home, "request": request}
    context.update(kb_home.get_kb_context(request))
    return context


def serve_search(kb_home, request):
    query = clean_query(request.GET.get("q"))
    if wants_json(request):
        hits = instant_results(kb_home, query, request) if query else []
        response = JsonResponse([hit.as_json() for hit in hits], safe=False)
        patch_vary_headers(response, ["Accept"])
        return response

    context = search_context(kb_home, request)
    results_page, result_count, topics, suggested, token = None, 0, [], [], None
    capped = False
    if query:
        results = search_articles(kb_home, query, request)
        result_count, capped = results.count(), results.more
        paginator = Paginator(results, max(1, kb_settings.SEARCH_RESULTS_PER_PAGE))
        results_page = paginator.get_page(request.GET.get("page"))
        # Later pages of a logged search carry its token: paging is not a new search.
        token = _valid_token(request.GET.get("e")) if results_page.number > 1 else None
        if token is None:
            entry = log_search(kb_home, query, result_count)
            token = _signer().sign(str(entry.pk)) if entry is not None else None
        if token:
            for hit in results_page.object_list:
                hit.href = click_url(context["kb_search_url"], query, hit, token)
        if not result_count:
            suggested = helpful_articles(kb_home)
    if not result_count:
        topics = kb_home.get_topics()
    context.update(
        {
            "search_query": query,
            "results_page": results_page,
            "result_count": result_count,
            "results_capped": capped,
            "search_topics": topics,
            "suggested_articles": suggested,
            "search_token": token,
            # Start of the pagination links' query string: ``?{{ prefix }}page=2``.
            "search_pagination_prefix": urlencode({"q": query, **({"e": token} if token else {})})
            + "&",
        }
    )
    response = TemplateResponse(request, kb_home.search_template, context)
    patch_vary_headers(response, ["Accept"])
    patch_cache_control(response, private=True, max_age=0)
    response["X-Robots-Tag"] = "noindex"
    return response


def _valid_token(token):
    """``token`` when it is a log token this site signed, else None (no query needed)."""
    if not token or not kb_settings.SEARCH_ANALYTICS:
        return None
    try:
        _signer().unsign(token)
    except signing.BadSignature:
        return None
    return token


def serve_search_click(kb_home, request):
    """``search/go/?q=…&to=<id>[&e=<token>][&p=<position>][&n=<count>]``: log, then redirect.

    Redirects only to a live article of this KB; anything else is a 404.
    """
    target = _int_param(request, "to", 0, 2**63 - 1)
    article = None
    if target:
        article = kb_articles(kb_home).filter(pk=target).defer_streamfields().first()
    url = article.get_url(request) if article is not None else None
    if not url:
        raise Http404("Not an article of this knowledge base")
    log_click(
        kb_home,
        article,
        token=request.GET.get("e") or None,
        query=clean_query(request.GET.get("q")),
        result_count=_int_param(request, "n", 1, 10**6, default=1),
        position=_int_param(request, "p", 1, 10**6),
    )
    response = HttpResponseRedirect(url)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response
