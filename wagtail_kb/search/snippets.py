"""Highlighting and snippets: the words of a result that match the query, in ``<mark>``.

Everything a reader typed or an editor wrote is escaped first; only ``<mark>`` is added.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..conf import kb_settings

_TOKEN_RE = re.compile(r"\S+")
# Characters read either side of the best match per word of the snippet, and matches of the
# pattern read per candidate text at most.
_CHARS_PER_WORD = 40
_MATCHES_READ = 200

# Endings taken off a query word before highlighting, so "installing" also marks "install" and
# "installation" (the search backend may stem; highlighting should not miss what it found).
_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "ies", "ied", "er", "es", "ed", "s", "ly")


def stem(term):
    """``term`` without one common English ending (at least three letters stay)."""
    for suffix in _SUFFIXES:
        if term.endswith(suffix) and len(term) - len(suffix) >= 3:
            return term[: -len(suffix)]
    return term


def term_pattern(terms):
    """A pattern matching words that start with the stem of any of ``terms`` (None for none)."""
    if not terms:
        return None
    stems = {stem(term) for term in terms}
    alternatives = "|".join(re.escape(part) for part in sorted(stems, key=len, reverse=True))
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
    return mark_safe("".join(parts))  # every part is escaped


def _candidates(texts, stems, limit=8, complete=3):
    """``(-score, index, lowered text)`` of the texts holding the most of ``stems`` (first ones
    first).

    Substring tests (C speed) on each text in order; reading stops once ``complete`` texts
    hold every stem (no later text can rank above them).
    """
    found, whole, wanted = [], 0, len(stems)
    for index, text in enumerate(texts):
        lowered = text.lower()
        score = 0
        for part in stems:
            if part in lowered:
                score += 1
        if score:
            found.append((-score, index, lowered))
            if score == wanted:
                whole += 1
                if whole >= complete:
                    break
    found.sort(key=lambda candidate: candidate[:2])
    return found[:limit]


def _first_word_start(lowered, part):
    """Where ``part`` first begins a word of ``lowered`` (-1 if nowhere): what the pattern's
    ``\\b`` finds, by ``str.find`` (C speed) instead of a regular expression over the text."""
    position = lowered.find(part)
    while position > 0 and _is_word_character(lowered[position - 1]):
        position = lowered.find(part, position + 1)
    return position


def _is_word_character(character):
    return character.isalnum() or character == "_"  # the regular expressions' \w


def _best_text(texts, terms, pattern):
    """``(text, start of its first match)`` of the first text matching the most distinct terms,
    or ``(None, 0)``.

    Texts are first scored by substring tests (cheap on long articles); the candidates are then
    checked for words that begin with each term, best first, stopping as soon as no later
    candidate can do better.
    """
    stems = list(dict.fromkeys(stem(term.lower()) for term in terms))
    best, best_score, first_match = None, 0, 0
    for negative_score, position, lowered in _candidates(texts, stems):
        possible = -negative_score
        if possible <= best_score:
            break  # candidates come best first: none of the rest can do better
        text = texts[position]
        if len(lowered) != len(text):  # lower() changed the length: offsets differ
            found, first = _matched_by_pattern(text, stems, pattern, possible)
        else:
            starts = [_first_word_start(lowered, part) for part in stems]
            starts = [start for start in starts if start >= 0]
            found, first = len(starts), min(starts, default=None)
        if found > best_score:
            best, best_score, first_match = text, found, first
    return best, first_match


def _matched_by_pattern(text, stems, pattern, possible):
    """How many of ``stems`` begin a word of ``text``, and where the first match starts."""
    found, first = set(), None
    for count, match in enumerate(pattern.finditer(text)):
        if first is None:
            first = match.start()
        word = match.group(0).lower()
        found.update(part for part in stems if part not in found and word.startswith(part))
        if len(found) >= possible or count >= _MATCHES_READ:
            break
    return len(found), first


def make_snippet(texts, terms, words=None, pattern=None):
    """A window of about ``words`` words around the best match among ``texts``, highlighted.

    The best text is the first one matching the most distinct terms; with no match anywhere the
    snippet is the start of the first text. Only the characters around the match are split into
    words, so the cost does not follow the length of the article.
    """
    words = words or kb_settings.SEARCH_SNIPPET_WORDS
    pattern = pattern if pattern is not None else term_pattern(terms)
    best, first_match = (None, 0) if pattern is None else _best_text(texts, terms, pattern)
    if best is None:
        best = texts[0] if texts else ""
        first_match = 0
    # Enough characters either side for the window (long "words" only make it shorter).
    low = max(0, first_match - _CHARS_PER_WORD * words)
    high = min(len(best), first_match + _CHARS_PER_WORD * words)
    tokens = list(_TOKEN_RE.finditer(best, low, high))
    if tokens and low > 0 and not best[low - 1].isspace():
        tokens = tokens[1:]  # cut through a word: not shown
    if tokens and high < len(best) and not best[high].isspace():
        tokens = tokens[:-1]
    if not tokens:
        return SafeString("")
    more_before = bool(best[: tokens[0].start()].strip())
    more_after = bool(best[tokens[-1].end() :].strip())
    index = next((i for i, t in enumerate(tokens) if t.end() > first_match), 0)
    start = max(0, index - words // 4)
    end = min(len(tokens), start + words)
    start = max(0, min(start, end - words))
    text = best[tokens[start].start() : tokens[end - 1].end()]
    html = highlight(text, pattern)
    if start > 0 or more_before:
        html = "… " + html
    if end < len(tokens) or more_after:
        html = html + " …"
    return mark_safe(html)  # highlight() escaped the text
