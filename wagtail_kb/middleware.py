"""Anti-forgery for the rating endpoint, without a CSRF cookie.

Add it to ``MIDDLEWARE`` before Django's CSRF middleware::

    "wagtail_kb.middleware.RatingCsrfMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",

Why not Django's CSRF token: an article must be servable from a shared page cache or CDN, so its
HTML carries no per-visitor token and sets no CSRF cookie, yet a vote must succeed from that
cached copy, with or without JavaScript. And ``@csrf_exempt`` on a routable-page route has no
effect: ``CsrfViewMiddleware`` judges the resolved view, which is Wagtail's ``serve``.

What protects the endpoint instead:

- **Origin check.** Browsers send ``Origin`` on every cross-origin POST (form or ``fetch``) and
  cannot be made to forge it. For ``POST <article url>rate/`` on a live ``KBArticlePage``, this
  middleware compares ``Origin`` (or, when a browser sent none, the origin of ``Referer``) with
  the request's own origin (``request.scheme`` + ``request.get_host()``) and
  ``settings.CSRF_TRUSTED_ORIGINS``. Same origin: the request is exempted from Django's token
  check. Another origin, or ``Origin: null`` (sandboxed frames, ``data:`` pages, some
  redirects): 403 with a message saying why.
- **Neither header: allowed.** Current browsers always send ``Origin`` on POST, so a request
  with neither header comes from a non-browser client (curl, a script). Such a client acts on its
  own behalf, with its own cookies: it cannot be used to forge a vote in someone else's name,
  which is what CSRF is about. Refusing it would protect nothing, and every such request still
  counts against the per-visitor and per-IP rate limits.
- **Nothing else is exempted.** Only a request to Wagtail's ``serve`` view whose path ends in
  ``/rate/`` or ``/seen/`` (a view of the article, counted by its script) *and* names a live
  ``KBArticlePage`` of the request's site skips the token check; every other view of the site
  keeps Django's CSRF protection unchanged. Methods other than POST reach the view, which
  answers 405 (with ``Allow: POST``) and reads nothing they send.
- **404 for what no reader may act on.** ``…/rate/`` or ``…/seen/`` below a KB page that names
  no live article readers may rate (a draft, a missing article, a topic, the KB home, an article
  with ratings switched off for ``rate/``) is answered 404 here, before Django's CSRF check
  would answer 403. A path below a page of the site's own, or a page whose slug is ``rate`` or
  ``seen``, is left to Wagtail.

How the vote is recognised without walking the page tree: Wagtail's choice of site for the
request, made over the site records cached under the tree version (no query when warm,
``wagtail_kb.routing``), then the article whose ``url_path`` is the site root's
(localised) ``url_path`` plus the request's path without ``rate/`` (one query, by slug, the
routing fields only). That is the page Wagtail's
routing would reach: ``url_path`` is the chain of slugs from the root. The route is handed to
Wagtail (``request._wagtail_route_for_request``, which ``Page.route_for_request`` documents), so
Wagtail's ``serve`` view does not route again but still runs every ``before_serve_page`` and
``on_serve_page`` hook: view restrictions (password, login, groups) answer as on any page. The
origin is checked here, once (the view checks it itself only when this middleware did not run).

The check runs in ``process_view`` (after URL resolution and after ``LocaleMiddleware`` has
picked the language), which is why the middleware must come before ``CsrfViewMiddleware``: the
system check ``wagtail_kb.W002`` warns when it is missing or placed after it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import OperationalError
from django.http import Http404
from django.utils.http import is_same_domain
from django.utils.translation import gettext as _
from wagtail import views as wagtail_views

from .ratings import routes
from .ratings.casting import LOCKED_MESSAGE, is_lock_error
from .routing import hand_to_wagtail, site_for_request
from .search.routing import SEARCH_ENDINGS, route_search
from .views.responses import busy_response, message_response, origin_refused_response

# The routes of ``KBArticlePage`` this middleware recognises: a vote, a view.
ACTIONS = ("rate", "seen")
ACTION_ENDINGS = tuple(f"/{action}/" for action in ACTIONS)


def _allowed_origins(request):
    own = f"{request.scheme}://{request.get_host()}"
    return own, list(getattr(settings, "CSRF_TRUSTED_ORIGINS", []))


def _origin_matches(origin, request):
    own, trusted = _allowed_origins(request)
    if origin == own or origin in trusted:
        return True
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    if not parts.scheme or not parts.netloc:
        return False
    for pattern in trusted:
        if "*" not in pattern:
            continue
        pattern_parts = urlsplit(pattern)
        if pattern_parts.scheme == parts.scheme and is_same_domain(
            parts.netloc.lower(), pattern_parts.netloc.lstrip("*")
        ):
            return True
    return False


def _another_site(origin):
    return _(
        "Rating refused: the form was sent from %(origin)s, which is not this site. "
        "Votes are only accepted from this site's own pages."
    ) % {"origin": origin}


def origin_refusal(request):
    """A message when the request comes from another origin, else ``None``.

    Uses ``Origin``; falls back to ``Referer`` when a browser sent no ``Origin``; allows requests
    with neither (see the module docstring for why). Records on the request that it ran.
    """
    request._wagtail_kb_origin_checked = True
    origin = request.headers.get("Origin")
    if origin is not None:
        origin = origin.strip()
        if origin.lower() == "null":
            return _(
                "Rating refused: the request came from an opaque origin (Origin: null), "
                "so it cannot be checked against this site."
            )
        if _origin_matches(origin.rstrip("/"), request):
            return None
        return _another_site(origin)
    referer = request.headers.get("Referer")
    if referer is not None:
        try:
            parts = urlsplit(referer.strip())
        except ValueError:
            parts = None
        if not parts or not parts.scheme or not parts.netloc:
            return _("Rating refused: the Referer header is malformed.")
        if _origin_matches(f"{parts.scheme}://{parts.netloc}", request):
            return None
        return _another_site(f"{parts.scheme}://{parts.netloc}")
    return None


def origin_checked(request):
    """Whether ``origin_refusal`` already ran for this request."""
    return getattr(request, "_wagtail_kb_origin_checked", False)


def _is_wagtail_serve(view_func):
    func = view_func
    while func is not None:
        if func is wagtail_views.serve:
            return True
        func = getattr(func, "__wrapped__", None)
    return False


def _action_of(path):
    """``(slugs of the article, action)`` when ``path`` ends in one of ``ACTIONS``, else None."""
    if not path:
        return None
    parts = [part for part in path.split("/") if part]
    if len(parts) < 2 or parts[-1] not in ACTIONS or not path.endswith("/"):
        return None
    return parts[:-1], parts[-1]


def find_rated_article(request, path):
    """The KB article ``<path>`` names when it ends in ``rate/`` or ``seen/``; else ``None``.

    ``path`` is what Wagtail's ``serve`` view receives (relative to the site root, with a
    trailing slash). No query for the site when warm, one for the article (routing fields
    only). Raises ``Http404`` for what only a KB page could answer but no reader may act on: a
    draft article, an article with ratings off (``rate/``), a topic, the KB home, a missing
    article below a KB page.
    """
    found = _action_of(path)
    if found is None:
        return None
    slugs, action = found
    site = site_for_request(request)
    if site is None:
        return None
    article = routes.find_article(site, slugs)
    if article is None:
        if routes.kb_dead_end(site, slugs, action):
            raise Http404
        return None
    if not article.live or (action == "rate" and not article.ratings_enabled):
        raise Http404
    article._wagtail_kb_action = action
    return article


def route_vote(request, view_func, view_args, view_kwargs):
    """The article a ``…/rate/`` or ``…/seen/`` request acts on, its route handed to Wagtail."""
    if not request.path_info.endswith(ACTION_ENDINGS) or not _is_wagtail_serve(view_func):
        return None
    article = find_rated_article(
        request, view_kwargs.get("path", view_args[0] if view_args else None)
    )
    if article is None:
        return None
    hand_to_wagtail(request, article, f"/{article._wagtail_kb_action}/")
    return article


class RatingCsrfMiddleware:
    """Lets ``POST <article url>rate/`` through Django's CSRF check after an Origin check.

    See the module docstring for the reasoning. Place it before
    ``django.middleware.csrf.CsrfViewMiddleware``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.endswith(SEARCH_ENDINGS) and _is_wagtail_serve(view_func):
            # A KB home's search: routed here in one query (``search/routing.py``); Wagtail's
            # hooks still run. CSRF is not involved (GET).
            route_search(request, view_kwargs.get("path", view_args[0] if view_args else None))
            return None
        try:
            article = route_vote(request, view_func, view_args, view_kwargs)
        except OperationalError as error:  # the look-up met a locked SQLite database
            if is_lock_error(error):
                return busy_response(request, LOCKED_MESSAGE)
            raise
        if article is None:
            return None
        request._wagtail_kb_rating_route = True
        if request.method == "OPTIONS" and not article.kb_maybe_restricted:
            # Wagtail's own hook would answer with every method a page allows.
            return message_response(
                request, 405, _("Send it with POST, from the article's page."), {"Allow": "POST"}
            )
        if request.method == "POST":
            refusal = origin_refusal(request)
            if refusal:
                return origin_refused_response(request, refusal)
        # Other methods reach the view, which answers 405 after Wagtail's hooks have run (so a
        # private article answers as the page does); nothing they send is read.
        request._dont_enforce_csrf_checks = True
        return None

    def process_exception(self, request, exception):
        """A vote that meets a locked SQLite database anywhere (settings, widget, the write) is
        answered 503 with Retry-After, never 500: nothing of it was written (the vote, its
        comment and the summary read are one transaction)."""
        if (
            getattr(request, "_wagtail_kb_rating_route", False)
            and isinstance(exception, OperationalError)
            and is_lock_error(exception)
        ):
            return busy_response(request, LOCKED_MESSAGE)
        return None
