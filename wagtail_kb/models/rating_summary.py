"""A rating summary (count, average, distribution) and the aggregates that compute it in one query.

Plain data and query expressions, no model: ``RatingVote.objects.summary()`` (``feedback.py``),
the ratings service and the reports all build their summaries from these.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Max, Q
from django.utils.formats import number_format
from django.utils.translation import ngettext

STAR_LEVELS = (1, 2, 3, 4, 5)


@dataclass
class RatingSummary:
    count: int = 0
    average: float = 0.0
    distribution: dict = field(default_factory=lambda: dict.fromkeys(STAR_LEVELS, 0))

    @property
    def percentages(self):
        """{stars: whole percent}; 0 everywhere when nobody voted."""
        if not self.count:
            return dict.fromkeys(STAR_LEVELS, 0)
        return {n: round(100 * self.distribution[n] / self.count) for n in STAR_LEVELS}

    @property
    def positive_percent(self):
        """Share of 4 and 5 star votes, in whole percent."""
        if not self.count:
            return 0
        return round(100 * (self.distribution[4] + self.distribution[5]) / self.count)

    @property
    def rows(self):
        """``[(stars, count, percent)]`` from 5 down to 1, for templates."""
        percentages = self.percentages
        return [(n, self.distribution[n], percentages[n]) for n in reversed(STAR_LEVELS)]

    @property
    def count_label(self):
        count = number_format(self.count, force_grouping=True)
        return ngettext("%(count)s vote", "%(count)s votes", self.count) % {"count": count}

    def as_dict(self):
        return {
            "count": self.count,
            "average": self.average,
            "distribution": {str(n): self.distribution[n] for n in STAR_LEVELS},
            "percentages": {str(n): p for n, p in self.percentages.items()},
            "count_label": self.count_label,
        }


def aggregate_expressions(prefix="", condition=None):
    """Aggregates giving a summary in one query; ``prefix`` reaches votes through a relation.

    The keys are ``count``, ``average``, ``s1``…``s5`` and ``last_vote``. ``condition`` (a ``Q``
    on the same path) narrows the votes counted.
    """

    def where(extra=None):
        parts = [q for q in (condition, extra) if q is not None]
        if not parts:
            return None
        combined = parts[0]
        for part in parts[1:]:
            combined &= part
        return combined

    pk = f"{prefix}pk" if prefix else "pk"
    expressions = {
        "count": Count(pk, filter=where()),
        "average": Avg(f"{prefix}stars", filter=where()),
        "last_vote": Max(f"{prefix}updated_at", filter=where()),
    }
    for n in STAR_LEVELS:
        expressions[f"s{n}"] = Count(pk, filter=where(Q(**{f"{prefix}stars": n})))
    return expressions


def summary_from_values(values, key=lambda name: name):
    """A ``RatingSummary`` from aggregate values (a dict or an annotated object)."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name, None)
    count = get(key("count")) or 0
    average = get(key("average"))
    return RatingSummary(
        count=count,
        average=round(float(average), 1) if (count and average is not None) else 0.0,
        distribution={n: get(key(f"s{n}")) or 0 for n in STAR_LEVELS},
    )
