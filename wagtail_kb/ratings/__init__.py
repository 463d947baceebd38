"""Ratings: the rules for casting a vote and for summarising votes.

- ``visitors``: the visitor cookie and the keyed hashes (nothing identifying is stored).
- ``limits``: rate limits per visitor and per hashed IP, in Django's cache.
- ``summaries``: count, average, distribution (the summary row; aggregates for "since"), views.
- ``counters``: the summary rows and daily views, changed with atomic increments; rebuilds.
- ``widgets``: the rating block's wording (article, site default, built in), cached.
- ``casting``: one vote per visitor per article, vote and comment in one transaction.
- ``block``: what the article's rating block gets.
- ``seen``: readers' views, a daily total per article (no cookie, no per-visit row).
- ``routes``: which article a ``…/rate/`` or ``…/seen/`` request names (for the middleware).
- ``transactions``: SQLite's "database is locked" as ``DatabaseBusy``, deadlock victims run again.
- ``helpful``: the most helpful articles of a KB (offered when a search finds nothing).

The names below are re-exported so ``from wagtail_kb import ratings; ratings.cast_vote(...)``
keeps working; patch them where they are used (e.g. ``wagtail_kb.ratings.casting.summarise``).
"""

from .block import RatingBlock, get_rating_block, parse_rated_flag
from .casting import (
    LOCKED_MESSAGE,
    DatabaseBusy,
    VoteRefused,
    cast_vote,
    is_lock_error,
    save_comment,
)
from .counters import rebuild_summary
from .limits import RateLimited, check_rate_limits, new_visitors_refusal
from .seen import count_view, record_view
from .summaries import (
    STAR_LEVELS,
    RatingSummary,
    aggregate_expressions,
    cached_summary,
    read_summary,
    summaries_by_article,
    summarise,
    summarise_all_time_and_live,
    summary_from_values,
    views_by_article,
    views_per_day,
    votes_changed,
)
from .visitors import (
    VISITOR_COOKIE,
    VISITOR_COOKIE_MAX_AGE,
    VISITOR_COOKIE_SALT,
    client_ip,
    get_visitor_id,
    ip_hash,
    keyed_hash,
    set_visitor_cookie,
    visitor_hash,
)
from .widgets import (
    accepts_comments,
    get_widget,
    helpful_label,
    is_thumbs,
    wants_comment,
    widget_for_request,
)

__all__ = [
    "LOCKED_MESSAGE",
    "STAR_LEVELS",
    "VISITOR_COOKIE",
    "VISITOR_COOKIE_MAX_AGE",
    "VISITOR_COOKIE_SALT",
    "DatabaseBusy",
    "RateLimited",
    "RatingBlock",
    "RatingSummary",
    "VoteRefused",
    "accepts_comments",
    "aggregate_expressions",
    "cached_summary",
    "cast_vote",
    "check_rate_limits",
    "count_view",
    "client_ip",
    "get_rating_block",
    "get_visitor_id",
    "get_widget",
    "helpful_label",
    "ip_hash",
    "is_lock_error",
    "is_thumbs",
    "keyed_hash",
    "new_visitors_refusal",
    "parse_rated_flag",
    "read_summary",
    "record_view",
    "rebuild_summary",
    "save_comment",
    "set_visitor_cookie",
    "summaries_by_article",
    "summarise",
    "summarise_all_time_and_live",
    "summary_from_values",
    "views_by_article",
    "views_per_day",
    "visitor_hash",
    "votes_changed",
    "wants_comment",
    "widget_for_request",
]
