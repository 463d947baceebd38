"""Spelling corrections from the KB's own vocabulary (the words of its public articles).

A query word no public article holds is replaced by the closest word of the vocabulary
(``KBSearchVocabulary``): the fewest edits (Damerau–Levenshtein: a letter missing, extra,
wrong, or two letters swapped), at most one edit for words of up to five letters and two for
longer ones; among equally close words, the one in most articles. One query for every word
of the search: the vocabulary words one edit away (generated, then looked up by the unique
``(kb, word)`` index) and those sharing the word's first three letters within two letters of its
length (a range of the same index), so the cost does not grow with the vocabulary. Why this
method rather than trigrams or PostgreSQL's ``pg_trgm``: docs/search.md ("Misspellings").
"""

from django.db import connections, router

from ..models import KBSearchVocabulary

ALPHABET = "abcdefghijklmnopqrstuvwxyz"
# Shortest word corrected (shorter ones are abbreviations as often as slips).
MIN_LENGTH = 4
# Most words of one search that are corrected.
MAX_CORRECTED = 3
# Letters of a long word whose candidates are read as one index range.
PREFIX = 3


def prefix_range(prefix):
    """The words starting with ``prefix`` as a range of the (kb, word) index: ``(low, high)``
    (``LIKE 'x%'`` cannot use an index on SQLite, where ``LIKE`` ignores case)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def max_distance(word):
    return 1 if len(word) <= 5 else 2


def edits1(word, within=None):
    """Every string one edit from ``word`` (deletion, swap, replacement, insertion); with
    ``within``, only the edits that touch its first ``within`` letters."""
    letters = ALPHABET + "".join(sorted({ch for ch in word if ch not in ALPHABET}))
    last = len(word) if within is None else min(len(word), within - 1)
    splits = [(word[:i], word[i:]) for i in range(last + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in letters if c != b[0]]
    inserts = [a + c + b for a, b in splits for c in letters]
    return set(deletes + swaps + replaces + inserts) - {word}


def distance(a, b, limit=2):
    """Optimal string alignment distance of ``a`` and ``b``; ``limit + 1`` when above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def correctable(word):
    return len(word) >= MIN_LENGTH and word.isalpha()


def corrections(kb_id, unknown):
    """``{word: (correction, stem, articles)}`` for the words of ``unknown`` the vocabulary can
    correct (one query)."""
    unknown = [word for word in unknown if correctable(word)][:MAX_CORRECTED]
    if not unknown:
        return {}
    candidates = _candidates(kb_id, unknown)
    found = {}
    for word in unknown:
        limit = max_distance(word)
        best = None
        for candidate, stem, articles in candidates:
            d = distance(word, candidate, limit)
            if d <= limit and (best is None or (d, -articles, candidate) < best[0]):
                best = ((d, -articles, candidate), candidate, stem, articles)
        if best is not None:
            found[word] = best[1:]
    return found


def _candidates(kb_id, unknown):
    """``(word, stem, articles)`` of the vocabulary words that may correct ``unknown`` (one
    query, written out: the ORM took longer to compile its few hundred strings than the
    database took to look them up)."""
    connection, select, columns = _vocabulary_select()
    word_column = columns["word"]
    length = "CHAR_LENGTH" if connection.vendor == "mysql" else "LENGTH"
    # One SELECT per condition, as one UNION ALL: each reads the unique (kb, word) index, where
    # a single WHERE with ORs of them made SQLite read the KB's whole vocabulary.
    parts, params = [], []
    for word in unknown:
        if max_distance(word) > 1:
            # Words keeping its first three letters: one index range. Only a slip among those
            # three needs the generated strings (a few dozen rather than ~50 per letter).
            low = word[:PREFIX]
            parts.append(
                f"{select}{word_column} >= %s AND {word_column} < %s"
                f" AND {length}({word_column}) BETWEEN %s AND %s"
            )
            params += [kb_id, *prefix_range(low), len(word) - 2, len(word) + 2]
            strings = sorted(edits1(word, within=PREFIX))
        else:
            strings = sorted(edits1(word))
        condition, values = _one_of(connection, word_column, strings)
        parts.append(select + condition)
        params += [kb_id, *values]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


def known_words(kb_id, stems, prefix=""):
    """``(word, stem, articles)`` of the vocabulary words with one of ``stems`` or, with
    ``prefix``, beginning with it (one query, each part an index look-up; written out, as the
    ORM took ten times longer to compile it than SQLite to answer)."""
    connection, select, columns = _vocabulary_select()
    stems = sorted(set(stems))
    parts, params = [], []
    if stems:
        condition, values = _one_of(connection, columns["stem"], stems)
        parts.append(select + condition)
        params += [kb_id, *values]
    if prefix:
        parts.append(f"{select}{columns['word']} >= %s AND {columns['word']} < %s")
        params += [kb_id, *prefix_range(prefix)]
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    return list({word: (word, stem, articles) for word, stem, articles in rows}.values())


def _vocabulary_select():
    """The connection, ``SELECT word, stem, articles FROM … WHERE kb = %s AND `` and the
    quoted columns of the vocabulary table."""
    connection = connections[router.db_for_read(KBSearchVocabulary)]
    quote = connection.ops.quote_name
    opts = KBSearchVocabulary._meta
    columns = {name: quote(opts.get_field(name).column) for name in ("word", "stem", "articles")}
    select = (
        f"SELECT {columns['word']}, {columns['stem']}, {columns['articles']}"  # noqa: S608
        f" FROM {quote(opts.db_table)} WHERE {quote(opts.get_field('kb').column)} = %s AND "
    )
    return connection, select, columns


def _one_of(connection, column, values):
    """``column`` equal to one of ``values``: SQL and its parameters. On PostgreSQL one array
    parameter, as parsing and planning a few hundred took longer than the look-up itself."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)
