"""Knowledge base › Ratings: one row per article, all time and since its last published change.

The model is ``RatingVote``: ``wagtail_kb.view_ratingvote`` opens the report; nobody adds, edits
or deletes single votes here. The listing shows articles, not votes: each row aggregates the
article's votes, in one query per page of results whatever the number of articles and votes.

Views come from the per-article summary row (``ArticleRatingSummary.views``); "Helpful per 100
views" is the number of 4–5 star (or "Yes") votes per hundred views. Articles whose rating widget
asks "Yes / No" show the share of readers who found them helpful instead of an average of stars.
Each row's detail holds the article's trend (``wagtail_kb.health.trends``), three queries for
the whole page. With more than one locale a language column appears; the filter always works.
"""

from django.db.models import Count, F, FloatField, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, NullIf, Substr
from django.utils.formats import number_format
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.models import Locale, Page

from ..health.trends import trend_svg, weekly_trends
from ..models import FeedbackComment, KBArticlePage, KBSettings, RatingVote, RatingWidget
from ..ratings import STAR_LEVELS, aggregate_expressions, summary_from_values
from .columns import ArticleColumn, LocaleColumn, NumberColumn, TemplateColumn
from .filters import DayRangeFilter, LocaleFilter, TopicFilter, several_locales
from .reports import ReportAdmin, ReportIndexView


def ratings_report(articles, voted_from=None, voted_to=None):
    """``articles`` annotated with their rating summary, all time and since the live revision.

    ``voted_from`` / ``voted_to`` (datetimes, inclusive) narrow the votes counted by the time of
    the vote. One query whatever the number of articles and votes.
    """
    window = Q()
    if voted_from:
        window &= Q(rating_votes__updated_at__gte=voted_from)
    if voted_to:
        window &= Q(rating_votes__updated_at__lte=voted_to)
    window = window or None
    live = Q(rating_votes__revision_id=F("live_revision_id"))
    if window is not None:
        live &= window
    positive = Q(rating_votes__stars__gte=4)

    all_time = aggregate_expressions("rating_votes__", window)
    since_live = aggregate_expressions("rating_votes__", live)
    parent = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, (OuterRef("depth") - 1) * Page.steplen)
    ).values("title")[:1]
    new_feedback = (
        FeedbackComment.objects.filter(article=OuterRef("pk"), status=FeedbackComment.Status.NEW)
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        articles.only(
            "pk",
            "title",
            "path",
            "depth",
            "live",
            "live_revision_id",
            "content_type_id",
            "locale_id",
            "rating_widget_id",
        )
        .annotate(
            views=Coalesce(F("rating_summary__views"), Value(0)),
            widget_style=F("rating_widget__style"),
            votes=all_time["count"],
            average=all_time["average"],
            last_vote=all_time["last_vote"],
            positive=Count(
                "rating_votes__pk", filter=(positive & window) if window is not None else positive
            ),
            **{f"s{n}": all_time[f"s{n}"] for n in STAR_LEVELS},
            live_votes=since_live["count"],
            live_average=since_live["average"],
            **{f"live_s{n}": since_live[f"s{n}"] for n in STAR_LEVELS},
            parent_title=Subquery(parent),
            new_feedback=Coalesce(Subquery(new_feedback, output_field=IntegerField()), Value(0)),
        )
        .annotate(
            positive_ratio=Cast(F("positive"), FloatField())
            / NullIf(Cast(F("votes"), FloatField()), Value(0.0)),
            helpful_per_100_views=Cast(F("positive"), FloatField())
            * Value(100.0)
            / NullIf(Cast(F("views"), FloatField()), Value(0.0)),
        )
    )


def _stars_heading(stars):
    return gettext("%(stars)s stars") % {"stars": stars}


stars_heading = lazy(_stars_heading, str)  # translated when the export is written


class RatingsFilterSet(WagtailFilterSet):
    topic = TopicFilter()
    locale = LocaleFilter()
    voted = DayRangeFilter(
        label=_("Votes cast"),
        method="filter_voted",
        help_text=_("Counts only the votes cast on these days."),
    )

    class Meta:
        model = KBArticlePage
        fields = []

    def filter_voted(self, queryset, name, value):
        # Not a filter on articles: the window is applied where votes are counted.
        return queryset


class FeedbackCountColumn(TemplateColumn):
    def __init__(self, **kwargs):
        super().__init__(
            "new_feedback",
            "wagtail_kb/admin/cells/feedback_count.html",
            label=_("New feedback"),
            sort_key="new_feedback",
            classname="kb-num",
            **kwargs,
        )


class AverageColumn(NumberColumn):
    """The average of stars; "N% helpful" for an article that asks "Yes / No"."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if getattr(instance, "is_thumbs", False) and instance.votes:
            context["value"] = gettext("%(percent)s%% helpful") % {
                "percent": number_format(instance.all_time.positive_percent)
            }
        return context


def default_styles():
    """``[(site root path, style)]`` of the sites whose default rating widget is set."""
    return sorted(
        KBSettings.objects.filter(default_rating_widget__isnull=False).values_list(
            "site__root_page__path", "default_rating_widget__style"
        ),
        key=lambda pair: -len(pair[0] or ""),
    )


def widget_style(own_style, path, defaults):
    """The style of the widget the article at ``path`` shows: ``own_style`` (its own widget's),
    else its site's default (``defaults``: ``default_styles()``)."""
    if own_style:
        return own_style
    for root_path, style in defaults:
        if root_path and path.startswith(root_path):
            return style
    return RatingWidget.Style.STARS


class RatingsIndexView(ReportIndexView):
    results_template_name = "wagtail_kb/admin/ratings_results.html"
    filterset_class = RatingsFilterSet
    default_ordering = "-votes"
    tiebreaker = "path"
    export_filename = "kb-ratings"
    base_columns = [
        ArticleColumn("title", label=_("Article"), sort_key="title"),
        Column("parent_title", label=_("Topic"), sort_key="parent_title"),
        NumberColumn("votes", label=_("Votes"), sort_key="votes"),
        AverageColumn("average", label=_("Average"), decimals=1, sort_key="average"),
        NumberColumn(
            "positive_percent", label=_("4–5 stars"), suffix="%", sort_key="positive_ratio"
        ),
        TemplateColumn(
            "all_time", "wagtail_kb/admin/cells/distribution.html", label=_("Distribution")
        ),
        DateColumn("last_vote", label=_("Last vote"), sort_key="last_vote"),
        NumberColumn(
            "live_votes", label=_("Votes since last published change"), sort_key="live_votes"
        ),
        NumberColumn(
            "live_average",
            label=_("Average since last published change"),
            decimals=1,
            sort_key="live_average",
        ),
        FeedbackCountColumn(),
        NumberColumn("views", label=_("Views"), sort_key="views"),
        NumberColumn(
            "helpful_per_100_views",
            label=_("Helpful per 100 views"),
            decimals=1,
            sort_key="helpful_per_100_views",
        ),
        TemplateColumn("trend", "wagtail_kb/admin/cells/trend.html", label=_("Trend")),
    ]
    list_export = [
        "title",
        "parent_title",
        "votes",
        "average",
        "positive_percent",
        *(f"s{n}" for n in reversed(STAR_LEVELS)),
        "last_vote",
        "live_votes",
        "live_average",
        "new_feedback",
        "views",
        "helpful_per_100_views",
    ]
    export_headings = {
        "title": _("Article"),
        "parent_title": _("Topic"),
        "votes": _("Votes"),
        "average": _("Average"),
        "positive_percent": _("4–5 stars (%)"),
        **{f"s{n}": stars_heading(n) for n in reversed(STAR_LEVELS)},
        "last_vote": _("Last vote"),
        "live_votes": _("Votes since last published change"),
        "live_average": _("Average since last published change"),
        "new_feedback": _("New feedback"),
        "views": _("Views"),
        "helpful_per_100_views": _("Helpful per 100 views"),
    }

    @cached_property
    def columns(self):
        columns = list(self.base_columns)
        if several_locales():
            columns.insert(2, LocaleColumn())
        return columns

    def get_base_queryset(self):
        return KBArticlePage.objects.all()

    def get_queryset(self):
        # Votes are counted over the chosen days, so the filters come before the annotations
        # that ordering uses.
        articles = self.search_queryset(self.filter_queryset(self.get_base_queryset()))
        voted = self.filters.form.cleaned_data.get("voted") if self.filters.is_valid() else None
        return self.order_queryset(
            ratings_report(articles, voted and voted.start, voted and voted.stop)
        )

    def decorate_paginated_queryset(self, object_list):
        feedback = self.model_admin.feedback_link(self.request.user)
        defaults = default_styles()
        trends = {} if self.is_export else weekly_trends(article.pk for article in object_list)
        locales = (
            {locale.pk: locale for locale in Locale.objects.all()} if several_locales() else {}
        )
        for article in object_list:
            article.is_thumbs = (
                widget_style(article.widget_style, article.path, defaults)
                == RatingWidget.Style.THUMBS
            )
            if locales:
                article.locale = locales.get(article.locale_id)
            if article.pk in trends:
                article.trend = trend_svg(trends[article.pk], f"kb-trend-{article.pk}")
            article.all_time = summary_from_values(
                article, key=lambda n: "votes" if n == "count" else n
            )
            article.positive_percent = article.all_time.positive_percent if article.votes else None
            article.feedback_url = f"{feedback}?article={article.pk}" if feedback else ""
        return object_list


class RatingsAdmin(ReportAdmin):
    model = RatingVote
    menu_label = _("Ratings")
    menu_icon = "list-ol"
    menu_order = 100
    index_view_class = RatingsIndexView

    def feedback_link(self, user):
        """The Feedback report's URL when ``user`` may open it, else ``""``."""
        feedback = self.parent and next(
            (item for item in self.parent.modeladmin_instances if item.model is FeedbackComment),
            None,
        )
        if feedback and feedback.permission_helper.user_can_list(user):
            return feedback.url_helper.index_url
        return ""
