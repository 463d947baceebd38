"""``SearchHit``: one result as readers see it, and how a page of articles becomes hits."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import JSONField, OuterRef, Subquery
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from ..blocks.documents import document_ids
from ..listing_cache import LISTING_CACHE_TIMEOUT, listing_cache, tree_version
from ..models import KBSearchDocument
from ..models.compiled import CompiledQuery, Marker, int_marker
from ..models.search import JSONTextField
from ..private_documents import public_documents
from .scope import kb_articles
from .snippets import highlight, make_snippet, term_pattern
from .text import article_texts


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
    article_id: int | None = None
    topic_id: int | None = None  # ``topic``'s id, known without loading it

    @property
    def pk(self):
        return self.article_id if self.article_id is not None else self.article.pk

    @property
    def updated_iso(self):
        """The day of ``updated`` in the current time zone, ISO 8601 ("" when unknown)."""
        return timezone.localtime(self.updated).date().isoformat() if self.updated else ""

    def as_json(self):
        return {
            "id": self.pk,
            "title": self.title,
            "url": self.url,
            "topic": self.topic_title or None,
            "snippet": str(self.snippet),
            "updated": self.updated_iso or None,
            "promoted": self.promoted,
        }


# What building hits reads of an article (``build_hits``): the page of articles is loaded with
# these fields only, beside its stored texts (``results.load_page_articles``).
HIT_FIELDS = ("id", "path", "depth", "title", "url_path", "last_published_at")


def with_stored_texts(articles):
    """``articles`` annotated with their stored texts and documents' ids (``kb_texts``,
    ``kb_document_ids``; None when not indexed): read in the query that loads them."""
    stored = KBSearchDocument.objects.filter(page_id=OuterRef("pk"))
    return articles.annotate(
        kb_texts=Subquery(stored.values("texts"), output_field=JSONTextField()),
        kb_document_ids=Subquery(stored.values("document_ids"), output_field=JSONField()),
    )


def _path_marker(number):
    return Marker(f"\x00kb:path:{number}\x00")


# The page's topics and documents, compiled once per number of paths or ids (``compiled``):
# Django took longer to compile them than the database took to answer.
_PAGES_AT = CompiledQuery(
    Page,
    lambda count: Page.objects.filter(path__in=[_path_marker(n) for n in range(count)]).order_by(),
)


def _public_documents(count):
    documents = public_documents(get_document_model().objects.all())
    if count:
        documents = documents.filter(pk__in=[int_marker(n) for n in range(count)])
    else:
        documents = documents.filter(pk__isnull=True)  # the same query count with no document
    return documents.only("id", "title").order_by()


_PUBLIC_DOCUMENTS = CompiledQuery(get_document_model, _public_documents)


def pages_at(paths):
    """The pages at these paths (one query)."""
    paths = sorted(paths)
    return _PAGES_AT.run(len(paths), {_path_marker(n): path for n, path in enumerate(paths)})


def public_document_titles(ids):
    """``{id: title}`` of the public documents among ``ids``, in one query even for none:
    ``blocks.documents.document_titles_by_id(ids, always_query=True)``, compiled."""
    ids = sorted(set(ids))
    values = {int_marker(n): pk for n, pk in enumerate(ids)}
    return {doc.pk: doc.title for doc in _PUBLIC_DOCUMENTS.run(len(ids), values)}


def topics_of(articles, kb_home, request):
    """``{path: (id, title, url)}`` of the articles' topics (their parents below the KB home):
    read from the listing cache, those it lacks in one query (then cached until the tree
    changes)."""
    steplen = Page.steplen
    paths = sorted({a.path[:-steplen] for a in articles if a.depth - 1 > kb_home.depth})
    if not paths:
        return {}
    site = Site.find_for_request(request) if request is not None else None
    version = tree_version()
    keys = {
        path: f"wagtail_kb:search-topic:{getattr(site, 'pk', '-')}:{path}:{version}"
        for path in paths
    }
    cache = listing_cache()
    found = cache.get_many(list(keys.values()))
    topics = {path: found[key] for path, key in keys.items() if key in found}
    missing = [path for path in paths if path not in topics]
    if missing:
        fresh = {
            page.path: (page.pk, page.title, page.get_url(request) or "")
            for page in pages_at(missing)
        }
        cache.set_many({keys[path]: topic for path, topic in fresh.items()}, LISTING_CACHE_TIMEOUT)
        topics.update(fresh)
    return topics


def build_hits(articles, kb_home, request, terms, promoted_ids=(), first_position=1):
    """Turn a page of articles (loaded with ``HIT_FIELDS`` and their stored texts) into
    ``SearchHit``s: at most one query for their topics and one for their documents."""
    if not articles:
        return []
    steplen = Page.steplen
    # At most one query for the topics (those the listing cache lacks) and one for the documents
    # of the whole page, whatever its size and content: the documents query runs even when no
    # article on the page has one.
    topics = topics_of(articles, kb_home, request)
    topic_pages = _topic_pages([topic[0] for topic in topics.values()])
    # The texts precomputed when the article was published (``indexing``): annotated on the
    # articles when they were loaded (``with_stored_texts``), else read in one query; an article
    # not indexed yet is read from its body.
    if articles and all(hasattr(article, "kb_texts") for article in articles):
        stored = {
            article.pk: {"texts": article.kb_texts, "document_ids": article.kb_document_ids}
            for article in articles
            if article.kb_texts is not None
        }
    else:
        stored = {
            row["page_id"]: row
            for row in KBSearchDocument.objects.filter(
                page_id__in=[article.pk for article in articles]
            ).values("page_id", "texts", "document_ids")
        }
    texts_by_article, ids_by_article = {}, {}
    for article in articles:
        row = stored.get(article.pk)
        if row is not None:
            texts_by_article[article.pk] = row["texts"]
            ids_by_article[article.pk] = row["document_ids"] or []
        else:
            texts_by_article[article.pk] = article_texts(article)
            ids_by_article[article.pk] = document_ids(article.body)
    all_ids = {doc_id for ids in ids_by_article.values() for doc_id in ids}
    documents = public_document_titles(all_ids)
    pattern = term_pattern(terms)
    promoted_ids = set(promoted_ids)
    # Articles are loaded with ``HIT_FIELDS`` only: a hit's ``article`` loads whole when a
    # template asks for it, all of the page's in one query, as on a cached page.
    whole = _article_pages(kb_home, [article.pk for article in articles])
    hits = []
    for position, article in enumerate(articles, start=first_position):
        topic_id, topic_title, topic_url = topics.get(article.path[:-steplen], (None, "", ""))
        texts = texts_by_article[article.pk] + [
            documents[doc_id] for doc_id in ids_by_article[article.pk] if doc_id in documents
        ]
        url = article.get_url(request) or ""
        hits.append(
            SearchHit(
                article=whole.lazy(article.pk),
                title=article.title,
                title_html=highlight(article.title, pattern),
                url=url,
                href=url,
                topic=topic_pages.lazy(topic_id),
                topic_title=topic_title,
                topic_url=topic_url,
                snippet=make_snippet(texts, terms, pattern=pattern),
                updated=article.last_published_at,
                promoted=article.pk in promoted_ids,
                position=position,
                article_id=article.pk,
                topic_id=topic_id,
            )
        )
    return hits


# --- Hits as the results cache keeps them (``search.cache``) ----------------------------------


def hit_rows(hits):
    """What a page of hits is cached as: plain values, the HTML parts as strings."""
    return [
        (
            hit.pk,
            hit.title,
            str(hit.title_html),
            hit.url,
            hit.topic_id,
            hit.topic_title,
            hit.topic_url,
            str(hit.snippet),
            hit.updated,
            hit.promoted,
            hit.position,
        )
        for hit in hits
    ]


class _Pages:
    """The pages of a page of hits, loaded only when a template asks for one: all of them in
    one query then (``article`` and ``topic`` of every hit)."""

    def __init__(self, queryset, ids):
        self.queryset, self.ids, self.found = queryset, ids, None

    def get(self, pk):
        if self.found is None:
            pages = self.queryset().filter(pk__in=self.ids)
            self.found = {page.pk: page for page in pages}
        return self.found.get(pk)

    def lazy(self, pk):
        """The page ``pk``, loaded on first use (None for no page)."""
        return None if pk is None else SimpleLazyObject(lambda: self.get(pk))


def _article_pages(kb_home, ids):
    return _Pages(lambda: kb_articles(kb_home).defer_streamfields(), ids)


def _topic_pages(ids):
    return _Pages(Page.objects.all, ids)


def hits_from_rows(rows, kb_home):
    """``SearchHit``s from ``hit_rows`` (no query: ``article`` and ``topic`` load on use)."""
    articles = _article_pages(kb_home, [row[0] for row in rows])
    topics = _topic_pages([row[4] for row in rows if row[4] is not None])
    hits = []
    for pk, title, title_html, url, topic_id, topic_title, topic_url, snippet, *rest in rows:
        updated, promoted, position = rest
        hits.append(
            SearchHit(
                article=articles.lazy(pk),
                title=title,
                title_html=mark_safe(title_html),  # escaped by highlight() when it was built
                url=url,
                href=url,
                topic=topics.lazy(topic_id),
                topic_title=topic_title,
                topic_url=topic_url,
                snippet=mark_safe(snippet),  # escaped by make_snippet() when it was built
                updated=updated,
                promoted=promoted,
                position=position,
                article_id=pk,
                topic_id=topic_id,
            )
        )
    return hits
