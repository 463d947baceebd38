"""The committed-search log and the signed tokens that keep it honest.

Only committed searches are logged: the results page (its first page), or an instant search the
reader committed by opening a suggestion. Typing is never logged. A click on a result is logged
only with a token the server signed for a search it really ran, so the query text, the result
count and the position come from the server, never from the URL, and each token logs at most
one click:

* A results page logs its ``SearchLogEntry`` and gives each result its own **click token**
  (entry id, article id, position). The click is added to that entry once: a second click with
  the same token finds the click already there (checked with the entry row locked).
* Its pagination links carry a **search token** (the entry id, bound to the KB and the
  normalised query): moving to page 2 is not a new search.
* Instant (JSON) results log nothing; each suggestion carries an **instant token** (KB, query,
  article, position, the number of suggestions shown, a random nonce, a timestamp). Opening it
  logs the instant search with its click. It is valid for ``INSTANT_TOKEN_MAX_AGE`` seconds and
  once: its digest is kept in the rate-limit counters' cache (``WAGTAILKB_RATE_LIMIT_CACHE_ALIAS``,
  else ``WAGTAILKB_CACHE_ALIAS``) for that long.

Logging never fails an answer: it runs in a savepoint and a failure is reported through the
``wagtail_kb.search`` logger (the name sites configure), while the reader gets their page.
"""

import hashlib
import logging
import secrets
from contextlib import nullcontext
from urllib.parse import urlencode

from django.core import signing
from django.db import transaction

from ..conf import kb_settings
from ..counter_cache import counter_cache
from ..models import SearchClick, SearchLogEntry
from .query import normalise_query

logger = logging.getLogger("wagtail_kb.search")

SEARCH_SALT = "wagtail_kb.search.log"
CLICK_SALT = "wagtail_kb.search.click"
INSTANT_SALT = "wagtail_kb.search.instant"
# Seconds an instant suggestion's token stays valid (a reader opens one within moments).
INSTANT_TOKEN_MAX_AGE = 60 * 60


def _write_guard():
    """A savepoint inside a transaction (``ATOMIC_REQUESTS``), so a failed write leaves the
    request's transaction usable; nothing otherwise: one ``INSERT`` in autocommit is atomic by
    itself, and skipping ``BEGIN``/``COMMIT`` saves two round trips per search."""
    return transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext()


def log_search(kb_home, query, result_count, source=None, corrected_query=""):
    """Record a committed search (and the query it was corrected to, if it was); returns the
    entry, or None when not logged. Never raises."""
    if not kb_settings.SEARCH_ANALYTICS:
        return None
    normalised = normalise_query(query)
    if not normalised:
        return None
    try:
        with _write_guard():
            return SearchLogEntry.objects.create(
                kb_id=kb_home.pk,
                query=normalised,
                corrected_query=normalise_query(corrected_query),
                result_count=max(0, int(result_count)),
                source=source or SearchLogEntry.SOURCE_PAGE,
            )
    except Exception:
        logger.exception("Could not log a knowledge base search")
        return None


# --- Tokens ---------------------------------------------------------------------------------


def _search_signer(kb_home, query):
    return signing.Signer(salt=f"{SEARCH_SALT}:{kb_home.pk}:{normalise_query(query)}")


def _instant_signer(kb_home, query):
    return signing.TimestampSigner(salt=f"{INSTANT_SALT}:{kb_home.pk}:{normalise_query(query)}")


def _click_signer():
    return signing.Signer(salt=CLICK_SALT)


def search_token(kb_home, query, entry_id):
    """The token pagination links carry: "this is page N of logged search ``entry_id``"."""
    return _search_signer(kb_home, query).sign(str(entry_id))


def entry_of_search_token(kb_home, query, token):
    """The log entry id a search token of this KB and query names, else None. No queries."""
    if not token or not kb_settings.SEARCH_ANALYTICS:
        return None
    try:
        return int(_search_signer(kb_home, query).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def click_token(entry_id, hit, signer=None):
    """The token of one result of a logged results page."""
    return (signer or _click_signer()).sign(f"{entry_id}.{hit.pk}.{hit.position}")


def instant_token(kb_home, query, hit, shown):
    """The token of one instant suggestion, ``shown`` being the number of suggestions."""
    nonce = secrets.token_urlsafe(6)
    return _instant_signer(kb_home, query).sign(f"{hit.pk}.{hit.position}.{shown}.{nonce}")


def _numbers(value, count):
    parts = value.split(".")
    numbers = [int(part) for part in parts[:count]]  # ValueError when not numbers
    if len(numbers) != count or min(numbers) < 0:
        raise ValueError(value)
    return numbers


def click_url(search_url, query, hit, token):
    """The click-through link of a result: ``<kb home>search/go/?q=…&to=<id>&e=<token>``."""
    return f"{search_url}go/?{urlencode({'q': query, 'to': hit.pk, 'e': token})}"


def link_clicks(search_url, query, entry_id, hits):
    """Point each hit's ``href`` at its click-through link (``click_url`` with its
    ``click_token``), one signer made for the page."""
    signer = _click_signer()
    for hit in hits:
        hit.href = click_url(search_url, query, hit, click_token(entry_id, hit, signer))


# --- Clicks ---------------------------------------------------------------------------------


def log_click(kb_home, article, token, query=""):
    """Record that a reader opened ``article`` with ``token``; returns the click or None.

    Nothing is logged without a valid token for this KB and this article, nor for a token
    already used. Never raises.
    """
    if not token or not kb_settings.SEARCH_ANALYTICS:
        return None
    try:
        entry_id, article_id, position = _numbers(_click_signer().unsign(token), 3)
    except (signing.BadSignature, ValueError):
        pass
    else:
        if article_id != article.pk:
            return None
        return _guarded(_add_click, kb_home, entry_id, article, position)
    try:
        value = _instant_signer(kb_home, query).unsign(token, max_age=INSTANT_TOKEN_MAX_AGE)
        article_id, position, shown = _numbers(value, 3)
    except (signing.BadSignature, ValueError):
        return None
    if article_id != article.pk or not _first_use(token):
        return None
    return _guarded(_log_instant_click, kb_home, query, shown, article, position)


def _guarded(function, *args):
    try:
        with transaction.atomic():
            return function(*args)
    except Exception:
        logger.exception("Could not log a knowledge base search click")
        return None


def _add_click(kb_home, entry_id, article, position):
    # The entry row is locked so that two requests with one token cannot both add the click.
    entry = SearchLogEntry.objects.select_for_update().filter(pk=entry_id, kb_id=kb_home.pk)
    entry = entry.only("pk", "opened").first()
    if entry is None or SearchClick.objects.filter(entry=entry, page_id=article.pk).exists():
        return None
    if not entry.opened:
        SearchLogEntry.objects.filter(pk=entry.pk).update(opened=True)
    return SearchClick.objects.create(entry=entry, page_id=article.pk, position=position or None)


def _log_instant_click(kb_home, query, shown, article, position):
    entry = SearchLogEntry.objects.create(
        kb_id=kb_home.pk,
        query=normalise_query(query),
        result_count=shown,
        source=SearchLogEntry.SOURCE_INSTANT,
        opened=True,
    )
    return SearchClick.objects.create(entry=entry, page_id=article.pk, position=position or None)


def _first_use(token):
    """True the first time an instant token is seen within its lifetime (a cache ``add``)."""
    digest = hashlib.sha256(token.encode()).hexdigest()[:32]
    # Kept with the rate-limit counters: the KB's own fragments cannot churn that cache, so an
    # evicted entry cannot turn a used token into a fresh one.
    cache = counter_cache()
    return cache.add(f"wagtail_kb:search:used-token:{digest}", 1, INSTANT_TOKEN_MAX_AGE)
