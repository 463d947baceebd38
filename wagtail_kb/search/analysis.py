"""From what a reader typed to what is looked up: concepts, corrections, weights.

A query becomes a list of **concepts**, each matched by any of its stems:

1. its words, folded ("Résumé" → "resume");
2. editors' synonyms (``KBSynonym``): a phrase of a group found in the query ("sign in") becomes
   one concept matched by the meaningful words of every phrase of the group ("log", "login");
3. stop words dropped ("how do i work offline" → "work", "offline"); a query of stop words only
   ("how to") looks for them in titles (the only place the index keeps them);
4. each word stemmed; for instant search, the last word also matches the vocabulary's words it
   begins ("instal" → "install", "installation");
5. a word no public article holds is corrected from the vocabulary (``spelling``); the corrected
   query is what "Did you mean" shows and the log records;
6. each stem weighted by its rarity in the KB (BM25's idf);
7. neighbouring words also looked up as a phrase of titles and headings ("custom user model":
   "custom user", "user model"), adding to the score of the articles that have it, not to the
   share of the query's words they match.

Queries: the synonyms (1), the vocabulary (1), the corrections (1, only when a word is unknown).
"""

from dataclasses import dataclass, field
from functools import lru_cache

from wagtail.models import Locale

from ..conf import kb_settings
from ..listing_cache import cached_listing
from ..models import KBSearchDocument
from .indexing import idf, phrase_key
from .language import stem, stop_words, words
from .query import MAX_TERMS
from .spelling import corrections, known_words
from .synonyms import synonym_groups

# Words of the vocabulary the last word of an instant search may be the beginning of.
PREFIX_WORDS = 12
# Shortest last word completed as a prefix.
PREFIX_MIN_LENGTH = 3


@dataclass
class Concept:
    words: tuple  # as typed (folded)
    stems: list = field(default_factory=list)
    corrected: str = ""  # the vocabulary word that replaced a misspelt one
    synonym: bool = False
    weights: dict = field(default_factory=dict)  # stem → idf


@dataclass
class Analysis:
    concepts: list
    tokens: list
    corrected_query: str = ""  # the query with corrections, "" when nothing was corrected
    total: int = 0  # public articles in the KB's index
    stop_words_only: bool = False
    phrases: dict = field(default_factory=dict)  # phrase key → weight (neighbouring concepts)

    @property
    def highlight_terms(self):
        found = []
        for concept in self.concepts:
            found.extend(concept.words if not concept.corrected else [concept.corrected])
            found.extend(concept.stems)
        return list(dict.fromkeys(found))


@lru_cache(maxsize=64)
def _language(locale_id):
    return Locale.objects.filter(pk=locale_id).values_list("language_code", flat=True).first()


def kb_language(kb_home):
    return _language(kb_home.locale_id) or "en"


def indexed_articles(kb_home):
    """Public articles of the KB in the word index (cached until the page tree changes)."""
    return cached_listing(
        "search-indexed",
        kb_home,
        lambda: KBSearchDocument.objects.filter(kb_id=kb_home.pk).count(),
    )


def _with_synonyms(tokens, groups, language, stops):
    """Split the tokens into concepts, a synonym phrase found in them becoming one concept."""
    phrases = []
    for group in groups:
        for phrase in group:
            phrases.append((phrase, group))
    phrases.sort(key=lambda item: -len(item[0]))
    concepts, i = [], 0
    while i < len(tokens):
        for phrase, group in phrases:
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                stems = []
                for other in group:
                    meaningful = [w for w in other if w not in stops] or list(other)
                    stems.extend(stem(w, language) for w in meaningful)
                concepts.append(
                    Concept(words=phrase, stems=list(dict.fromkeys(stems)), synonym=True)
                )
                i += len(phrase)
                break
        else:
            concepts.append(Concept(words=(tokens[i],), stems=[stem(tokens[i], language)]))
            i += 1
    return concepts


def analyse(kb_home, query, instant=False):
    """The concepts of ``query`` in ``kb_home``, with corrections and weights."""
    tokens = list(dict.fromkeys(words(query)))[:MAX_TERMS]
    analysis = Analysis(concepts=[], tokens=tokens)
    if not tokens:
        return analysis
    language = kb_language(kb_home)
    stops = stop_words(language)
    concepts = _with_synonyms(tokens, synonym_groups(kb_home.locale_id), language, stops)
    meaningful = [c for c in concepts if c.synonym or c.words[0] not in stops]
    if not meaningful:
        # Only stop words ("how to"): they are indexed in titles only, all weighted alike.
        analysis.stop_words_only = True
        analysis.total = indexed_articles(kb_home)
        for concept in concepts:
            concept.weights = dict.fromkeys(concept.stems, 1.0)
        analysis.concepts = concepts
        return analysis
    concepts = meaningful
    prefix = ""
    last = concepts[-1]
    if (
        instant
        and not last.synonym
        and len(last.words[0]) >= PREFIX_MIN_LENGTH
        and not query.endswith(" ")
    ):
        prefix = last.words[0]
    rows = sorted(
        known_words(kb_home.pk, {s for c in concepts for s in c.stems}, prefix),
        key=lambda row: (-row[2], row[0]),
    )
    df = {}
    for _word, word_stem, articles in rows:
        df[word_stem] = df.get(word_stem, 0) + articles
    if prefix:
        completions = [word_stem for word, word_stem, _ in rows if word.startswith(prefix)]
        last.stems = list(dict.fromkeys(last.stems + completions[:PREFIX_WORDS]))
    unknown = [
        c.words[0] for c in concepts if not c.synonym and not any(df.get(s) for s in c.stems)
    ]
    if unknown and kb_settings.SEARCH_CORRECTIONS:
        fixed = corrections(kb_home.pk, unknown)
        for concept in concepts:
            if not concept.synonym and concept.words[0] in fixed:
                word, fixed_stem, articles = fixed[concept.words[0]]
                concept.corrected, concept.stems = word, [fixed_stem]
                df[fixed_stem] = max(df.get(fixed_stem, 0), articles)
        if fixed:
            analysis.corrected_query = " ".join(fixed.get(token, (token,))[0] for token in tokens)
    analysis.total = indexed_articles(kb_home)
    total = max(analysis.total, 1)
    for concept in concepts:
        concept.weights = {s: idf(df.get(s, 0), total) for s in concept.stems if df.get(s)}
    analysis.concepts = [c for c in concepts if c.weights]
    analysis.phrases = _phrases(analysis.concepts)
    return analysis


def _phrases(concepts):
    """Neighbouring words of the query as phrases of the index (``indexing.phrase_keys``), each
    weighted as the rarer of its two words; synonyms stay out (their phrases are the editor's)."""
    found = {}
    for first, second in zip(concepts, concepts[1:], strict=False):
        if first.synonym or second.synonym:
            continue
        a, b = first.stems[0], second.stems[0]
        if a != b and a in first.weights and b in second.weights:
            found[phrase_key(a, b)] = min(first.weights[a], second.weights[b])
    return found
