"""Ratings: the rules for casting a vote and for summarising votes.

- ``visitors``: the visitor cookie and the keyed hashes (nothing identifying is stored).
- ``limits``: rate limits per visitor and per hashed IP, in Django's cache.
- ``summaries``: count, average, distribution, in one aggregate query.
- ``widgets``: the rating block's wording (article, site default, built in), cached.
- ``casting``: one vote per visitor per article, vote and comment in one transaction.
- ``block``: what the article's rating block gets.
- ``helpful``: the most helpful articles of a KB (offered when a search finds nothing).

The names below are re-exported so ``from wagtail_kb import ratings; ratings.cast_vote(...)``
keeps working; patch them where they are used (e.g. ``wagtail_kb.ratings.casting.summarise``).
"""

from .block import RatingBlock, get_rating_block, parse_rated_flag
from .casting import LOCKED_MESSAGE, DatabaseBusy, cast_vote, is_lock_error, save_comment
from .limits import RateLimited, check_rate_limits
from .summaries import (
    STAR_LEVELS,
    RatingSummary,
    aggregate_expressions,
    cached_summary,
    summarise,
    summarise_all_time_and_live,
    summary_from_values,
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
    "accepts_comments",
    "aggregate_expressions",
    "cached_summary",
    "cast_vote",
    "check_rate_limits",
    "client_ip",
    "get_rating_block",
    "get_visitor_id",
    "get_widget",
    "helpful_label",
    "ip_hash",
    "is_lock_error",
    "is_thumbs",
    "keyed_hash",
    "parse_rated_flag",
    "save_comment",
    "set_visitor_cookie",
    "summarise",
    "summarise_all_time_and_live",
    "summary_from_values",
    "visitor_hash",
    "votes_changed",
    "wants_comment",
    "widget_for_request",
]
