"""Query text: what a reader typed, cleaned for display, split into terms, normalised."""

import re

from ..conf import kb_settings

# Longest normalised query stored in the log (as Wagtail's search promotions' terms).
LOG_QUERY_MAX_LENGTH = 255
# Words of a query sent to the backend; the rest are ignored (keeps queries cheap).
MAX_TERMS = 32

_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_SPACE_RE = re.compile(r"\s+")


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
