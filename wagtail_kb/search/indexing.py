"""The KB's own word index: what each public article says, where, and the KB's vocabulary.

Written when an article is published (``page_published``), removed when it is unpublished,
deleted, or ends up inside a private section (a view restriction on it or an ancestor, saved or
removed, or a move): only live articles readers may open have rows, so the words spelling
corrections are taken from are public words (``KBSearchVocabulary``). Three tables:

* ``KBSearchWord``: one row per stem per article with its weight: the field weights
  (``WAGTAILKB_SEARCH_FIELD_WEIGHTS``: title, headings, intro) plus the body's term frequency,
  saturated and normalised by the article's length as BM25 does;
* ``KBSearchDocument``: the article's reader-visible texts as of the live revision (snippets
  read them instead of parsing the StreamField on every search) and its documents' ids;
* ``KBSearchVocabulary``: every word as written (folded), its stem and how many public
  articles of the KB hold it.

``manage.py kb_search_index`` rebuilds everything (after an upgrade, or a change of weights).
"""

import math
from collections import Counter

from django.db import transaction
from django.db.models import F
from wagtail.models import Page, PageViewRestriction

from ..blocks.documents import document_ids, document_titles_by_id, raw_stream_data
from ..conf import kb_settings
from ..models import KBArticlePage, KBHomePage, KBSearchDocument, KBSearchVocabulary, KBSearchWord
from ..models.querysets import descendants_q
from .cache import forget_results
from .language import stem, stop_words, words
from .scope import kb_articles
from .text import iter_block_texts

# BM25's constants, and the article length (in words) taken as "average".
BM25_K1 = 1.2
BM25_B = 0.75
REFERENCE_LENGTH = 600
# Shortest word kept in the vocabulary (corrections of shorter words are guesses).
VOCABULARY_MIN_LENGTH = 3
_CHUNK = 500


def article_parts(article):
    """``(headings, intro and body texts)``: the heading texts, and every reader-visible text
    (the intro first, headings included, as snippets show them). No queries."""
    headings, texts = [], [article.intro] if article.intro else []
    stream_block = article.body.stream_block
    for item in raw_stream_data(article.body):
        child = stream_block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
        if child is None:
            continue
        value = item.get("value")
        if item.get("type") == "heading" and isinstance(value, str):
            headings.append(value)
        elif isinstance(value, dict) and isinstance(value.get("heading"), str):
            headings.append(value["heading"])
        texts.extend(iter_block_texts(child, value))
    return headings, texts


def _public_home(article):
    """The article's KB home when every reader may open the article, else None.

    The search's own definition (``scope.kb_articles``: live, no view restriction, unpublished
    page or alias of a private page between the home and the article), read fresh. A KB home
    that is itself restricted, or below a restricted page, has no index (its search falls back
    to the search backend, within the same scope).
    """
    if not article.live:
        return None
    steplen = Page.steplen
    paths = [article.path[:i] for i in range(steplen, len(article.path), steplen)]
    home = KBHomePage.objects.filter(path__in=paths).order_by("-depth").first()  # the nearest
    if home is None or not home.live:
        return None
    above = [path for path in paths if len(path) <= len(home.path)]
    if PageViewRestriction.objects.filter(page__path__in=above).exists():
        return None
    return home if kb_articles(home, cached=False).filter(pk=article.pk).exists() else None


def phrase_key(first, second):
    """The index's key for two stems read one after the other (a title's or heading's phrase)."""
    return f"{first} {second}"[:40]


def phrase_keys(stems):
    """The keys of each pair of neighbouring stems (stop words left out before pairing)."""
    return {phrase_key(a, b) for a, b in zip(stems, stems[1:], strict=False) if a != b}


def _weights(article, headings, texts, language):
    weights = kb_settings.SEARCH_FIELD_WEIGHTS
    stops = stop_words(language)

    def stems(text):
        return [stem(word, language) for word in words(text) if word not in stops]

    # Titles keep their stop words, for queries made only of them ("how to").
    title = {stem(word, language) for word in words(article.title)}
    # Phrases of the title and headings: neighbouring meaningful words ("custom user model" →
    # "custom user", "user model"), so a reader's phrase ranks the article that has it as one.
    title |= phrase_keys(stems(article.title))
    heading_stems = set()
    for heading in headings:
        heading_stems.update(stems(heading))
        heading_stems.update(phrase_keys(stems(heading)))
    intro = set(stems(article.intro))
    body = Counter()
    for text in texts:
        body.update(stems(text))
    length = sum(body.values())
    norm = BM25_K1 * (1 - BM25_B + BM25_B * length / REFERENCE_LENGTH)
    result = {}
    for word in title | heading_stems | intro | set(body):
        tf = body.get(word, 0)
        weight = weights.get("body", 1) * tf * (BM25_K1 + 1) / (tf + norm) if tf else 0.0
        weight += weights.get("title", 8) * (word in title)
        weight += weights.get("heading", 4) * (word in heading_stems)
        weight += weights.get("intro", 3) * (word in intro)
        result[word[:40]] = round(weight, 4)
    return result, length


def _vocabulary(article, texts, language):
    stops = stop_words(language)
    found = set()
    for text in [article.title, *texts]:
        found.update(
            word
            for word in words(text)
            if len(word) >= VOCABULARY_MIN_LENGTH and word.isalpha() and word not in stops
        )
    return found


def _chunks(items):
    items = sorted(items)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _count_words(kb_id, added, removed, language):
    for chunk in _chunks(added):
        KBSearchVocabulary.objects.bulk_create(
            [
                KBSearchVocabulary(kb_id=kb_id, word=word, stem=stem(word, language), articles=0)
                for word in chunk
            ],
            ignore_conflicts=True,
        )
        KBSearchVocabulary.objects.filter(kb_id=kb_id, word__in=chunk).update(
            articles=F("articles") + 1
        )
    for chunk in _chunks(removed):
        rows = KBSearchVocabulary.objects.filter(kb_id=kb_id, word__in=chunk)
        rows.filter(articles__gt=0).update(articles=F("articles") - 1)
        rows.filter(articles__lte=0).delete()


def _remove(document):
    KBSearchWord.objects.filter(page_id=document.pk).delete()
    _count_words(document.kb_id, (), document.vocabulary, _language_of(document.kb_id))
    document.delete()


def _language_of(kb_id):
    home = Page.objects.filter(pk=kb_id).select_related("locale").first()
    return home.locale.language_code if home is not None else "en"


def _index_changed():
    """Cached search results go now, and again once the write is committed (a search run in
    between, from the rows before it, must not stay cached)."""
    forget_results()
    transaction.on_commit(forget_results)


def index_article(article):
    """Bring the index up to date for one article: its rows when public, none otherwise."""
    indexed = _index_article(article)
    _index_changed()
    return indexed


def _index_article(article):
    with transaction.atomic():
        document = KBSearchDocument.objects.select_for_update().filter(page_id=article.pk).first()
        home = _public_home(article)
        if home is None:
            if document is not None:
                _remove(document)
            return False
        if document is not None and document.kb_id != home.pk:
            _remove(document)
            document = None
        article = KBArticlePage.objects.select_related("locale").get(pk=article.pk)
        language = article.locale.language_code
        headings, texts = article_parts(article)
        documents = document_ids(article.body)
        # Public documents' titles count as body text (not in the stored texts: snippets add
        # them when shown, checking their privacy then); a change of a document's privacy
        # re-indexes the articles using it (``signals``).
        titles = list(document_titles_by_id(documents).values())
        weights, length = _weights(article, headings, texts + titles, language)
        vocabulary = _vocabulary(article, texts + titles, language)
        old = set(document.vocabulary) if document is not None else set()
        KBSearchWord.objects.filter(page_id=article.pk).delete()
        KBSearchWord.objects.bulk_create(
            [
                KBSearchWord(page_id=article.pk, kb_id=home.pk, stem=word, weight=weight)
                for word, weight in weights.items()
            ],
            batch_size=_CHUNK,
        )
        _count_words(home.pk, vocabulary - old, old - vocabulary, language)
        KBSearchDocument.objects.update_or_create(
            page_id=article.pk,
            defaults={
                "kb_id": home.pk,
                "revision_id": article.live_revision_id,
                "words": length,
                "texts": texts,
                "document_ids": documents,
                "vocabulary": sorted(vocabulary),
            },
        )
        return True


def unindex_page(page_id):
    """Remove an article from the index (unpublished, deleted, or restricted)."""
    with transaction.atomic():
        document = KBSearchDocument.objects.select_for_update().filter(page_id=page_id).first()
        if document is not None:
            _remove(document)
    _index_changed()


def index_branch(page):
    """Re-index the articles at or below ``page`` (a move, a view restriction added or removed)."""
    articles = KBArticlePage.objects.filter(path__startswith=page.path).order_by("path")
    for article in articles.iterator():
        index_article(article)
    # Articles no longer KB articles of a public branch lose their rows in index_article; ones
    # whose row exists but whose page is gone are removed with the page (cascade).


def unindex_branch(page):
    """Remove the articles below ``page`` from the index (a topic unpublished)."""
    documents = KBSearchDocument.objects.filter(descendants_q(page, prefix="page__"))
    for page_id in documents.values_list("page_id", flat=True):
        unindex_page(page_id)


def index_branch_missing(page):
    """Index the live articles below ``page`` the index lacks (a topic published again); the
    ones it holds are up to date already. One query when nothing is missing."""
    articles = KBArticlePage.objects.live().filter(descendants_q(page))
    for article in articles.exclude(pk__in=KBSearchDocument.objects.values("page_id")):
        index_article(article)


def rebuild(kb_home=None):
    """Index every article again from scratch (of one KB, or of every KB), in bulk; returns
    how many public articles are indexed."""
    homes = KBHomePage.objects.select_related("locale")
    if kb_home is not None:
        homes = homes.filter(pk=kb_home.pk)
    indexed = 0
    for home in homes:
        with transaction.atomic():
            for model in (KBSearchWord, KBSearchDocument, KBSearchVocabulary):
                model.objects.filter(kb_id=home.pk).delete()
            if home.live:
                indexed += _index_in_bulk(home, kb_articles(home, cached=False))
    _index_changed()
    return indexed


def _index_in_bulk(home, articles):
    language = home.locale.language_code
    counts, rows, documents, indexed = Counter(), [], [], 0

    def flush():
        KBSearchWord.objects.bulk_create(rows, batch_size=_CHUNK)
        KBSearchDocument.objects.bulk_create(documents, batch_size=_CHUNK)
        rows.clear()
        documents.clear()

    for article in articles.order_by("path").iterator(chunk_size=_CHUNK):
        headings, texts = article_parts(article)
        ids = document_ids(article.body)
        titles = list(document_titles_by_id(ids).values())
        weights, length = _weights(article, headings, texts + titles, language)
        vocabulary = _vocabulary(article, texts + titles, language)
        counts.update(vocabulary)
        rows.extend(
            KBSearchWord(page_id=article.pk, kb_id=home.pk, stem=word, weight=weight)
            for word, weight in weights.items()
        )
        documents.append(
            KBSearchDocument(
                page_id=article.pk,
                kb_id=home.pk,
                revision_id=article.live_revision_id,
                words=length,
                texts=texts,
                document_ids=ids,
                vocabulary=sorted(vocabulary),
            )
        )
        indexed += 1
        if len(documents) >= _CHUNK:
            flush()
    flush()
    KBSearchVocabulary.objects.bulk_create(
        [
            KBSearchVocabulary(kb_id=home.pk, word=word, stem=stem(word, language), articles=n)
            for word, n in counts.items()
        ],
        batch_size=_CHUNK,
    )
    return indexed


def idf(df, total):
    """Inverse document frequency, as BM25 (never below a small positive floor)."""
    return max(0.05, math.log(1 + (total - df + 0.5) / (df + 0.5)))
