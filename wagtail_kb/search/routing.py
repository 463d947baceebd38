"""The KB home's search routes (``search/``, ``search/go/``) handed to Wagtail already resolved.

Wagtail's routing of ``<kb home>search/?q=…`` costs four to five queries before the search
starts: the site, each page of the URL as a ``Page`` and then as its specific class, and the
home's view-restriction check. ``route_search`` (called by ``wagtail_kb.middleware``) makes
the same choice in one query, none once the home is in the listing cache: the site from the
site records cached under the tree version (``wagtail_kb.routing.site_for_request``, no query
when warm), then the ``KBHomePage`` whose
``url_path`` is the site root's plus the request's path without the route (the chain of slugs
Wagtail's routing walks), loaded ``with_view_restriction_flags`` so that its
``get_view_restrictions()`` skips its queries when no restriction or alias is on its branch.

The route is handed to Wagtail (``request._wagtail_route_for_request``, as
``Page.route_for_request`` documents), so Wagtail's ``serve`` view does not route again but
still runs every ``before_serve_page`` and ``on_serve_page`` hook: a view-restricted KB home
answers with its password or login page as before. Anything this does not recognise — a home
that is not live, a page type derived from ``KBHomePage``, a path that names no KB home — is
left to Wagtail's own routing.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils.translation import get_language

from ..listing_cache import LISTING_CACHE_TIMEOUT, listing_cache, tree_version
from ..models import KBHomePage
from ..models.compiled import CompiledQuery, Marker, int_marker
from ..routing import hand_to_wagtail, site_for_request, url_path_below

# The KB home's routes this recognises: the path's last segments, and the route they name.
ROUTES = ((("search",), "/search/"), (("search", "go"), "/search/go/"))
SEARCH_ENDINGS = tuple(subpath for _, subpath in ROUTES)
# Methods the search routes serve; any other goes through Wagtail's routing as before.
METHODS = ("GET", "HEAD")


def _split(path):
    """``(slugs of the KB home, route)`` when ``path`` ends in a search route, else None."""
    if not path or not path.endswith("/"):
        return None
    parts = [part for part in path.split("/") if part]
    for tail, subpath in reversed(ROUTES):  # the longer route first
        if len(parts) >= len(tail) and tuple(parts[-len(tail) :]) == tail:
            return parts[: -len(tail)], subpath
    return None


_SLUG, _URL_PATH, _PK = Marker("\x00kb:slug\x00"), Marker("\x00kb:url-path\x00"), int_marker(1)


def _home_at(shape):
    depth, by_pk = shape
    homes = KBHomePage.objects.with_view_restriction_flags(depth)
    homes = homes.filter(pk=_PK) if by_pk else homes.filter(slug=_SLUG, url_path=_URL_PATH)
    return homes.order_by("pk")[:1]


# Compiled once per database and depth (``compiled``): Django took longer to compile it than
# the database takes to answer.
HOME_AT = CompiledQuery(KBHomePage, _home_at)


def find_kb_home(site, slugs):
    """The ``KBHomePage`` at ``slugs`` below the site's root (the root itself when there are
    none), with its view restriction flag, or None. One query, or none when the listing cache
    has it: a home found is kept there until the tree changes (any page save, move or view
    restriction replaces the tree version). Paths that name no KB home are not kept, so readers
    cannot fill the cache with paths of their choosing."""
    path = hashlib.sha256("/".join(slugs).encode()).hexdigest()[:32]  # keys stay short
    key = f"wagtail_kb:search-home:{site.pk}:{get_language() or ''}:{path}:{tree_version()}"
    cache = listing_cache()
    home = cache.get(key)
    if home is None:
        home = _find_kb_home(site, slugs)
        if home is not None:
            cache.set(key, home, LISTING_CACHE_TIMEOUT)
    return home


def _find_kb_home(site, slugs):
    root = site.root_page.localized
    by_slug = {_SLUG: slugs[-1], _URL_PATH: url_path_below(root, slugs)} if slugs else None
    values = by_slug or {_PK: root.pk}
    found = HOME_AT.run((root.depth + len(slugs), not slugs), values)
    home = found[0] if found else None
    if home is None or home.content_type_id != ContentType.objects.get_for_model(KBHomePage).pk:
        return None  # a page type of the site's own, derived from KBHomePage: Wagtail routes it
    return home


def route_search(request, path):
    """The KB home a search request names, its route handed to Wagtail; None otherwise.

    ``path`` is what Wagtail's ``serve`` view receives (relative to the site root).
    """
    if request.method not in METHODS:
        return None
    found = _split(path)
    if found is None:
        return None
    slugs, subpath = found
    site = site_for_request(request)
    if site is None:
        return None
    home = find_kb_home(site, slugs)
    if home is None or not home.live:
        return None  # Wagtail's routing answers (a home that is not live: 404)
    try:
        hand_to_wagtail(request, home, subpath)
    except Http404:
        return None
    request._wagtail_kb_route = [home]  # what ``KBPageMixin.route`` records: the breadcrumb's
    return home
