"""Knowledge base › Feedback: readers' comments, with status, filters, search, export.

Comments are plain text, escaped wherever they are shown (Django's autoescaping) and exported
through ``exports``. ``wagtail_kb.view_feedbackcomment`` opens the report; changing a comment's
status (one at a time in its edit view, or ticked in the listing and marked in one POST) needs
``change_feedbackcomment``, deleting one ``delete_feedbackcomment``.

A comment may name the part of the article it is about (``section``, a heading id; shown as the
heading's text and filterable). "Add as page comment" (POST, needs ``change_feedbackcomment`` and
permission to edit the article) makes it a Wagtail page comment by the editor who clicks
(``wagtail_kb.health.page_comments``); the row then links to the article's editor instead.

A vote is stored as stars; where the article's rating widget asks "Yes / No" (it posts 5 stars
for "Yes", 1 for "No"), the Rating column and the export say "Helpful" / "Not helpful" instead.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_filters import ChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, DateColumn, TitleColumn
from wagtail.admin.widgets import ListingButton
from wagtail_modeladmin.views import InspectView

from ..health.page_comments import add_page_comment
from ..health.sections import sections
from ..models import FeedbackComment, KBArticlePage, RatingWidget
from .columns import ArticleColumn, LocaleColumn, SelectColumn, TemplateColumn
from .filters import (
    ArticleChooser,
    ChoiceByIdFilter,
    DayRangeFilter,
    LocaleFilter,
    TopicFilter,
    several_locales,
)
from .permissions import ReportPermissionHelper
from .ratings import default_styles, widget_style
from .reports import ReportAdmin, ReportIndexView

BULK_FORM_ID = "kb-feedback-bulk"
PAGE_COMMENT_FORM_ID = "kb-feedback-page-comment"
WHOLE_ARTICLE = "-"
# The votes a "Yes / No" widget posts (``wagtail_kb.ratings.widgets``), as the reports show them.
THUMBS_VOTES = {5: ("👍", _("Helpful")), 1: ("👎", _("Not helpful"))}


def section_choices():
    """The sections readers named, for the filter (ids: the same words in every article)."""
    named = (
        FeedbackComment.objects.exclude(section="")
        .order_by("section")
        .values_list("section", flat=True)
        .distinct()
    )
    return [(WHOLE_ARTICLE, _("The whole article")), *((s, s) for s in named)]


class FeedbackPermissionHelper(ReportPermissionHelper):
    actions = ("change", "delete")


class FeedbackFilterSet(WagtailFilterSet):
    created_at = DayRangeFilter(label=_("Sent"))
    topic = TopicFilter(article_path="article__")
    locale = LocaleFilter(locale_path="article__locale")
    section = ChoiceFilter(
        label=_("Part of the article"), choices=section_choices, method="filter_section"
    )
    # Set by the links from the Ratings report and an article's edit view (?article=<id>).
    article = ChoiceByIdFilter(
        label=_("Article"),
        queryset=KBArticlePage.objects.all(),
        widget=ArticleChooser(),
    )

    class Meta:
        model = FeedbackComment
        fields = ["status", "stars"]

    def filter_section(self, queryset, name, value):
        return queryset.filter(section="" if value == WHOLE_ARTICLE else value)


def thumbs_vote(feedback, defaults):
    """``(symbol, words)`` of a vote on a "Yes / No" widget; None for stars.

    A vote keeps only its stars: it is read by the style of the widget its article shows (its
    own, else its site's default, as the Ratings report reads it), and only the two values that
    style posts read as thumbs (a 3 left from a former stars widget stays 3).
    """
    style = widget_style(feedback.widget_style, feedback.article.path, defaults)
    return THUMBS_VOTES.get(feedback.stars) if style == RatingWidget.Style.THUMBS else None


class FeedbackInspectView(InspectView):
    """A feedback's page: its vote read as the list reads it ("Helpful" / "Not helpful" on a
    "Yes / No" widget, else its stars)."""

    def get_field_label(self, field_name, field=None):
        if field_name == "stars":
            return _("rating")  # "stars" would misname a "Yes / No" vote
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field=None):
        if field_name == "stars":
            feedback = self.instance
            feedback.widget_style = getattr(feedback.article.rating_widget, "style", None)
            thumbs = thumbs_vote(feedback, default_styles())
            if thumbs:
                return f"{thumbs[0]} {thumbs[1]}"
        return super().get_field_display_value(field_name, field)


def excerpt(comment):
    return Truncator(" ".join(comment.comment.split())).chars(160)


class CommentColumn(ButtonsColumnMixin, TitleColumn):
    """The comment's first words, linking to its inspect view, with the row's actions."""

    def __init__(self, model_admin, **kwargs):
        self.model_admin = model_admin
        url_helper = model_admin.url_helper
        super().__init__(
            "comment",
            accessor=excerpt,
            get_url=lambda comment: url_helper.get_action_url("inspect", comment.pk),
            **kwargs,
        )

    def get_buttons(self, comment, parent_context):
        user = parent_context["request"].user
        helper, urls = self.model_admin.permission_helper, self.model_admin.url_helper
        buttons = []
        if helper.user_can_edit_obj(user, comment):
            buttons.append(
                ListingButton(
                    _("Edit status"), urls.get_action_url("edit", comment.pk), priority=10
                )
            )
        buttons.append(
            ListingButton(_("History"), urls.get_action_url("history", comment.pk), priority=20)
        )
        if helper.user_can_delete_obj(user, comment):
            buttons.append(
                ListingButton(_("Delete"), urls.get_action_url("delete", comment.pk), priority=30)
            )
        return buttons


class FeedbackIndexView(ReportIndexView):
    results_template_name = "wagtail_kb/admin/feedback_results.html"
    filterset_class = FeedbackFilterSet
    is_searchable = True
    search_fields = ["comment", "article__title"]
    default_ordering = "-created_at"
    tiebreaker = "-pk"
    export_filename = "kb-feedback"
    list_export = [
        "created_at",
        "get_status_display",
        "rating",
        "article.title",
        "article.full_url",
        "comment",
        "section",
    ]
    export_headings = {
        "created_at": _("Sent at"),
        "get_status_display": _("Status"),
        "rating": _("Rating"),
        "article.title": _("Article"),
        "article.full_url": _("Article URL"),
        "section": _("Part of the article"),
        "comment": _("Comment"),
    }

    def get_base_queryset(self):
        return FeedbackComment.objects.select_related("article", "article__locale").annotate(
            widget_style=F("article__rating_widget__style")
        )

    @cached_property
    def style_defaults(self):
        return default_styles()

    def to_row_dict(self, item):
        thumbs = thumbs_vote(item, self.style_defaults)
        item.rating = thumbs[1] if thumbs else item.stars
        return super().to_row_dict(item)

    @cached_property
    def columns(self):
        columns = [
            CommentColumn(self.model_admin, label=_("Comment")),
            ArticleColumn(
                "article",
                article=lambda comment: comment.article,
                accessor="article.title",
                label=_("Article"),
                sort_key="article__title",
            ),
            Column("section_title", label=_("Part"), sort_key="section"),
            TemplateColumn(
                "thumbs", "wagtail_kb/admin/cells/rating.html", label=_("Rating"), sort_key="stars"
            ),
            DateColumn("created_at", label=_("Sent"), sort_key="created_at"),
            Column("get_status_display", label=_("Status"), sort_key="status"),
            TemplateColumn(
                "page_comment_cell",
                "wagtail_kb/admin/cells/page_comment.html",
                label=_("Page comment"),
            ),
        ]
        if several_locales():
            columns.insert(3, LocaleColumn(locale=lambda comment: comment.article.locale))
        if self.can_change_status:
            columns.insert(0, SelectColumn("select", form_id=BULK_FORM_ID))
        return columns

    def decorate_paginated_queryset(self, object_list):
        if self.is_export:
            return object_list
        rows = list(object_list)
        titles = {}  # article id -> {heading id: text}, each article's sections read once
        user = self.request.user
        can_change = self.can_change_status
        for row in rows:
            row.thumbs = thumbs_vote(row, self.style_defaults)
            if row.section and row.article_id not in titles:
                titles[row.article_id] = dict(sections(row.article, self.request))
            row.section_title = (
                titles.get(row.article_id, {}).get(row.section, row.section) if row.section else ""
            )
            edit_url = reverse("wagtailadmin_pages:edit", args=[row.article_id])
            row.page_comment_cell = {
                "url": edit_url if row.page_comment_id else "",
                "form_id": (
                    PAGE_COMMENT_FORM_ID
                    if can_change
                    and not row.page_comment_id
                    and row.article.permissions_for_user(user).can_edit()
                    else ""
                ),
            }
        return rows

    @cached_property
    def can_change_status(self):
        return self.model_admin.permission_helper.user_can(self.request.user, "change")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        query = self.request.GET.copy()
        query.pop("_w_filter_fragment", None)
        context.update(
            {
                "bulk_form_id": BULK_FORM_ID,
                "can_change_status": self.can_change_status,
                "set_status_url": self.model_admin.url_helper.get_action_url("set_status"),
                "page_comment_form_id": PAGE_COMMENT_FORM_ID,
                "page_comment_url": self.model_admin.url_helper.get_action_url("page_comment"),
                "statuses": FeedbackComment.Status,
                "back_url": f"{self.index_url}?{query.urlencode()}" if query else self.index_url,
            }
        )
        return context


class FeedbackAdmin(ReportAdmin):
    model = FeedbackComment
    menu_label = _("Feedback")
    menu_icon = "comment"
    menu_order = 200
    index_view_class = FeedbackIndexView
    permission_helper_class = FeedbackPermissionHelper
    inspect_view_enabled = True
    inspect_view_class = FeedbackInspectView
    inspect_view_fields = [
        "article",
        "stars",
        "comment",
        "section",
        "status",
        "created_at",
        "revision",
        "page_comment",
    ]
    history_view_enabled = True
    panels = [FieldPanel("status")]

    def get_report_views(self):
        return {
            **super().get_report_views(),
            "set_status": self.set_status_view,
            "page_comment": self.page_comment_view,
        }

    def page_comment_view(self, request):
        """POST ``id``: make that feedback a page comment on its article, by this editor."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.permission_helper.user_can(request.user, "change"):
            raise PermissionDenied
        value = request.POST.get("id", "")
        feedback = (
            FeedbackComment.objects.select_related("article").filter(pk=value).first()
            if value.isascii() and value.isdigit() and len(value) < 19
            else None
        )
        if feedback is None:
            return HttpResponseBadRequest(_("Say which feedback to add as a page comment."))
        if not feedback.article.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        feedback, comment, created = add_page_comment(feedback.pk, request.user, request)
        if created:
            messages.success(
                request,
                _("Added as a comment on “%(title)s”: it shows in the page editor's comments.")
                % {"title": feedback.article.title},
            )
        else:
            messages.info(request, _("This feedback is a page comment already."))
        return HttpResponseRedirect(self.next_url(request))

    def next_url(self, request):
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = self.url_helper.index_url
        return next_url

    def set_status_view(self, request):
        """POST ``ids`` and ``status``: give the ticked comments that status."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.permission_helper.user_can(request.user, "change"):
            raise PermissionDenied
        status = request.POST.get("status", FeedbackComment.Status.RESOLVED)
        if status not in FeedbackComment.Status.values:
            status = FeedbackComment.Status.RESOLVED
        ids = [
            value for value in request.POST.getlist("ids") if value.isascii() and value.isdigit()
        ]
        changed = FeedbackComment.objects.filter(pk__in=ids).update(status=status)
        if changed:
            messages.success(
                request,
                ngettext(
                    "%(count)s comment marked “%(status)s”.",
                    "%(count)s comments marked “%(status)s”.",
                    changed,
                )
                % {
                    "count": number_format(changed, force_grouping=True),
                    "status": FeedbackComment.Status(status).label,
                },
            )
        else:
            messages.warning(request, _("Select at least one comment first."))
        return HttpResponseRedirect(self.next_url(request))
