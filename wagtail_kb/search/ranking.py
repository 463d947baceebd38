"""One ranking for every database: the word index, scored in one aggregate query.

An article's score is the sum, over the query's concepts it matches, of the stem's weight in
the article (where it is: title, headings, intro; how often in the body, for its length) times
the stem's rarity (idf), multiplied by the square of the share of the query's concepts it
matches: an article with every meaningful word comes before one with a few, and among those
the words' places decide. Plain SQL (``GROUP BY``, ``CASE``, ``SUM``, ``COUNT(DISTINCT)``), the
same on SQLite, PostgreSQL and MySQL/MariaDB, read from the covering index
``(kb, stem, page, weight)``.

The SQL is written out here and kept per database and *shape* (how many stems, excluded ids
and hidden branches): built from Django expressions, its two ``CASE``s of one branch per stem
took Django longer to compile than the database took to answer (benchmarks/relevance). Only
numbers of the shape and quoted table and column names go into the text; every value (stems,
weights, ids, paths) is a parameter.
"""

from functools import lru_cache

from django.db import connections, router
from wagtail.models import Page

from ..models import KBSearchWord
from ..models.querysets import highest_path_below

# How each database turns the integer count of concepts into a float (as Django's ``Cast``).
_FLOAT = {
    "sqlite": "CAST({} AS REAL)",
    "postgresql": "({})::double precision",
    "mysql": "({} + 0.0)",
}


# Shapes readers' queries could multiply: the least recently used go first.
@lru_cache(maxsize=512)
def _sql(alias, vendor, stems, concept_stems, excluded, hidden):
    """The ranking's SQL for this shape on the database ``alias`` (of ``vendor``)."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    opts = KBSearchWord._meta
    table = quote(opts.db_table)
    page = quote(opts.get_field("page").column)
    kb = quote(opts.get_field("kb").column)
    stem = quote(opts.get_field("stem").column)
    weight = quote(opts.get_field("weight").column)
    score_case = " ".join(["WHEN %s THEN %s"] * stems)
    concept_case = " ".join(["WHEN %s THEN %s"] * concept_stems)
    where = [f"{kb} = %s", f"{stem} IN ({', '.join(['%s'] * stems)})"]
    if excluded:
        where.append(f"NOT ({page} IN ({', '.join(['%s'] * excluded)}))")
    if hidden:
        path = quote(Page._meta.get_field("path").column)
        ranges = " OR ".join([f"({path} >= %s AND {path} <= %s)"] * hidden)
        where.append(
            f"NOT ({page} IN (SELECT {quote(Page._meta.pk.column)}"  # noqa: S608
            f" FROM {quote(Page._meta.db_table)} WHERE {ranges}))"
        )
    share = f"({_FLOAT.get(connection.vendor, _FLOAT['sqlite']).format('kb_matched')} / %s)"
    sql = (
        f"SELECT kb_page FROM (SELECT {page} AS kb_page,"  # noqa: S608
        f" SUM({weight} * (CASE {stem} {score_case} ELSE 0.0 END)) AS kb_score,"
        f" COUNT(DISTINCT (CASE {stem} {concept_case} END)) AS kb_matched"
        f" FROM {table} WHERE {' AND '.join(where)} GROUP BY {page}) kb_ranked"
        f" ORDER BY kb_score * {share} * {share} DESC, kb_page DESC"
    )
    return sql


def rank(kb_id, concepts, limit, exclude=(), hidden_paths=(), phrases=None):
    """Ids of the best ``limit`` articles for these concepts, best first (one query).

    ``exclude``: ids left out (promoted articles, listed first anyway); ``hidden_paths``: the
    paths of the pages whose branch readers may not open (``scope.hidden_paths``), which the
    index should not hold but a stale one might; ``phrases``: phrase key → weight
    (``analysis``), scored like words but not counted among the concepts matched.
    """
    if not concepts:
        return []
    weights, numbers = {}, {}
    for number, concept in enumerate(concepts):
        for stem, weight in concept.weights.items():
            if stem not in weights:
                weights[stem] = float(weight)
                numbers[stem] = number
    for key, weight in (phrases or {}).items():
        weights.setdefault(key, float(weight))
    if not numbers:
        return []
    exclude = [int(pk) for pk in dict.fromkeys(exclude)]
    hidden_paths = list(hidden_paths or ())
    using = router.db_for_read(KBSearchWord)
    connection = connections[using]
    sql = _sql(
        using, connection.vendor, len(weights), len(numbers), len(exclude), len(hidden_paths)
    )
    params = [value for pair in weights.items() for value in pair]
    params += [value for pair in numbers.items() for value in pair]
    params += [kb_id, *weights, *exclude]
    for path in hidden_paths:
        params += [path, highest_path_below(path)]
    total = float(len(concepts))
    params += [total, total]
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} LIMIT {int(limit)}", params)
        return [row[0] for row in cursor.fetchall()]
