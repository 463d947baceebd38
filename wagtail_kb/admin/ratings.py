"""Knowledge base › Ratings: one row per article, all time and since its last published change.

Registered through ``KnowledgeBaseAdminGroup`` (wagtail-modeladmin). The model is ``RatingVote``,
so the Django permissions on votes decide who sees the report (any of them: list it); nobody adds,
edits or deletes single votes here. The index view is custom: modeladmin lists model instances,
this report lists articles with their votes aggregated in one query per page of results.
"""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, FloatField, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, NullIf, Substr
from django.urls import NoReverseMatch, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import WMABaseView

from ..models import FeedbackComment, KBArticlePage, KBTopicPage, RatingVote
from ..ratings import STAR_LEVELS, aggregate_expressions, summary_from_values
from .permissions import Forbidden403Mixin, ReportPermissionHelper

PER_PAGE = 50


def parse_date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def ratings_report(topic=None, date_from=None, date_to=None):
    """Articles annotated with their rating summary, all time and since the live revision.

    ``date_from`` / ``date_to`` (dates, inclusive) narrow the votes counted (by the time of the
    vote). One query whatever the number of articles and votes.
    """
    window = Q()
    if date_from:
        window &= Q(rating_votes__updated_at__date__gte=date_from)
    if date_to:
        window &= Q(rating_votes__updated_at__date__lte=date_to)
    window = window or None
    live = Q(rating_votes__revision_id=F("live_revision_id"))
    if window is not None:
        live &= window

    all_time = aggregate_expressions("rating_votes__", window)
    since_live = aggregate_expressions("rating_votes__", live)
    positive = Q(rating_votes__stars__gte=4)

    articles = KBArticlePage.objects.only(
        "pk", "title", "path", "depth", "live", "live_revision_id", "content_type_id"
    )
    if topic is not None:
        articles = articles.descendant_of(topic)

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
    return articles.annotate(
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
    ).annotate(
        positive_ratio=Cast(F("positive"), FloatField())
        / NullIf(Cast(F("votes"), FloatField()), Value(0.0)),
    )


SORTS = {
    "title": ("title",),
    "topic": ("parent_title", "title"),
    "votes": ("votes",),
    "average": ("average",),
    "positive": ("positive_ratio",),
    "last_vote": ("last_vote",),
    "live_votes": ("live_votes",),
    "live_average": ("live_average",),
    "feedback": ("new_feedback",),
}
DEFAULT_SORT = "-votes"


def order_by(queryset, sort):
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        return order_by(queryset, DEFAULT_SORT)
    fields = [
        F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
        for name in SORTS[key]
    ]
    return queryset.order_by(*fields, "path")


class RatingsIndexView(WMABaseView):
    template_name = "wagtail_kb/admin/ratings_index.html"
    page_title = _("Ratings")

    @method_decorator(login_required)
    def dispatch(self, request, *args, **kwargs):
        if not self.permission_helper.user_can_list(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.page_title

    def get_meta_title(self):
        return self.page_title

    def get_context_data(self, **kwargs):
        request = self.request
        topics = list(KBTopicPage.objects.order_by("path").only("pk", "title", "depth", "path"))
        topic = None
        topic_id = request.GET.get("topic", "")
        if topic_id.isdigit():
            topic = next((t for t in topics if t.pk == int(topic_id)), None)
        date_from = parse_date(request.GET.get("from", ""))
        date_to = parse_date(request.GET.get("to", ""))
        sort = request.GET.get("o", DEFAULT_SORT)
        if sort.lstrip("-") not in SORTS:
            sort = DEFAULT_SORT

        queryset = order_by(ratings_report(topic, date_from, date_to), sort)
        page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("p"))
        min_depth = min((t.depth for t in topics), default=0)
        feedback_url = None
        feedback_admin = getattr(self.model_admin, "feedback_index_url", None)
        if feedback_admin:
            feedback_url = feedback_admin(request.user)

        rows = []
        feedback_link = (feedback_url + "?article={}") if feedback_url else None
        for article in page.object_list:
            all_time = summary_from_values(article, key=lambda n: "votes" if n == "count" else n)
            since = summary_from_values(
                article, key=lambda n: "live_votes" if n == "count" else f"live_{n}"
            )
            rows.append(
                {
                    "article": article,
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[article.pk]),
                    "all_time": all_time,
                    "since": since,
                    "feedback_url": feedback_link.format(article.pk) if feedback_link else None,
                }
            )

        query = request.GET.copy()
        query.pop("p", None)
        query.pop("o", None)
        columns = []
        for key, label in (
            ("title", _("Article")),
            ("topic", _("Topic")),
            ("votes", _("Votes")),
            ("average", _("Average")),
            ("positive", _("4–5 stars")),
            (None, _("Distribution")),
            ("last_vote", _("Last vote")),
            ("live_votes", _("Votes since last published change")),
            ("live_average", _("Average since last published change")),
            ("feedback", _("New feedback")),
        ):
            column = {"label": label, "key": key}
            if key:
                current = sort.lstrip("-") == key
                descending = sort.startswith("-")
                next_sort = (key if descending else f"-{key}") if current else f"-{key}"
                if key in ("title", "topic") and not current:
                    next_sort = key
                params = query.copy()
                params["o"] = next_sort
                column.update(
                    {
                        "url": "?" + params.urlencode(),
                        "sorted": current,
                        "aria_sort": ("descending" if descending else "ascending")
                        if current
                        else None,
                    }
                )
            columns.append(column)

        page_params = query.copy()
        page_params["o"] = sort
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "view": self,
                "rows": rows,
                "page_obj": page,
                "paginator": page.paginator,
                "columns": columns,
                "topics": [(t, t.depth - min_depth) for t in topics],
                "topic": topic,
                "date_from": date_from,
                "date_to": date_to,
                "sort": sort,
                "page_query": page_params.urlencode(),
                "star_levels": list(reversed(STAR_LEVELS)),
            }
        )
        return context


class RatingsAdmin(Forbidden403Mixin, ModelAdmin):
    model = RatingVote
    menu_label = _("Ratings")
    menu_icon = "list-ol"
    menu_order = 100
    add_to_settings_menu = False
    exclude_from_explorer = False
    index_view_class = RatingsIndexView
    permission_helper_class = ReportPermissionHelper

    def feedback_index_url(self, user):
        """The Feedback report's URL when ``user`` may see it, for per-article links."""
        if not PermissionHelper(FeedbackComment).user_can_list(user):
            return None
        try:
            return reverse("wagtail_kb_feedbackcomment_modeladmin_index")
        except NoReverseMatch:
            return None
