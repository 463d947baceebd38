"""The answers reader-facing views and the rating middleware share.

A leaf: it imports nothing of the package, so the middleware, the rating view and the search
views can all use it without importing one another.
"""

from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers

# Seconds a client is asked to wait before retrying a vote the database could not take.
BUSY_RETRY_AFTER = 2


def wants_json(request):
    """True when the client prefers JSON to HTML (``Accept: application/json``).

    Browsers send ``*/*`` with HTML first, so their navigation always gets HTML.
    """
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def never_cached(response, headers=None):
    """``response`` with ``headers`` set, marked never cached and varying on ``Accept``."""
    for name, value in (headers or {}).items():
        response[name] = value
    add_never_cache_headers(response)
    patch_vary_headers(response, ["Accept"])
    return response


def message_response(request, status, message, headers=None):
    """``{"error": message}`` for JSON clients, else the message as plain text."""
    if wants_json(request):
        response = JsonResponse({"error": str(message)}, status=status)
    else:
        response = HttpResponse(
            str(message), status=status, content_type="text/plain; charset=utf-8"
        )
    return never_cached(response, headers)


def busy_response(request, message):
    """503 + Retry-After for a request the database could not take now."""
    return message_response(request, 503, message, {"Retry-After": str(BUSY_RETRY_AFTER)})


def origin_refused_response(request, message):
    """403 for a POST sent from another site (see ``wagtail_kb.middleware``)."""
    return message_response(request, 403, message)
