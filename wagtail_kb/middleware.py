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
- **Nothing else is exempted.** Only a POST whose path ends in ``/rate/`` *and* which Wagtail
  routes to the ``rate`` route of a live ``KBArticlePage`` skips the token check; every other
  view of the site keeps Django's CSRF protection unchanged.

The check runs in ``process_view`` (after URL resolution and after ``LocaleMiddleware`` has
picked the language), which is why the middleware must come before ``CsrfViewMiddleware``: the
system check ``wagtail_kb.W002`` warns when it is missing or placed after it. Wagtail caches the
route it computes here on the request, so serving the vote does not route twice.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponseForbidden
from django.utils.http import is_same_domain
from django.utils.translation import gettext as _

RATE_SUFFIX = "/rate/"


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


def origin_refusal(request):
    """A message when the request comes from another origin, else ``None``.

    Uses ``Origin``; falls back to ``Referer`` when a browser sent no ``Origin``; allows requests
    with neither (see the module docstring for why).
    """
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
        return _(
            "Rating refused: the form was sent from %(origin)s, which is not this site. "
            "Votes are only accepted from this site's own pages."
        ) % {"origin": origin}
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
        return _(
            "Rating refused: the form was sent from %(origin)s, which is not this site. "
            "Votes are only accepted from this site's own pages."
        ) % {"origin": f"{parts.scheme}://{parts.netloc}"}
    return None


def _is_wagtail_serve(view_func):
    from wagtail import views as wagtail_views

    func = view_func
    while func is not None:
        if func is wagtail_views.serve:
            return True
        func = getattr(func, "__wrapped__", None)
    return False


def is_rating_route(request, view_func, view_args, view_kwargs):
    """Whether Wagtail routes this request to the ``rate`` route of a live KB article."""
    if request.method != "POST" or not request.path_info.endswith(RATE_SUFFIX):
        return False
    if not _is_wagtail_serve(view_func):
        return False
    path = view_kwargs.get("path", view_args[0] if view_args else None)
    if path is None:
        return False

    from wagtail.models import Page

    from .models import KBArticlePage

    route = Page.route_for_request(request, path)
    if route is None or not isinstance(route[0], KBArticlePage):
        return False
    match = getattr(request, "routable_resolver_match", None)
    return match is not None and match.url_name == "rate"


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
        try:
            rating = is_rating_route(request, view_func, view_args, view_kwargs)
        except OperationalError as error:  # routing read the tree while SQLite was locked
            if _is_lock_error(error):
                return busy_response(request)
            raise
        if not rating:
            return None
        request._wagtail_kb_rating_route = True
        refusal = origin_refusal(request)
        if refusal:
            return HttpResponseForbidden(refusal, content_type="text/plain; charset=utf-8")
        request._dont_enforce_csrf_checks = True
        return None

    def process_exception(self, request, exception):
        """A vote that meets a locked SQLite database anywhere (settings, widget, the write) is
        answered 503 with Retry-After, never 500: nothing of it was written (the vote, its
        comment and the summary read are one transaction)."""
        if (
            getattr(request, "_wagtail_kb_rating_route", False)
            and isinstance(exception, OperationalError)
            and _is_lock_error(exception)
        ):
            return busy_response(request)
        return None


def _is_lock_error(error):
    from .ratings import _is_lock_error as is_lock_error

    return is_lock_error(error)


def busy_response(request):
    """503 + Retry-After for a vote the database could not take now (JSON or plain text)."""
    from django.http import HttpResponse, JsonResponse
    from django.utils.cache import add_never_cache_headers

    from .ratings import LOCKED_MESSAGE
    from .views.ratings import wants_json

    if wants_json(request):
        response = JsonResponse({"error": str(LOCKED_MESSAGE)}, status=503)
    else:
        response = HttpResponse(
            str(LOCKED_MESSAGE), status=503, content_type="text/plain; charset=utf-8"
        )
    response["Retry-After"] = "2"
    add_never_cache_headers(response)
    return response
