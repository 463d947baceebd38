"""How much each article needs an editor, and why, in words (Knowledge base › Needs attention).

Three reasons, each worth points (times its weight in ``WAGTAILKB_ATTENTION_WEIGHTS``):

- **low helpfulness since the last published change**: at least
  ``WAGTAILKB_ATTENTION_UNHELPFUL_SHARE`` of the votes cast while the live revision was live are
  unhelpful (1–2 stars, or "No"), and there are at least ``WAGTAILKB_ATTENTION_MIN_VOTES``:
  ``10 × share × log10(10 + views + votes since the change)`` points, so the same share weighs
  more on an article many people read;
- **unresolved negative feedback**: 3 points per new comment of 3 stars or fewer ("No");
- **age**: not changed for ``WAGTAILKB_ATTENTION_STALE_DAYS``: 5 points a year since the last
  published change.

``attention_rows(articles)`` reads every article's figures in one query (correlated subqueries:
no join multiplies rows) and scores them in Python, so the report's cost does not grow with the
number of votes, comments or views, only (linearly, in one query) with the number of articles.
``describe(rows)`` adds the reasons in words for the rows shown (one more query for the sections
that comments name).
"""

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Substr, TruncDate
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from ..conf import kb_settings
from ..models import ArticleViewDay, FeedbackComment, KBArticlePage, RatingVote
from .sections import sections

UNHELPFUL_STARS = 2  # votes of 1–2 stars (and "No", which posts 1) are unhelpful
NEGATIVE_STARS = 3  # feedback of 3 stars or fewer asks for a change
FEEDBACK_POINTS = 3.0
AGE_POINTS_PER_YEAR = 5.0
SECTIONS_NAMED = 2  # sections named in the reasons; the rest are summed up


@dataclass
class AttentionRow:
    article_id: int
    title: str
    topic: str
    locale_id: int
    owner_id: int | None
    last_published_at: datetime.datetime | None
    votes_since: int
    unhelpful_since: int
    views_since: int
    negative_feedback: int
    score: float = 0.0
    helpfulness_points: float = 0.0
    feedback_points: float = 0.0
    age_points: float = 0.0
    reasons: list = field(default_factory=list)

    @property
    def pk(self):
        return self.article_id

    @property
    def unhelpful_percent(self):
        return round(100 * self.unhelpful_since / self.votes_since) if self.votes_since else 0

    @property
    def age_days(self):
        if self.last_published_at is None:
            return 0
        return max(0, (timezone.now() - self.last_published_at).days)

    @property
    def reasons_text(self):
        return "; ".join(str(reason) for reason in self.reasons)


def _count(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by().values("article").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def annotate_figures(articles):
    """``articles`` with the figures a score needs, each a correlated subquery."""
    votes = RatingVote.objects.filter(
        article=OuterRef("pk"), revision_id=OuterRef("live_revision_id")
    )
    views = (
        ArticleViewDay.objects.filter(article=OuterRef("pk"), day__gte=OuterRef("last_change_day"))
        .order_by()
        .values("article")
        .annotate(n=Sum("views"))
        .values("n")
    )
    negative = FeedbackComment.objects.filter(
        article=OuterRef("pk"),
        status=FeedbackComment.Status.NEW,
        stars__lte=NEGATIVE_STARS,
    )
    parent = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Page.steplen)
    ).values("title")[:1]
    return articles.annotate(last_change_day=TruncDate("last_published_at")).annotate(
        votes_since=_count(votes),
        unhelpful_since=_count(votes.filter(stars__lte=UNHELPFUL_STARS)),
        views_since=Coalesce(Subquery(views, output_field=IntegerField()), Value(0)),
        negative_feedback=_count(negative),
        topic_title=Subquery(parent),
    )


def score(row):
    """Fill in ``row``'s points and score (see the module docstring)."""
    weights = {"helpfulness": 1.0, "feedback": 1.0, "age": 1.0, **kb_settings.ATTENTION_WEIGHTS}
    share = row.unhelpful_since / row.votes_since if row.votes_since else 0.0
    if (
        row.votes_since >= kb_settings.ATTENTION_MIN_VOTES
        and share >= kb_settings.ATTENTION_UNHELPFUL_SHARE
    ):
        traffic = row.views_since + row.votes_since
        row.helpfulness_points = weights["helpfulness"] * 10 * share * math.log10(10 + traffic)
    row.feedback_points = weights["feedback"] * FEEDBACK_POINTS * row.negative_feedback
    stale_days = kb_settings.ATTENTION_STALE_DAYS
    if stale_days is not None and row.last_published_at and row.age_days >= stale_days:
        row.age_points = weights["age"] * AGE_POINTS_PER_YEAR * row.age_days / 365
    row.score = round(row.helpfulness_points + row.feedback_points + row.age_points, 1)
    return row


def attention_rows(articles, *, everything=False):
    """Scored ``AttentionRow``s of ``articles`` (live ones), most in need first, one query.

    Only articles with a reason, unless ``everything``.
    """
    values = annotate_figures(articles.live().order_by()).values_list(
        "pk",
        "title",
        "topic_title",
        "locale_id",
        "owner_id",
        "last_published_at",
        "votes_since",
        "unhelpful_since",
        "views_since",
        "negative_feedback",
    )
    rows = [score(AttentionRow(*value)) for value in values]
    if not everything:
        rows = [row for row in rows if row.score > 0]
    rows.sort(key=lambda row: (-row.score, row.title, row.article_id))
    return rows


def describe(rows, request=None, articles=None):
    """Set ``row.reasons`` (translated sentences) for ``rows``; one query for sections.

    ``articles``: ``{id: article}`` for the rows whose comments name sections (their table of
    contents gives the sections' headings); read in one query when not given.
    """
    negative_ids = [row.article_id for row in rows if row.negative_feedback]
    by_section = {}
    if negative_ids:
        grouped = (
            FeedbackComment.objects.filter(
                article_id__in=negative_ids,
                status=FeedbackComment.Status.NEW,
                stars__lte=NEGATIVE_STARS,
            )
            .order_by()
            .values_list("article_id", "section")
            .annotate(n=Count("pk"))
        )
        for article_id, section, count in grouped:
            by_section.setdefault(article_id, []).append((section, count))
    named_ids = [aid for aid, parts in by_section.items() if any(s for s, _ in parts)]
    if named_ids and articles is None:
        articles = KBArticlePage.objects.in_bulk(named_ids)
    for row in rows:
        titles = {}
        if row.article_id in named_ids and articles and row.article_id in articles:
            titles = dict(sections(articles[row.article_id], request))
        row.reasons = reasons(row, by_section.get(row.article_id, []), titles)
    return rows


def reasons(row, feedback_by_section=(), section_titles=None):
    """The sentences that say why ``row`` needs an editor."""
    section_titles = section_titles or {}
    found = []
    if row.helpfulness_points:
        values = {
            "percent": number_format(row.unhelpful_percent),
            "day": date_format(timezone.localtime(row.last_published_at), "DATE_FORMAT")
            if row.last_published_at
            else "",
            "views": number_format(row.views_since, force_grouping=True),
        }
        found.append(
            ngettext(
                "%(percent)s%% unhelpful since %(day)s, %(views)s view",
                "%(percent)s%% unhelpful since %(day)s, %(views)s views",
                row.views_since,
            )
            % values
        )
    if row.feedback_points:
        parts = sorted(feedback_by_section, key=lambda part: (-part[1], part[0]))
        named = [(s, n) for s, n in parts if s and s in section_titles][:SECTIONS_NAMED]
        for section, count in named:
            found.append(
                ngettext(
                    "%(count)s unresolved comment on “%(section)s”",
                    "%(count)s unresolved comments on “%(section)s”",
                    count,
                )
                % {"count": number_format(count), "section": section_titles[section]}
            )
        rest = row.negative_feedback - sum(count for _, count in named)
        if rest > 0:
            message = (
                ngettext(
                    "%(count)s more unresolved comment",
                    "%(count)s more unresolved comments",
                    rest,
                )
                if named
                else ngettext("%(count)s unresolved comment", "%(count)s unresolved comments", rest)
            )
            found.append(message % {"count": number_format(rest)})
    if row.age_points:
        months = row.age_days * 12 // 365
        found.append(
            ngettext(
                "not changed for %(months)s month", "not changed for %(months)s months", months
            )
            % {"months": number_format(months)}
        )
    if not found:
        found.append(_("Nothing to do."))
    return found
