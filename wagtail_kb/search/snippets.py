"""Highlighting and snippets: the words of a result that match the query, in ``<mark>``.

Everything a reader typed or an editor wrote is escaped first; only ``<mark>`` is added.
"""

import re
from bisect import bisect_right

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..conf import kb_settings

_TOKEN_RE = re.compile(r"\S+")

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


def _candidates(texts, stems, limit=8, occurrences=200):
    """``(-score, index)`` of the texts holding the most of ``stems`` (first ones first).

    One lower-cased copy of all the texts is searched with ``str.find`` (C speed), each
    occurrence mapped back to its text: the cost follows the occurrences, not the texts.
    """
    offsets, position = [], 0
    for text in texts:
        offsets.append(position)
        position += len(text) + 1
    joined = "\n".join(texts).lower()
    found = {}
    for part in stems:
        start = 0
        for _ in range(occurrences):
            index = joined.find(part, start)
            if index < 0:
                break
            found.setdefault(bisect_right(offsets, index) - 1, set()).add(part)
            start = index + len(part)
    return sorted((-len(parts), index) for index, parts in found.items())[:limit]


def make_snippet(texts, terms, words=None, pattern=None):
    """A window of about ``words`` words around the best match among ``texts``, highlighted.

    The best text is the first one matching the most distinct terms; with no match anywhere the
    snippet is the start of the first text.
    """
    words = words or kb_settings.SEARCH_SNIPPET_WORDS
    pattern = pattern if pattern is not None else term_pattern(terms)
    best, best_score, first_match = None, 0, None
    if pattern is not None:
        # Texts are first scored by substring tests (cheap on long articles); the pattern
        # then runs on the best candidates only, in order, until one really matches.
        stems = list(dict.fromkeys(stem(term.lower()) for term in terms))
        for _, position in _candidates(texts, stems):
            text = texts[position]
            matches = list(pattern.finditer(text))
            if not matches:
                continue
            lowered = {m.group(0).lower() for m in matches}
            score = sum(1 for part in stems if any(w.startswith(part) for w in lowered))
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
    return mark_safe(html)  # highlight() escaped the text
