"""``KBPageQuerySet``: the tree queries every KB page type shares.

Wagtail's ``child_of``/``descendant_of`` filter with ``path LIKE 'prefix%'``, which SQLite (with
Django's ESCAPE clause) and PostgreSQL (unless the column's collation is "C") answer by reading
every page. A range on ``path`` reads only the branch through the path index; ``children_of`` and
``descendants_of`` use one, and so do ``children_q``/``descendants_q`` for related lookups
(``RatingVote.objects.filter(descendants_q(topic, "article__"))``).

The page given may be a stand-in that only knows its tree position:
``Page(path=..., depth=...)``.

Later filters that narrow by audience (``public()``, ``visible_to(request)``) belong here too, so
every listing, search and report chains them the same way.
"""

from django.db.models import Q
from wagtail.models import Page, PageManager, PageQuerySet

# The highest path a descendant can have: Wagtail's path column holds 255 characters.
PATH_MAX_LENGTH = 255


def children_q(page, prefix=""):
    """A ``Q`` for the children of ``page``; ``prefix`` reaches pages through a relation."""
    low, high = Page._get_children_path_interval(page.path)
    return Q(**{f"{prefix}path__range": (low, high), f"{prefix}depth": page.depth + 1})


def descendants_q(page, prefix="", inclusive=False):
    """A ``Q`` for the pages below ``page`` (and ``page`` itself when ``inclusive``)."""
    high = page.path + Page.alphabet[-1] * (PATH_MAX_LENGTH - len(page.path))
    low_lookup = f"{prefix}path__gte" if inclusive else f"{prefix}path__gt"
    return Q(**{low_lookup: page.path, f"{prefix}path__lte": high})


class KBPageQuerySet(PageQuerySet):
    def children_of(self, page):
        """The children of ``page``, read through the path index (one range)."""
        return self.filter(children_q(page))

    def descendants_of(self, page, inclusive=False):
        """The pages below ``page``, read through the path index (one range)."""
        return self.filter(descendants_q(page, inclusive=inclusive))


KBPageManager = PageManager.from_queryset(KBPageQuerySet)


def union_all(model, querysets):
    """Run sliced querysets as one ``UNION ALL`` query (one round trip, each part uses its index).

    Django cannot combine sliced querysets on SQLite, so each part is wrapped as a subquery.
    Returns a list of ``model`` instances (``raw()`` rows).
    """
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        sql, part_params = queryset.query.sql_with_params()
        # The SQL is Django's own compilation of a queryset; values stay in ``params``.
        parts.append(f"SELECT * FROM ({sql}) kb_part_{number}")  # noqa: S608
        params.extend(part_params)
    if not parts:
        return []
    return list(model.objects.raw(" UNION ALL ".join(parts), params))
