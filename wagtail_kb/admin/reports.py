"""How every report of the Knowledge base area is built: one way, for all of them.

- ``ReportAdmin`` (wagtail-modeladmin) registers a report: its menu item, its URLs, its
  permissions (``permissions.ReportPermissionHelper``) and, where a report has them, modeladmin's
  inspect, edit, delete and history views. Every URL it registers goes through
  ``permissions.guarded``: the report's permission first, 403 otherwise.
- ``ReportIndexView`` is the listing: Wagtail's own ``ReportView``, as Wagtail's reports and
  ``wagtail.contrib.search_promotions`` build theirs: table columns that sort
  (``Column(sort_key=…)``), a ``WagtailFilterSet`` in the filter drawer, the results refreshed in
  place, and the export (``exports.FormulaSafeExportMixin``) in the header's menu.

A filter value that does not validate (``?stars=abc``, ``?created_at_after=x``) never reaches the
database: Wagtail's listing then ignores the filters and shows the unfiltered list, and the results
say which filter was ignored and why.
"""

from django.db.models import F
from django.urls import re_path, reverse
from wagtail.admin.views.reports import ReportView
from wagtail_modeladmin.helpers import AdminURLHelper
from wagtail_modeladmin.options import ModelAdmin

from .exports import FormulaSafeExportMixin
from .permissions import ReportPermissionHelper, guarded


class ReportURLHelper(AdminURLHelper):
    """Actions on one row take its id in the URL; a report's own actions (results, …) don't."""

    row_actions = ("edit", "delete", "inspect", "history")

    def get_action_url_pattern(self, action):
        if action in self.row_actions:
            return super().get_action_url_pattern(action)
        return self._get_action_url_pattern(action)

    def get_action_url(self, action, *args, **kwargs):
        if action in self.row_actions:
            return super().get_action_url(action, *args, **kwargs)
        return reverse(self.get_action_url_name(action))


class ReportIndexView(FormulaSafeExportMixin, ReportView):
    model_admin = None  # given by ReportAdmin.index_view / results_view
    template_name = "wagtail_kb/admin/report.html"
    results_template_name = "wagtail_kb/admin/report_results.html"
    table_classname = "listing kb-report"
    tiebreaker = "pk"
    """The ordering among rows with the same value in the sorted column."""

    def get_page_title(self):
        return self.model_admin.menu_label

    def get_header_icon(self):
        return self.model_admin.get_menu_icon()

    def get_index_url(self):
        return self.model_admin.url_helper.index_url

    def get_index_results_url(self):
        return self.model_admin.url_helper.get_action_url("results")

    def order_queryset(self, queryset):
        # Empty values (an article without votes) sort last both ways, on every database.
        if not self.ordering:
            return queryset
        key = F(self.ordering.lstrip("-"))
        key = (
            key.desc(nulls_last=True) if self.ordering.startswith("-") else key.asc(nulls_last=True)
        )
        return queryset.order_by(key, self.tiebreaker)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        filters = context.get("filters")
        context["ignored_filters"] = (
            [
                (filters.form[name].label, errors)
                for name, errors in filters.form.errors.items()
                if name in filters.form.fields
            ]
            if filters is not None and not filters.is_valid()
            else []
        )
        return context


class ReportAdmin(ModelAdmin):
    """A report: its listing is ``index_view_class`` (a ``ReportIndexView``)."""

    url_helper_class = ReportURLHelper
    permission_helper_class = ReportPermissionHelper
    history_view_enabled = False

    def results_view(self, request):
        return self.index_view_class.as_view(model_admin=self, results_only=True)(request)

    def get_report_views(self):
        """``{action: view}``: the report's URLs besides modeladmin's (each at ``<action>/``)."""
        return {"results": self.results_view}

    def get_admin_urls_for_registration(self):
        own = tuple(
            re_path(
                self.url_helper.get_action_url_pattern(action),
                view,
                name=self.url_helper.get_action_url_name(action),
            )
            for action, view in self.get_report_views().items()
        )
        urls = (*super().get_admin_urls_for_registration(), *own)
        for pattern in urls:
            pattern.callback = guarded(pattern.callback, self.permission_helper)
        return urls
