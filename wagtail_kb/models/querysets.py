"""``KBPageQuerySet``: the tree queries every KB page type shares.

Wagtail's ``child_of``/``descendant_of`` filter with ``path LIKE 'prefix%'``, which SQLite (with
Django's ESCAPE clause) and PostgreSQL (unless the column's collation is "C") answer by reading
every page. A range on ``path`` reads only the branch through the path index; ``children_of`` and
``descendants_of`` use one, and so do ``children_q``/``descendants_q`` for related lookups
(``RatingVote.objects.filter(descendants_q(topic, "article__"))``).

The page given may be a stand-in that only knows its tree position:
``Page(path=..., depth=...)``.

Every listing chains ``listed()``: ``public()`` (no view restriction on the page or any ancestor,
whoever reads: one cached listing serves every audience) and ``reachable()`` (no ancestor that is
not live: an unpublished topic's title and articles are listed nowhere).
"""

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from wagtail.models import Page, PageManager, PageQuerySet, PageViewRestriction

# The highest path a descendant can have: Wagtail's path column holds 255 characters.
PATH_MAX_LENGTH = 255


def children_q(page, prefix=""):
    """A ``Q`` for the children of ``page``; ``prefix`` reaches pages through a relation."""
    low, high = Page._get_children_path_interval(page.path)
    return Q(**{f"{prefix}path__range": (low, high), f"{prefix}depth": page.depth + 1})


def highest_path_below(path):
    """The highest path a page below ``path`` can have: the top of its branch's range."""
    return path + Page.alphabet[-1] * (PATH_MAX_LENGTH - len(path))


def descendants_q(page, prefix="", inclusive=False):
    """A ``Q`` for the pages below ``page`` (and ``page`` itself when ``inclusive``)."""
    high = highest_path_below(page.path)
    low_lookup = f"{prefix}path__gte" if inclusive else f"{prefix}path__gt"
    return Q(**{low_lookup: page.path, f"{prefix}path__lte": high})


class KBPageQuerySet(PageQuerySet):
    def children_of(self, page):
        """The children of ``page``, read through the path index (one range)."""
        return self.filter(children_q(page))

    def descendants_of(self, page, inclusive=False):
        """The pages below ``page``, read through the path index (one range)."""
        return self.filter(descendants_q(page, inclusive=inclusive))

    def public(self):
        """Pages with no view restriction (login, password, groups) on them or any ancestor.

        One ``NOT EXISTS`` over the (few) view restrictions, matching each restricted page's path
        as a prefix of the listed page's path: the same query whatever the number of pages.
        """
        return self.filter(RawSQL(_public_sql(), (), BooleanField()))  # noqa: S611

    def reachable(self, below=None, depth=None):
        """Pages with no ancestor that is not live (below ``below``, down to ``depth - 1``).

        ``below`` (a page, default: the tree root) and ``depth`` (the listed pages' depth, when
        known) bound the ancestors looked up: one path index look-up per level.
        """
        first = below.depth + 1 if below is not None else 2
        last = depth - 1 if depth is not None else PATH_MAX_LENGTH // Page.steplen
        if last < first:
            return self
        sql = _reachable_sql(range(first, last + 1))
        return self.filter(RawSQL(sql, (False,), BooleanField()))  # noqa: S611

    def listed(self, below=None, depth=None):
        """What a listing may show to any reader: ``public()`` and ``reachable()``."""
        return self.public().reachable(below, depth)

    def with_view_restriction_flags(self, depth):
        """Annotate ``kb_maybe_restricted`` on pages at ``depth``: False when no view restriction
        can apply to them.

        True when the page or an ancestor has a view restriction, or is an alias (whose source's
        restrictions Wagtail applies). The page's ``get_view_restrictions()`` then skips its two
        queries when the flag is False (see ``KBPageMixin``). Part of the same query (one path
        index look-up per level), read for this request only, so it can never be stale.
        """
        return self.annotate(
            kb_maybe_restricted=RawSQL(_restriction_flag_sql(depth), (), BooleanField())  # noqa: S611
        )


def _restriction_flag_sql(depth):
    # Written out rather than built from ``Exists``/``Substr`` expressions, which Django takes
    # longer to compile than the database takes to answer. Table and column names from the
    # models, numbers: no value from outside.
    quote = connection.ops.quote_name
    page, restriction = quote(Page._meta.db_table), quote(PageViewRestriction._meta.db_table)
    path, pk = quote(Page._meta.get_field("path").column), quote(Page._meta.pk.column)
    alias_of = quote(Page._meta.get_field("alias_of").column)
    restricted_page = quote(PageViewRestriction._meta.get_field("page").column)
    branch = ", ".join(
        f"SUBSTR({page}.{path}, 1, {level * Page.steplen})" for level in range(1, depth + 1)
    )
    return (
        f"(EXISTS (SELECT 1 FROM {restriction} kb_r INNER JOIN {page} kb_p"  # noqa: S608
        f" ON kb_r.{restricted_page} = kb_p.{pk} WHERE kb_p.{path} IN ({branch}))"
        f" OR EXISTS (SELECT 1 FROM {page} kb_a WHERE kb_a.{path} IN ({branch})"
        f" AND kb_a.{alias_of} IS NOT NULL))"
    )


def _names():
    quote = connection.ops.quote_name
    return {
        "page": quote(Page._meta.db_table),
        "restriction": quote(PageViewRestriction._meta.db_table),
        "path": quote(Page._meta.get_field("path").column),
        "pk": quote(Page._meta.pk.column),
        "live": quote(Page._meta.get_field("live").column),
        "restricted_page": quote(PageViewRestriction._meta.get_field("page").column),
    }


def _public_sql():
    # Table and column names from the models: no value from outside.
    n = _names()
    return (
        f"NOT EXISTS (SELECT 1 FROM {n['restriction']} kb_pr INNER JOIN {n['page']} kb_pp"  # noqa: S608
        f" ON kb_pr.{n['restricted_page']} = kb_pp.{n['pk']}"
        f" WHERE kb_pp.{n['path']} <= {n['page']}.{n['path']}"
        f" AND SUBSTR({n['page']}.{n['path']}, 1, LENGTH(kb_pp.{n['path']})) = kb_pp.{n['path']})"
    )


def _reachable_sql(levels):
    # Table and column names from the models, numbers: no value from outside.
    n = _names()
    branch = ", ".join(
        f"SUBSTR({n['page']}.{n['path']}, 1, {level * Page.steplen})" for level in levels
    )
    return (
        f"NOT EXISTS (SELECT 1 FROM {n['page']} kb_up WHERE kb_up.{n['path']} IN ({branch})"  # noqa: S608
        f" AND kb_up.{n['live']} = %s)"
    )


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
