"""Who voted, without storing who they are: a random visitor id in a signed cookie, keyed hashes.

A visitor is a random id kept in a signed cookie (``wagtail_kb_visitor``: HttpOnly,
SameSite=Lax). Only an HMAC of it is stored. No raw IP address or user agent is stored either:
the IP address is kept as an HMAC (key derived from ``SECRET_KEY``), used for rate limiting and
removable by ``kb_prune_votes``.
"""

import secrets

from django.utils.crypto import salted_hmac

VISITOR_COOKIE = "wagtail_kb_visitor"
VISITOR_COOKIE_SALT = "wagtail_kb.ratings.visitor-cookie"
# Two years: the id only says "the same browser as before", nothing about who it is.
VISITOR_COOKIE_MAX_AGE = 60 * 60 * 24 * 730


def keyed_hash(purpose, value):
    """HMAC-SHA256 of ``value`` with a key derived from ``SECRET_KEY`` and ``purpose`` (hex)."""
    return salted_hmac(f"wagtail_kb.ratings.{purpose}", str(value), algorithm="sha256").hexdigest()


def visitor_hash(visitor_id):
    return keyed_hash("visitor", visitor_id)


def ip_hash(ip_address):
    return keyed_hash("ip", ip_address or "unknown")


def client_ip(request):
    """The address the request came from, as Django sees it (``REMOTE_ADDR``).

    Behind a reverse proxy, have the proxy or a middleware set ``REMOTE_ADDR`` to the client's
    address; forwarded headers are not trusted here because any client can send them.
    """
    return request.META.get("REMOTE_ADDR", "")


def get_visitor_id(request):
    """``(visitor_id, is_new)``: the id from the signed cookie, or a fresh random one."""
    visitor_id = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt=VISITOR_COOKIE_SALT)
    if visitor_id and 16 <= len(visitor_id) <= 64:
        return visitor_id, False
    return secrets.token_urlsafe(18), True


def set_visitor_cookie(response, request, visitor_id):
    response.set_signed_cookie(
        VISITOR_COOKIE,
        visitor_id,
        salt=VISITOR_COOKIE_SALT,
        max_age=VISITOR_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
