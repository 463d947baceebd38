"""Highlighting and snippets: the words of a result that match the query, in ``<mark>``.

Everything a reader typed or an editor wrote is escaped first; only ``<mark>`` is added.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..conf import kb_settings

_TOKEN_RE = re.compile(r"\S+")
# Characters read either side of the best match per word of the snippet: a narrow span first,
# enough for most prose, then a wide one when the narrow one cannot decide (``_window``).
_FEW_CHARS_PER_WORD = 10
_CHARS_PER_WORD = 40

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


def _best_text(texts, terms, pattern):
    """``(text, start of its first match)`` of the first text in which the most distinct terms
    begin a word, or ``(None, 0)``.

    Each text is scored by substring tests (C speed); only a text that could beat the best so
    far is checked for words beginning with each term (``str.find`` on the lowered text), and
    reading stops at the first text where every term begins a word: the cost follows the texts
    read, not the length of each.
    """
    stems = list(dict.fromkeys(stem(term.lower()) for term in terms))
    wanted = len(stems)
    best, best_score, first_match = None, 0, 0
    for text in texts:
        lowered = text.lower()
        possible = 0
        for part in stems:
            if part in lowered:
                possible += 1
        if possible <= best_score:
            continue
        if len(lowered) != len(text):  # lower() changed the length: offsets differ
            score, first = _matched_by_pattern(text, stems, pattern)
        else:
            starts = [_first_word_start(lowered, part) for part in stems]
            starts = [start for start in starts if start >= 0]
            score, first = len(starts), min(starts, default=0)
        if score > best_score:
            best, best_score, first_match = text, score, first
            if best_score == wanted:
                break
    return best, first_match


def _first_word_start(lowered, part):
    """Where ``part`` first begins a word of ``lowered`` (-1 if nowhere): what the pattern's
    ``\\b`` finds, by ``str.find`` (C speed) instead of a regular expression over the text."""
    position = lowered.find(part)
    while position > 0 and _is_word_character(lowered[position - 1]):
        position = lowered.find(part, position + 1)
    return position


def _is_word_character(character):
    return character.isalnum() or character == "_"  # the regular expressions' \w


def _matched_by_pattern(text, stems, pattern):
    """How many of ``stems`` begin a word of ``text``, and where the first match starts."""
    found, first = set(), 0
    for count, match in enumerate(pattern.finditer(text)):
        if count == 0:
            first = match.start()
        word = match.group(0).lower()
        found.update(part for part in stems if word.startswith(part))
        if len(found) == len(stems):
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
    # A narrow span of characters holds the window in most texts; the wide one is read only
    # when the narrow one cannot decide it (see ``_window``): the same snippet, fewer words split.
    window = _window(best, first_match, words, _FEW_CHARS_PER_WORD, decisive_only=True)
    if window is None:
        window = _window(best, first_match, words, _CHARS_PER_WORD)
    if window is None:
        return SafeString("")
    text, more_before, more_after = window
    html = highlight(text, pattern)
    if more_before:
        html = "… " + html
    if more_after:
        html = html + " …"
    return mark_safe(html)  # highlight() escaped the text


def _window(best, first_match, words, chars_per_word, decisive_only=False):
    """``(text, more before, more after)`` of the window of ``words`` words around
    ``first_match``, reading ``chars_per_word`` characters per word either side; None when no
    word is there or, with ``decisive_only``, when more characters could change the window.

    The window starts a quarter of its words before the match, moved back when the text ends
    first. It is the same as from wider spans when, on each side, the span reached the end of
    the text or the window stops short of the span's last word.
    """
    low = max(0, first_match - chars_per_word * words)
    high = min(len(best), first_match + chars_per_word * words)
    tokens = list(_TOKEN_RE.finditer(best, low, high))
    if tokens and low > 0 and not best[low - 1].isspace():
        tokens = tokens[1:]  # cut through a word: not shown
    if tokens and high < len(best) and not best[high].isspace():
        tokens = tokens[:-1]
    if not tokens:
        return None
    index = next((i for i, t in enumerate(tokens) if t.end() > first_match), 0)
    start = max(0, index - words // 4)
    end = min(len(tokens), start + words)
    start = max(0, min(start, end - words))
    if decisive_only and not ((low == 0 or start > 0) and (high == len(best) or end < len(tokens))):
        return None
    text = best[tokens[start].start() : tokens[end - 1].end()]
    more_before = start > 0 or _TOKEN_RE.search(best, 0, tokens[0].start()) is not None
    more_after = end < len(tokens) or _TOKEN_RE.search(best, tokens[-1].end()) is not None
    return text, more_before, more_after
