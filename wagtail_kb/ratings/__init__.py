"""Ratings: the rules for casting a vote and for summarising votes.

- **One vote per visitor per article.** A visitor is a random id kept in a signed cookie
  (``wagtail_kb_visitor``: HttpOnly, SameSite=Lax). Only an HMAC of it is stored, and the unique
  constraint (article, visitor hash) plus an atomic upsert make a second vote replace the first,
  even when both arrive at the same instant.
- **No raw IP address or user agent is stored.** The IP address is kept as an HMAC (key derived
  from ``SECRET_KEY``), used for rate limiting and removable by ``kb_prune_votes``.
- **Rate limits** per visitor and per hashed IP through Django's cache
  (``WAGTAILKB_RATING_RATE_LIMIT_VISITOR`` / ``_IP``: ``(requests, seconds)``; ``None`` turns a
  limit off).
- **Summaries** (count, average, distribution) come from one aggregate query, whatever the number
  of votes.
"""

import secrets
import time
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db import OperationalError, transaction
from django.db.models import Avg, Count, Max, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..conf import kb_settings
from ..models.feedback import FeedbackComment, RatingVote
from ..models.snippets import RatingWidget

STAR_LEVELS = (1, 2, 3, 4, 5)

VISITOR_COOKIE = "wagtail_kb_visitor"
VISITOR_COOKIE_SALT = "wagtail_kb.ratings.visitor-cookie"
# Two years: the id only says "the same browser as before", nothing about who it is.
VISITOR_COOKIE_MAX_AGE = 60 * 60 * 24 * 730


# --------------------------------------------------------------------------------------------
# Keyed hashes


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


# --------------------------------------------------------------------------------------------
# Rate limits


@dataclass
class RateLimited:
    scope: str  # "visitor" or "ip"
    retry_after: int  # seconds


def _hit(cache, key, limit, period, now):
    """Count one request in the current fixed window; return seconds to wait if over ``limit``."""
    window = int(now // period)
    full_key = f"wagtail_kb:rating-limit:{key}:{period}:{window}"
    cache.add(full_key, 0, timeout=period + 1)
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add() and incr()
        cache.set(full_key, 1, timeout=period + 1)
        count = 1
    if count > limit:
        return max(1, int(period - (now % period)) + 1)
    return None


def check_rate_limits(visitor_key, ip_key):
    """Count this request against both limits; a ``RateLimited`` if either is exceeded."""
    cache = caches[kb_settings.CACHE_ALIAS]
    now = time.time()
    verdict = None
    for scope, key, setting in (
        ("visitor", visitor_key, kb_settings.RATING_RATE_LIMIT_VISITOR),
        ("ip", ip_key, kb_settings.RATING_RATE_LIMIT_IP),
    ):
        if not setting or key is None:
            continue
        limit, period = setting
        wait = _hit(cache, f"{scope}:{key}", int(limit), int(period), now)
        if wait is not None and (verdict is None or wait > verdict.retry_after):
            verdict = RateLimited(scope, wait)
    return verdict


# --------------------------------------------------------------------------------------------
# Summaries


@dataclass
class RatingSummary:
    count: int = 0
    average: float = 0.0
    distribution: dict = field(default_factory=lambda: dict.fromkeys(STAR_LEVELS, 0))

    @property
    def percentages(self):
        """{stars: whole percent}; 0 everywhere when nobody voted."""
        if not self.count:
            return dict.fromkeys(STAR_LEVELS, 0)
        return {n: round(100 * self.distribution[n] / self.count) for n in STAR_LEVELS}

    @property
    def positive_percent(self):
        """Share of 4 and 5 star votes, in whole percent."""
        if not self.count:
            return 0
        return round(100 * (self.distribution[4] + self.distribution[5]) / self.count)

    @property
    def rows(self):
        """``[(stars, count, percent)]`` from 5 down to 1, for templates."""
        percentages = self.percentages
        return [(n, self.distribution[n], percentages[n]) for n in reversed(STAR_LEVELS)]

    @property
    def count_label(self):
        return ngettext("%(count)s vote", "%(count)s votes", self.count) % {"count": self.count}

    def as_dict(self):
        return {
            "count": self.count,
            "average": self.average,
            "distribution": {str(n): self.distribution[n] for n in STAR_LEVELS},
            "percentages": {str(n): p for n, p in self.percentages.items()},
            "count_label": self.count_label,
        }


def aggregate_expressions(prefix="", condition=None):
    """Aggregates giving a summary in one query; ``prefix`` reaches votes through a relation.

    The keys are ``count``, ``average``, ``s1``…``s5`` and ``last_vote``. ``condition`` (a ``Q``
    on the same path) narrows the votes counted.
    """

    def where(extra=None):
        parts = [q for q in (condition, extra) if q is not None]
        if not parts:
            return None
        combined = parts[0]
        for part in parts[1:]:
            combined &= part
        return combined

    pk = f"{prefix}pk" if prefix else "pk"
    expressions = {
        "count": Count(pk, filter=where()),
        "average": Avg(f"{prefix}stars", filter=where()),
        "last_vote": Max(f"{prefix}updated_at", filter=where()),
    }
    for n in STAR_LEVELS:
        expressions[f"s{n}"] = Count(pk, filter=where(Q(**{f"{prefix}stars": n})))
    return expressions


def summary_from_values(values, key=lambda name: name):
    """A ``RatingSummary`` from aggregate values (a dict or an annotated object)."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name, None)
    count = get(key("count")) or 0
    average = get(key("average"))
    return RatingSummary(
        count=count,
        average=round(float(average), 1) if (count and average is not None) else 0.0,
        distribution={n: get(key(f"s{n}")) or 0 for n in STAR_LEVELS},
    )


def summarise(article, since_revision=None):
    """The article's rating summary, in one query.

    ``since_revision``: only votes cast while that revision (id) was live.
    """
    votes = RatingVote.objects.filter(article_id=getattr(article, "pk", article))
    if since_revision is not None:
        votes = votes.filter(revision_id=since_revision)
    values = votes.aggregate(**aggregate_expressions())
    return summary_from_values(values)


def summarise_all_time_and_live(article):
    """``(all_time, since_last_published_change)`` in one query."""
    live_revision_id = getattr(article, "live_revision_id", None)
    since = Q(revision_id=live_revision_id) if live_revision_id else Q(pk__in=[])
    values = RatingVote.objects.filter(article_id=article.pk).aggregate(
        **aggregate_expressions(),
        **{f"live_{k}": v for k, v in aggregate_expressions(condition=since).items()},
    )
    return summary_from_values(values), summary_from_values(values, key=lambda n: f"live_{n}")


# --------------------------------------------------------------------------------------------
# The rating block's wording


def get_widget(article, site_settings=None):
    """The article's own ``RatingWidget``, else the site's default, else the built-in wording.

    At most one query (none when neither picks a widget).
    """
    widget_id = article.rating_widget_id
    if widget_id is None and site_settings is not None:
        widget_id = getattr(site_settings, "default_rating_widget_id", None)
    if widget_id is not None:
        widget = RatingWidget.objects.filter(pk=widget_id).first()
        if widget is not None:
            return widget
    return RatingWidget(name="", ask_for_comment=RatingWidget.CommentPolicy.ALWAYS)


def wants_comment(widget, stars):
    """Whether the widget asks for a comment after a vote of ``stars``."""
    policy = widget.ask_for_comment
    if policy == RatingWidget.CommentPolicy.NEVER:
        return False
    if policy == RatingWidget.CommentPolicy.LOW_RATINGS:
        return stars is not None and stars <= 3
    return True


def accepts_comments(widget):
    return widget.ask_for_comment != RatingWidget.CommentPolicy.NEVER


# --------------------------------------------------------------------------------------------
# Casting a vote


class DatabaseBusy(Exception):
    """The database refused to write right now (SQLite "database is locked"); try again."""


def _is_lock_error(error):
    """SQLite's "database is locked" / "database table is locked" (busy timeout exceeded)."""
    message = str(error).lower()
    return "database is locked" in message or "database table is locked" in message


def save_comment(article, stars, comment, revision_id):
    return FeedbackComment.objects.create(
        article=article, stars=stars, comment=comment, revision_id=revision_id
    )


def cast_vote(article, stars, visitor_key, ip_key=None, comment="", *, summarise_after=False):
    """Record ``stars`` from the visitor ``visitor_key`` (a hash), and the optional comment.

    One atomic upsert keyed on (article, visitor hash): a second vote from the same visitor
    replaces the first; concurrent votes never lose or duplicate a row. The vote and its comment
    are written in one transaction: both or neither. Raises ``DatabaseBusy`` when SQLite is
    locked. ``summarise_after``: return the article's summary, read in that transaction.
    """
    now = timezone.now()
    revision_id = article.live_revision_id
    vote = RatingVote(
        article=article,
        visitor_hash=visitor_key,
        ip_hash=ip_key,
        stars=stars,
        revision_id=revision_id,
        created_at=now,
        updated_at=now,
    )
    try:
        with transaction.atomic():
            RatingVote.objects.bulk_create(
                [vote],
                update_conflicts=True,
                unique_fields=["article", "visitor_hash"],
                update_fields=["stars", "ip_hash", "revision", "updated_at"],
            )
            if comment:
                save_comment(article, stars, comment, revision_id)
            # Read in the same transaction: a summary that cannot be read (SQLite locked by
            # another writer) undoes the vote too, so a reader never gets an error for a vote
            # that was stored (and retries it as a new visitor).
            summary = summarise(article) if summarise_after else None
    except OperationalError as error:
        if _is_lock_error(error):
            raise DatabaseBusy(str(error)) from error
        raise
    return summary


# --------------------------------------------------------------------------------------------
# What the article's template gets


@dataclass
class RatingBlock:
    """Everything ``wagtail_kb/includes/rating.html`` needs; the same for every visitor."""

    article: object
    widget: RatingWidget
    summary: RatingSummary
    action_url: str
    comment_max_length: int
    # From the query string after a no-JS vote (``?rated=N``); per-URL, not per-visitor.
    rated: int | None = None
    commented: bool = False

    @property
    def question(self):
        return self.widget.get_question()

    @property
    def feedback_prompt(self):
        return self.widget.get_feedback_prompt()

    @property
    def thank_you(self):
        return self.widget.get_thank_you()

    @property
    def comment_policy(self):
        return self.widget.ask_for_comment

    @property
    def accepts_comments(self):
        return accepts_comments(self.widget)

    @property
    def show_feedback(self):
        return (
            self.rated is not None and not self.commented and wants_comment(self.widget, self.rated)
        )

    @property
    def stars(self):
        return list(STAR_LEVELS)


def parse_rated_flag(request):
    try:
        rated = int(request.GET.get("rated", ""))
    except ValueError:
        return None
    return rated if rated in STAR_LEVELS else None


def get_rating_block(article, request, site_settings=None):
    """The rating block's context: one aggregate query, plus one for the widget if one is set."""
    url = article.get_url(request) or article.url or ""
    return RatingBlock(
        article=article,
        widget=get_widget(article, site_settings),
        summary=summarise(article),
        action_url=url + "rate/",
        comment_max_length=kb_settings.RATING_COMMENT_MAX_LENGTH,
        rated=parse_rated_flag(request),
        commented=request.GET.get("commented") == "1",
    )


LOCKED_MESSAGE = _("The database is busy. Please try again in a moment.")
