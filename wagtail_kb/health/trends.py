"""Helpfulness and views per week since publication, with a marker at each published change.

``weekly_trends(article_ids)`` reads the weeks of any number of articles in three queries (votes
per week, views per week, publications: Wagtail's "wagtail.publish" log entries);
``trend_svg(trend)`` draws one as a small inline SVG (no charting library): views as bars,
the share of helpful votes (4–5 stars, or "Yes") as a line, a dashed line at each published
change, with a ``<title>``/``<desc>`` text alternative that says the same in words.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry

from ..models import ArticleViewDay, RatingVote

MAX_WEEKS = 26
WIDTH, HEIGHT, PAD = 260, 64, 4


def week_start(day):
    return day - datetime.timedelta(days=day.weekday())


@dataclass
class Week:
    start: datetime.date
    votes: int = 0
    helpful: int = 0
    views: int = 0

    @property
    def helpful_percent(self):
        return round(100 * self.helpful / self.votes) if self.votes else None


@dataclass
class Trend:
    weeks: list = field(default_factory=list)
    published: list = field(default_factory=list)  # days of published changes shown

    @property
    def has_data(self):
        return any(week.votes or week.views for week in self.weeks)


def weekly_trends(article_ids, today=None, weeks=MAX_WEEKS):
    """``{article id: Trend}`` over the last ``weeks`` weeks (at most since first publication)."""
    today = today or timezone.localdate()
    first = week_start(today) - datetime.timedelta(weeks=weeks - 1)
    start_moment = timezone.make_aware(datetime.datetime.combine(first, datetime.time()))
    ids = list(article_ids)
    data = {aid: {} for aid in ids}

    def week(aid, day):
        start = week_start(day)
        return data[aid].setdefault(start, Week(start))

    votes = (
        RatingVote.objects.filter(article_id__in=ids, updated_at__gte=start_moment)
        .annotate(day=TruncDate("updated_at"))
        .order_by()
        .values_list("article_id", "day")
        .annotate(n=Count("pk"), good=Count("pk", filter=Q(stars__gte=4)))
    )
    for aid, day, count, good in votes:
        entry = week(aid, day)
        entry.votes += count
        entry.helpful += good
    views = (
        ArticleViewDay.objects.filter(article_id__in=ids, day__gte=first)
        .order_by()
        .values_list("article_id", "day")
        .annotate(n=Sum("views"))
    )
    for aid, day, count in views:
        week(aid, day).views += count or 0
    published = {aid: [] for aid in ids}
    for aid, moment in PageLogEntry.objects.filter(
        page_id__in=ids, action="wagtail.publish", timestamp__gte=start_moment
    ).values_list("page_id", "timestamp"):
        published[aid].append(timezone.localtime(moment).date())

    trends = {}
    for aid in ids:
        begin = min([*data[aid], *published[aid]], default=week_start(today))
        begin = max(week_start(begin), first)
        span = (week_start(today) - begin).days // 7 + 1
        trends[aid] = Trend(
            weeks=[
                data[aid].get(begin + datetime.timedelta(weeks=n))
                or Week(begin + datetime.timedelta(weeks=n))
                for n in range(span)
            ],
            published=sorted(set(published[aid])),
        )
    return trends


def _day(day):
    return date_format(day, "DATE_FORMAT")


def describe_trend(trend):
    """The chart in words (its text alternative)."""
    if not trend.weeks:
        return _("No votes or views yet.")
    rated = [week for week in trend.weeks if week.votes]
    parts = [
        _("Weeks from %(first)s to %(last)s.")
        % {"first": _day(trend.weeks[0].start), "last": _day(trend.weeks[-1].start)}
    ]
    if rated:
        parts.append(
            _(
                "Helpful votes: %(first)s%% in the week of %(first_day)s, "
                "%(last)s%% in the week of %(last_day)s."
            )
            % {
                "first": number_format(rated[0].helpful_percent),
                "first_day": _day(rated[0].start),
                "last": number_format(rated[-1].helpful_percent),
                "last_day": _day(rated[-1].start),
            }
        )
    else:
        parts.append(_("No votes in these weeks."))
    views = [week.views for week in trend.weeks]
    parts.append(
        _("Views per week: %(least)s to %(most)s, %(last)s last week.")
        % {
            "least": number_format(min(views), force_grouping=True),
            "most": number_format(max(views), force_grouping=True),
            "last": number_format(views[-1], force_grouping=True),
        }
    )
    if trend.published:
        parts.append(
            _("Published changes: %(days)s.")
            % {"days": ", ".join(_day(day) for day in trend.published)}
        )
    return " ".join(parts)


def trend_svg(trend, element_id):
    """The chart as inline SVG markup (safe), labelled by its title and description."""
    weeks = trend.weeks or []
    count = max(len(weeks), 1)
    step = (WIDTH - 2 * PAD) / count
    most_views = max([week.views for week in weeks] + [1])
    inner = HEIGHT - 2 * PAD
    # Numbers only (no text) go into these elements.
    bars = "".join(
        f'<rect x="{PAD + n * step + step * 0.15:.1f}" '
        f'y="{HEIGHT - PAD - inner * week.views / most_views:.1f}" width="{step * 0.7:.1f}" '
        f'height="{inner * week.views / most_views:.1f}" class="kb-trend__views"/>'
        for n, week in enumerate(weeks)
        if week.views
    )
    points = " ".join(
        f"{PAD + n * step + step / 2:.1f},{HEIGHT - PAD - inner * week.helpful_percent / 100:.1f}"
        for n, week in enumerate(weeks)
        if week.helpful_percent is not None
    )
    line = (
        f'<polyline points="{points}" fill="none" stroke="currentColor" stroke-width="2" '
        'class="kb-trend__helpful"/>'
        if points
        else ""
    )
    first = weeks[0].start if weeks else None
    markers = "".join(
        f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{HEIGHT}" stroke="currentColor" '
        'stroke-dasharray="3 2" class="kb-trend__published"/>'
        for x in (
            PAD + ((day - first).days / 7) * step
            for day in trend.published
            if first and day >= first
        )
    )
    return format_html(
        '<svg class="kb-trend" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<g fill="currentColor" opacity="0.3">{bars}</g>{line}{markers}</svg>',
        w=WIDTH,
        h=HEIGHT,
        id=element_id,
        title=_("Helpfulness and views per week"),
        desc=describe_trend(trend),
        bars=mark_safe(bars),  # numbers formatted above, no text
        line=mark_safe(line),
        markers=mark_safe(markers),
    )
