"""Counting readers' views without tracking them: a daily total per article, nothing per visit.

The article's script (``kb-seen.js``) sends ``POST <article url>seen/`` once per page view. A
view counts when it is not a bot's (common crawler user agents, no user agent) nor a prefetch
or prerender (``Sec-Purpose``/``Purpose: prefetch``), and the visitor has not been counted on
that article that day:

- the visitor is a **day-scoped id**: an HMAC (key derived from ``SECRET_KEY``) of the day, the
  address and the user agent. It changes every day, so two days of one reader cannot be linked,
  and it is stored nowhere but as a cache key that expires when the day ends (in the rate-limit
  cache, ``WAGTAILKB_RATE_LIMIT_CACHE_ALIAS``): no cookie, no per-visit row;
- one address counts at most ``VIEWS_PER_ADDRESS_PER_DAY`` views of an article a day (readers
  behind one office address beyond that are not counted: a deliberate undercount that bounds
  what one machine cycling user agents can add).

A counted view adds one to ``ArticleViewDay`` (the article's day) and to the article's summary
row, in one transaction, each an atomic increment (``wagtail_kb.ratings.counters``).
"""

import datetime
import re

from django.db import transaction
from django.utils import timezone

from ..counter_cache import counter_cache, increment
from .counters import count_view as count_view_row
from .transactions import DatabaseBusy, run_transaction, summary_connection
from .visitors import client_ip, keyed_hash

VIEWS_PER_ADDRESS_PER_DAY = 50
# Crawlers, link previewers, monitors and HTTP libraries: not readers.
BOT_USER_AGENT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scrap|archiver|validator|monitor|uptime|pingdom|"
    r"lighthouse|headless|phantomjs|preview|facebookexternalhit|embedly|mediapartners|"
    r"curl/|wget/|python-|httpx|aiohttp|go-http-client|java/|okhttp|libwww|httpclient",
    re.IGNORECASE,
)


def is_bot(request):
    user_agent = request.headers.get("User-Agent", "").strip()
    return not user_agent or BOT_USER_AGENT.search(user_agent) is not None


def is_prefetch(request):
    """A prefetch or prerender (the page may never be seen): ``Sec-Purpose``, ``Purpose``."""
    purposes = " ".join(
        request.headers.get(name, "") for name in ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")
    ).lower()
    return "prefetch" in purposes or "prerender" in purposes or "preview" in purposes


def day_visitor_id(request, day):
    """The visitor's id for ``day``: a keyed hash of the day, address and user agent."""
    user_agent = request.headers.get("User-Agent", "")[:512]
    return keyed_hash("seen", f"{day.isoformat()}|{client_ip(request)}|{user_agent}")


def _seconds_left(day):
    tomorrow = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    end = timezone.make_aware(tomorrow) if timezone.is_naive(tomorrow) else tomorrow
    return max(60, int((end - timezone.now()).total_seconds()) + 60)


def count_view(article, day=None):
    """Add one view of ``article`` on ``day`` (default today): daily total and summary row.

    Raises ``DatabaseBusy`` when SQLite is locked (then nothing was added).
    """
    day = day or timezone.localdate()

    def view():
        with transaction.atomic(using=summary_connection().alias):
            count_view_row(article.pk, day)

    run_transaction(view)


def record_view(article, request):
    """Count the view ``request`` reports, if it is a reader's first of ``article`` today.

    Returns whether it was counted. Raises ``DatabaseBusy`` (and forgets the visitor, so a
    retry can count) when SQLite is locked.
    """
    if is_bot(request) or is_prefetch(request):
        return False
    day = timezone.localdate()
    cache = counter_cache()
    timeout = _seconds_left(day)
    seen_key = f"wagtail_kb:seen:{day.isoformat()}:{article.pk}:{day_visitor_id(request, day)}"
    if not cache.add(seen_key, 1, timeout):
        return False
    address = keyed_hash("seen-address", f"{day.isoformat()}|{client_ip(request)}")
    address_key = f"wagtail_kb:seen-address:{day.isoformat()}:{article.pk}:{address}"
    if increment(cache, address_key, timeout) > VIEWS_PER_ADDRESS_PER_DAY:
        return False
    try:
        count_view(article, day)
    except DatabaseBusy:
        cache.delete(seen_key)
        raise
    return True
