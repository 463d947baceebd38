"""One ranking for every database: the word index, scored in one aggregate query.

An article's score is the sum, over the query's concepts it matches, of the stem's weight in
the article (where it is: title, headings, intro; how often in the body, for its length) times
the stem's rarity (idf), multiplied by the square of the share of the query's concepts it
matches: an article with every meaningful word comes before one with a few, and among those
the words' places decide. Plain SQL (``GROUP BY``, ``CASE``, ``SUM``, ``COUNT(DISTINCT)``), the
same on SQLite, PostgreSQL and MySQL/MariaDB, read from the covering index
``(kb, stem, page, weight)``.
"""

from django.db.models import Case, Count, F, FloatField, IntegerField, Sum, Value, When
from django.db.models.functions import Cast

from ..models import KBSearchWord


def rank(kb_id, concepts, limit, exclude=(), hidden=None, phrases=None):
    """Ids of the best ``limit`` articles for these concepts, best first (one query).

    ``exclude``: ids left out (promoted articles, listed first anyway); ``hidden``: a subquery
    of page ids readers may not open (``scope.hidden_pages``), which the index should not hold
    but a stale one might; ``phrases``: phrase key → weight (``analysis``), scored like words
    but not counted among the concepts matched.
    """
    if not concepts:
        return []
    idf_cases, concept_cases, stems = [], [], set()
    for number, concept in enumerate(concepts):
        for stem, weight in concept.weights.items():
            if stem in stems:
                continue
            stems.add(stem)
            idf_cases.append(When(stem=stem, then=Value(float(weight))))
            concept_cases.append(When(stem=stem, then=Value(number)))
    for key, weight in (phrases or {}).items():
        if key not in stems:
            stems.add(key)
            idf_cases.append(When(stem=key, then=Value(float(weight))))
            concept_cases.append(When(stem=key, then=Value(None)))
    rows = KBSearchWord.objects.filter(kb_id=kb_id, stem__in=stems)
    if exclude:
        rows = rows.exclude(page_id__in=exclude)
    if hidden is not None:
        rows = rows.exclude(page_id__in=hidden)
    total = float(len(concepts))
    rows = (
        rows.values("page_id")
        .annotate(
            score=Sum(
                F("weight") * Case(*idf_cases, default=Value(0.0), output_field=FloatField()),
                output_field=FloatField(),
            ),
            matched=Count(
                Case(*concept_cases, default=Value(-1), output_field=IntegerField()),
                distinct=True,
            ),
        )
        .annotate(
            share=Cast(F("matched"), FloatField()) / Value(total),
        )
        .annotate(relevance=F("score") * F("share") * F("share"))
        .order_by("-relevance", "-page_id")
        .values_list("page_id", flat=True)
    )
    return list(rows[:limit])
