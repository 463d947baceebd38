"""Knowledge base › Needs attention: articles ranked by how much they need an editor.

Each row: the article (linking to its editor), its topic, language, score and the reasons in
words (``wagtail_kb.health.attention``: low helpfulness since the last published change weighted
by traffic, unresolved negative feedback, age). Filters: knowledge base, topic, language; a
malformed value shows the unfiltered list and says so, as in every report. The thresholds are
the ``WAGTAILKB_ATTENTION_*`` settings.

The model is ``ArticleRatingSummary``: ``wagtail_kb.view_articleratingsummary`` opens the report.
Read-only. The scores come from one query whatever the number of votes, comments and views.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.models import Locale

from ..health.attention import attention_rows, describe
from ..models import ArticleRatingSummary, KBArticlePage, KBHomePage
from .columns import ArticleColumn, LocaleColumn, NumberColumn, TemplateColumn
from .filters import ChoiceByIdFilter, LocaleFilter, TopicFilter, several_locales
from .reports import ReportAdmin, ReportIndexView


class AttentionFilterSet(WagtailFilterSet):
    kb = ChoiceByIdFilter(
        label=_("Knowledge base"),
        queryset=KBHomePage.objects.order_by("path"),
        method="filter_kb",
    )
    topic = TopicFilter()
    locale = LocaleFilter()

    class Meta:
        model = KBArticlePage
        fields = []

    def filter_kb(self, queryset, name, home):
        return queryset.filter(path__startswith=home.path, depth__gt=home.depth)


class AttentionIndexView(ReportIndexView):
    results_template_name = "wagtail_kb/admin/attention_results.html"
    filterset_class = AttentionFilterSet
    is_searchable = True
    search_fields = ["title"]
    default_ordering = None
    export_filename = "kb-needs-attention"
    list_export = [
        "title",
        "topic",
        "score",
        "reasons_text",
        "votes_since",
        "unhelpful_percent",
        "views_since",
        "negative_feedback",
        "last_published_at",
    ]
    export_headings = {
        "title": _("Article"),
        "topic": _("Topic"),
        "score": _("Score"),
        "reasons_text": _("Reasons"),
        "votes_since": _("Votes since last published change"),
        "unhelpful_percent": _("Unhelpful since last published change (%)"),
        "views_since": _("Views since last published change"),
        "negative_feedback": _("Unresolved negative feedback"),
        "last_published_at": _("Last published"),
    }

    @cached_property
    def columns(self):
        columns = [
            ArticleColumn("title", label=_("Article")),
            Column("topic", label=_("Topic")),
            NumberColumn("score", label=_("Score"), decimals=1),
            TemplateColumn("reasons", "wagtail_kb/admin/cells/reasons.html", label=_("Why")),
            NumberColumn("views_since", label=_("Views since last published change")),
        ]
        if several_locales():
            columns.insert(2, LocaleColumn(locale=lambda row: row.locale_code))
        return columns

    def get_base_queryset(self):
        return KBArticlePage.objects.all()

    def get_queryset(self):
        articles = self.search_queryset(self.filter_queryset(self.get_base_queryset()))
        return attention_rows(articles)

    def get_filtered_queryset(self):
        return self.get_queryset()  # a list, filtered and sorted

    def search_queryset(self, queryset):
        query = self.search_query if self.is_searching else ""
        return queryset.filter(title__icontains=query) if query else queryset

    def decorate_paginated_queryset(self, object_list):
        rows = describe(list(object_list), self.request)
        codes = self.locale_codes()
        for row in rows:
            row.live = True
            row.locale_code = codes.get(row.locale_id, "")
        return rows

    def locale_codes(self):
        if not several_locales():
            return {}
        return dict(Locale.objects.values_list("pk", "language_code"))


class AttentionAdmin(ReportAdmin):
    model = ArticleRatingSummary
    menu_label = _("Needs attention")
    menu_icon = "warning"
    menu_order = 50
    base_url_path = "kb/attention"
    index_view_class = AttentionIndexView
