"""Routing a KB request without walking the page tree, then handing the route to Wagtail.

The vote and view routes of an article (``ratings.routes``) and the KB home's search routes
(``search.routing``) are recognised by ``wagtail_kb.middleware`` in one query each. What they
share is here:

* ``site_for_request``: Wagtail's choice of site (hostname and port, then the default), made over
  the site records cached under the tree version (any save of a site or a page replaces it): no
  query when warm;
* ``url_path_below``: the ``url_path`` a page at these slugs below the site's root has (the chain
  of slugs, so it is the page Wagtail's routing would reach);
* ``hand_to_wagtail``: the route recorded as ``RoutablePageMixin.route`` would record it and
  handed over as ``request._wagtail_route_for_request`` (what ``Page.route_for_request``
  documents caching), so Wagtail's ``serve`` does not route again but still runs every
  ``before_serve_page`` and ``on_serve_page`` hook.
"""

from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.url_routing import RouteResult

from .listing_cache import LISTING_CACHE_TIMEOUT, listing_cache, tree_version


def cached_sites():
    """Every ``Site`` with its root page, cached until the tree (or a site) changes."""
    return listing_cache().get_or_set(
        f"wagtail_kb:sites:{tree_version()}",
        lambda: list(Site.objects.select_related("root_page").order_by("pk")),
        LISTING_CACHE_TIMEOUT,
    )


def pick_site(sites, hostname, port):
    """Wagtail's ``get_site_for_hostname`` over ``sites``: the same choice, or ``None``."""
    ranked = []
    for site in sites:
        same_host = site.hostname.lower() == hostname
        if same_host and site.port == port:
            rank = 0
        elif same_host and site.is_default_site:
            rank = 1
        elif site.is_default_site:
            rank = 2
        elif same_host:
            rank = 3
        else:
            continue
        ranked.append((rank, site))
    ranked.sort(key=lambda pair: pair[0])
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[0][0] in (0, 1):
        return ranked[0][1]
    if ranked[0][0] == 2:
        return ranked[len(ranked) == 2][1]
    return None


def site_for_request(request):
    """The request's ``Site`` (remembered on the request, as Wagtail does), or ``None``."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        request._wagtail_site = pick_site(cached_sites(), hostname, request.get_port())
    return request._wagtail_site


def url_path_below(root, slugs):
    """The ``url_path`` of the page at ``slugs`` below ``root``: the chain of slugs Wagtail's
    routing walks."""
    return root.url_path + "".join(f"{slug}/" for slug in slugs)


def hand_to_wagtail(request, page, subpath):
    """Route ``request`` to ``page``'s ``subpath`` (e.g. ``"/rate/"``) for Wagtail's ``serve``.

    Raises ``Http404`` when the page has no such route."""
    match = page.resolve_subpage(subpath)
    request.routable_resolver_match = match
    request._wagtail_route_for_request = RouteResult(page, args=tuple(match))
    return match
