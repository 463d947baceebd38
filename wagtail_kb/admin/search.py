"""The "Searches" report of the Knowledge base admin area.

What readers searched for over a chosen period: the top searches, the searches that found
nothing (what to write next) and those whose results nobody opened, with a CSV export. From a
search that found nothing an editor promotes an article in one step: the report creates the
search term in ``wagtail.contrib.search_promotions`` and opens its editor.

Read-only: editors need the ``wagtail_kb.view_searchlogentry`` permission ("Can view search"),
given to groups in Settings → Groups.
"""

import csv
import datetime

from django import forms
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Max, Q
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import WMABaseView

from ..models import KBHomePage, SearchLogEntry
from ..search import normalise_query

ROWS_PER_TABLE = 50
PERIODS = [
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
    ("365", _("Last 12 months")),
    ("custom", _("Dates below")),
]
DEFAULT_PERIOD = "30"
PROMOTIONS_APP = "wagtail.contrib.search_promotions"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(value):
    """A CSV cell that a spreadsheet will not run as a formula (CSV/formula injection)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class SearchReportFilterForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"), choices=PERIODS, required=False, initial=DEFAULT_PERIOD
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kb = forms.ModelChoiceField(
        label=_("Knowledge base"),
        queryset=KBHomePage.objects.order_by("path"),
        required=False,
        empty_label=_("All knowledge bases"),
    )

    def date_range(self):
        """``(first day, last day)`` of the chosen period, both inclusive."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        period = data.get("period") or DEFAULT_PERIOD
        if period == "custom":
            first = data.get("date_from") or today - datetime.timedelta(
                days=int(DEFAULT_PERIOD) - 1
            )
            last = data.get("date_to") or today
            return min(first, last), max(first, last)
        return today - datetime.timedelta(days=int(period) - 1), today


def query_rows(entries):
    """One row per distinct query with its counts (one aggregate query per use)."""
    return entries.values("query").annotate(
        searches=Count("pk"),
        no_results=Count("pk", filter=Q(result_count=0)),
        with_results=Count("pk", filter=Q(result_count__gt=0)),
        opened=Count("pk", filter=Q(opened=True)),
        average_results=Avg("result_count"),
        last_searched=Max("searched_on"),
    )


class SearchReportPermissionHelper(PermissionHelper):
    """The report is read-only: listing needs the view permission; nothing can be edited."""

    def get_all_model_permissions(self):
        return super().get_all_model_permissions().filter(codename="view_searchlogentry")

    def user_can_list(self, user):
        return user.is_active and user.has_perm("wagtail_kb.view_searchlogentry")

    def user_can_create(self, user):
        return False

    def user_can_inspect_obj(self, user, obj):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


def can_promote(user):
    """Whether ``user`` may add promotions and open the promotion editor the report leads to."""
    return apps.is_installed(PROMOTIONS_APP) and user.has_perms(
        [
            "wagtailsearchpromotions.add_searchpromotion",
            "wagtailsearchpromotions.change_searchpromotion",
        ]
    )


class SearchReportView(WMABaseView):
    page_title = _("Searches")
    template_name = "wagtail_kb/admin/search_report.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_list(user)

    def get_page_subtitle(self):
        return ""

    def get(self, request, *args, **kwargs):
        self.form = SearchReportFilterForm(request.GET or None)
        self.first_day, self.last_day = (
            self.form.date_range() if request.GET else (SearchReportFilterForm().date_range())
        )
        if request.GET.get("export") == "csv":
            return self.export_csv()
        return super().get(request, *args, **kwargs)

    def get_entries(self):
        entries = SearchLogEntry.objects.filter(
            searched_on__gte=self.first_day, searched_on__lte=self.last_day
        )
        kb = (
            self.form.cleaned_data.get("kb")
            if self.form.is_bound and self.form.is_valid()
            else None
        )
        if kb is not None:
            entries = entries.filter(kb=kb)
        return entries

    def export_csv(self):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"kb-searches-{self.first_day:%Y%m%d}-{self.last_day:%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "query",
                "searches",
                "searches_without_results",
                "searches_opened",
                "average_results",
                "last_searched",
            ]
        )
        for row in query_rows(self.get_entries()).order_by("-searches", "query").iterator():
            writer.writerow(
                [
                    csv_safe(row["query"]),
                    row["searches"],
                    row["no_results"],
                    row["opened"],
                    f"{row['average_results'] or 0:.1f}",
                    row["last_searched"].isoformat() if row["last_searched"] else "",
                ]
            )
        return response

    def promotions_by_query(self, queries):
        """{query text: Query id} for the queries that already have promotions (one query)."""
        if not apps.is_installed(PROMOTIONS_APP) or not queries:
            return {}
        from wagtail.contrib.search_promotions.models import Query

        return dict(
            Query.objects.filter(query_string__in=queries, editors_picks__isnull=False)
            .values_list("query_string", "pk")
            .distinct()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entries = self.get_entries()
        totals = entries.aggregate(
            searches=Count("pk"),
            no_results=Count("pk", filter=Q(result_count=0)),
            opened=Count("pk", filter=Q(opened=True)),
            queries=Count("query", distinct=True),
        )
        rows = query_rows(entries)
        top = list(rows.order_by("-searches", "query")[:ROWS_PER_TABLE])
        no_results = list(
            rows.filter(no_results__gt=0).order_by("-no_results", "query")[:ROWS_PER_TABLE]
        )
        unopened = list(
            rows.filter(with_results__gt=0, opened=0).order_by("-with_results", "query")[
                :ROWS_PER_TABLE
            ]
        )
        promoted = self.promotions_by_query([row["query"] for row in no_results])
        promote_allowed = can_promote(self.request.user)
        for row in no_results:
            query_id = promoted.get(row["query"])
            row["promotion_url"] = (
                reverse("wagtailsearchpromotions:edit", args=[query_id]) if query_id else ""
            )
        query_string = self.request.GET.copy()
        query_string["export"] = "csv"
        context.update(
            {
                "form": self.form,
                "first_day": self.first_day,
                "last_day": self.last_day,
                "totals": totals,
                "top_queries": top,
                "no_result_queries": no_results,
                "unopened_queries": unopened,
                "can_promote": promote_allowed,
                "promote_url": self.url_helper.get_action_url("promote"),
                "csv_url": "?" + query_string.urlencode(),
                "analytics_on": _analytics_on(),
            }
        )
        return context


def _analytics_on():
    from ..conf import kb_settings

    return kb_settings.SEARCH_ANALYTICS


class PromoteQueryView(WMABaseView):
    """POST ``query``: make it a search promotions term and open its editor to pick an article."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_list(user) and can_promote(user)

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        from wagtail.contrib.search_promotions.models import Query

        query = normalise_query(request.POST.get("query", ""))
        if not query:
            raise PermissionDenied
        return redirect("wagtailsearchpromotions:edit", Query.get(query).pk)


class SearchLogAdmin(ModelAdmin):
    model = SearchLogEntry
    menu_label = _("Searches")
    menu_icon = "search"
    base_url_path = "kb/searches"
    add_to_settings_menu = False
    permission_helper_class = SearchReportPermissionHelper
    index_view_class = SearchReportView
    promote_view_class = PromoteQueryView

    def register_indexing(self):
        """Keep the log out of Wagtail's reference index (modeladmin registers every model).

        Log rows are not content: indexing them would cost three more queries per logged search
        and list thousands of searches in the KB home's "Usage" tab.
        """

    def promote_view(self, request):
        return self.promote_view_class.as_view(model_admin=self)(request)

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            re_path(
                self.url_helper._get_action_url_pattern("promote"),
                self.promote_view,
                name=self.url_helper.get_action_url_name("promote"),
            ),
        )
