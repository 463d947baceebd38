"""Knowledge base › Searches: what readers searched for, one row per search terms.

Over a period (the last 30 days unless chosen otherwise) and per knowledge base: how often each
query was searched, how often it found nothing and how often a result was opened. "Show" narrows
the list to the searches that found nothing (what to write next) or whose results nobody opened.
From a search that found nothing an editor promotes an article in one step (the report creates
the search term in ``wagtail.contrib.search_promotions`` and opens its editor), or turns it into
a synonym (``KBSynonym``: the synonym editor opens with the search terms filled in, followed by
a comma for the words the articles use). Searches the KB corrected show what they became.

Read-only: ``wagtail_kb.view_searchlogentry`` ("Can view search") opens the report.
"""

import datetime
from urllib.parse import urlencode

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, F, Max, Q, Sum
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column

from ..conf import kb_settings
from ..models import KBHomePage, KBSynonym, SearchLogEntry
from ..search import normalise_query
from .columns import DayColumn, LocaleColumn, NumberColumn, TemplateColumn
from .filters import ChoiceByIdFilter, DayRangeFilter, LocaleFilter, several_locales
from .reports import ReportAdmin, ReportIndexView

PROMOTIONS_APP = "wagtail.contrib.search_promotions"
DEFAULT_PERIOD = "30"
PERIODS = [
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
    ("365", _("Last 12 months")),
    ("all", _("All time")),
]
NO_RESULTS, UNOPENED = "no_results", "unopened"
PROMOTE_FORM_ID = "kb-promote"


def query_rows(entries):
    """One row per distinct query with its counts and what the KB corrected it to (``""`` when
    it never did), in one aggregate query."""
    return entries.values("query", locale_code=F("kb__locale__language_code")).annotate(
        corrected_query=Max("corrected_query"),
        searches=Count("pk"),
        no_results=Count("pk", filter=Q(result_count=0)),
        with_results=Count("pk", filter=Q(result_count__gt=0)),
        opened=Count("pk", filter=Q(opened=True)),
        average_results=Avg("result_count"),
        last_searched=Max("searched_on"),
    )


class SearchesFilterSet(WagtailFilterSet):
    period = ChoiceFilter(
        label=_("Period"),
        choices=PERIODS,
        empty_label=None,
        initial=DEFAULT_PERIOD,
        method="filter_period",
    )
    searched_on = DayRangeFilter(
        label=_("Dates"),
        help_text=_("Days chosen here take the place of the period."),
    )
    kb = ChoiceByIdFilter(
        label=_("Knowledge base"),
        queryset=KBHomePage.objects.order_by("path"),
    )
    locale = LocaleFilter(locale_path="kb__locale")
    outcome = ChoiceFilter(
        label=_("Show"),
        choices=[
            (NO_RESULTS, _("Searches that found nothing")),
            (UNOPENED, _("Searches whose results nobody opened")),
        ],
        empty_label=_("All searches"),
        method="filter_outcome",
    )

    class Meta:
        model = SearchLogEntry
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("period"):
            data = data.copy()
            data["period"] = DEFAULT_PERIOD
        super().__init__(data, *args, **kwargs)

    def chosen_days(self):
        days = self.form.cleaned_data.get("searched_on")
        return days if days and (days.start or days.stop) else None

    def date_range(self):
        """``(first day, last day)`` of the rows shown, ``None`` for an open end."""
        days = self.chosen_days()
        if days:
            return (
                days.start and timezone.localdate(days.start),
                days.stop and timezone.localdate(days.stop),
            )
        period = self.form.cleaned_data.get("period")
        if period == "all":
            return None, None
        today = timezone.localdate()
        return today - datetime.timedelta(days=int(period) - 1), today

    def filter_period(self, queryset, name, value):
        if self.chosen_days():
            return queryset
        first, last = self.date_range()
        return queryset.filter(searched_on__gte=first, searched_on__lte=last) if first else queryset

    def filter_outcome(self, queryset, name, value):
        if value == NO_RESULTS:
            return queryset.filter(no_results__gt=0)
        return queryset.filter(with_results__gt=0, opened=0)


def can_promote(user):
    """Whether ``user`` may add promotions and open the promotion editor the report leads to."""
    return apps.is_installed(PROMOTIONS_APP) and user.has_perms(
        [
            "wagtailsearchpromotions.add_searchpromotion",
            "wagtailsearchpromotions.change_searchpromotion",
        ]
    )


def synonym_add_url(user):
    """The synonym editor's URL when ``user`` may add synonyms, else ``""``."""
    if not user.has_perm("wagtail_kb.add_kbsynonym"):
        return ""
    return reverse(KBSynonym.snippet_viewset.get_url_name("add"))


class SearchesIndexView(ReportIndexView):
    results_template_name = "wagtail_kb/admin/search_results.html"
    filterset_class = SearchesFilterSet
    is_searchable = True
    search_fields = ["query"]
    default_ordering = "-searches"
    tiebreaker = "query"
    export_filename = "kb-searches"
    base_columns = [
        Column("query", label=_("Search terms"), sort_key="query"),
        NumberColumn("searches", label=_("Searches"), sort_key="searches"),
        NumberColumn("no_results", label=_("Without results"), sort_key="no_results"),
        NumberColumn("opened", label=_("Result opened"), sort_key="opened"),
        NumberColumn(
            "average_results", label=_("Average results"), decimals=1, sort_key="average_results"
        ),
        DayColumn("last_searched", label=_("Last searched"), sort_key="last_searched"),
        Column("corrected_query", label=_("Corrected to")),
        TemplateColumn("promotion", "wagtail_kb/admin/cells/promote.html", label=_("Promotion")),
        TemplateColumn("synonym", "wagtail_kb/admin/cells/synonym.html", label=_("Synonym")),
    ]

    @cached_property
    def columns(self):
        columns = list(self.base_columns)
        if several_locales():
            columns.insert(1, LocaleColumn(locale=lambda row: row["locale_code"]))
        return columns

    list_export = [
        "query",
        "locale_code",
        "corrected_query",
        "searches",
        "no_results",
        "opened",
        "average_results",
        "last_searched",
    ]
    export_headings = {
        "query": _("Search terms"),
        "locale_code": _("Language"),
        "corrected_query": _("Corrected to"),
        "searches": _("Searches"),
        "no_results": _("Searches without results"),
        "opened": _("Searches where a result was opened"),
        "average_results": _("Average results"),
        "last_searched": _("Last searched"),
    }

    def get_base_queryset(self):
        return query_rows(SearchLogEntry.objects.all())

    def decorate_paginated_queryset(self, object_list):
        if self.is_export:
            return object_list
        rows = list(object_list)
        queries = [row["query"] for row in rows if row["no_results"]]
        promoted = self.promotions_by_query(queries) if queries else {}
        allowed = can_promote(self.request.user)
        synonym_url = synonym_add_url(self.request.user)
        for row in rows:
            row["synonym"] = (
                f"{synonym_url}?{urlencode({'terms': row['query']})}"
                if synonym_url and row["no_results"]
                else ""
            )
            query_id = promoted.get(row["query"])
            row["promotion"] = {
                "edit_url": reverse("wagtailsearchpromotions:edit", args=[query_id])
                if query_id
                else "",
                "form_id": PROMOTE_FORM_ID if allowed and row["no_results"] else "",
            }
        return rows

    def promotions_by_query(self, queries):
        """{query text: Query id} for the queries that already have promotions (one query)."""
        if not apps.is_installed(PROMOTIONS_APP):
            return {}
        from wagtail.contrib.search_promotions.models import Query

        return dict(
            Query.objects.filter(query_string__in=queries, editors_picks__isnull=False)
            .values_list("query_string", "pk")
            .distinct()
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        filters = self.filters
        first, last = filters.date_range() if filters.is_valid() else (None, None)
        context.update(
            {
                "first_day": first,
                "last_day": last,
                "totals": self.object_list.order_by().aggregate(
                    total_searches=Sum("searches"),
                    total_no_results=Sum("no_results"),
                    total_opened=Sum("opened"),
                ),
                "promote_form_id": PROMOTE_FORM_ID,
                "promote_url": self.model_admin.url_helper.get_action_url("promote"),
                "analytics_on": kb_settings.SEARCH_ANALYTICS,
            }
        )
        return context


class SearchLogAdmin(ReportAdmin):
    model = SearchLogEntry
    menu_label = _("Searches")
    menu_icon = "search"
    base_url_path = "kb/searches"
    index_view_class = SearchesIndexView

    def get_report_views(self):
        return {**super().get_report_views(), "promote": self.promote_view}

    def promote_view(self, request):
        """POST ``query``: make it a search promotions term and open its editor."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not can_promote(request.user):
            raise PermissionDenied
        query = normalise_query(request.POST.get("query", ""))
        if not query:
            return HttpResponseBadRequest(_("Say which search terms to promote an article for."))
        from wagtail.contrib.search_promotions.models import Query

        return redirect("wagtailsearchpromotions:edit", Query.get(query).pk)
