"""Knowledge base › Feedback: readers' comments, with status, filters, search, export.

Comments are plain text, escaped wherever they are shown (Django's autoescaping) and exported
through ``exports``. ``wagtail_kb.view_feedbackcomment`` opens the report; changing a comment's
status (one at a time in its edit view, or ticked in the listing and marked in one POST) needs
``change_feedbackcomment``, deleting one ``delete_feedbackcomment``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, DateColumn, TitleColumn
from wagtail.admin.widgets import ListingButton

from ..models import FeedbackComment, KBArticlePage
from .columns import ArticleColumn, NumberColumn, SelectColumn
from .filters import ArticleChooser, ChoiceByIdFilter, DayRangeFilter, TopicFilter
from .permissions import ReportPermissionHelper
from .reports import ReportAdmin, ReportIndexView

BULK_FORM_ID = "kb-feedback-bulk"


class FeedbackPermissionHelper(ReportPermissionHelper):
    actions = ("change", "delete")


class FeedbackFilterSet(WagtailFilterSet):
    created_at = DayRangeFilter(label=_("Sent"))
    topic = TopicFilter(article_path="article__")
    # Set by the links from the Ratings report and an article's edit view (?article=<id>).
    article = ChoiceByIdFilter(
        label=_("Article"),
        queryset=KBArticlePage.objects.all(),
        widget=ArticleChooser(),
    )

    class Meta:
        model = FeedbackComment
        fields = ["status", "stars"]


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
        "stars",
        "article.title",
        "article.full_url",
        "comment",
    ]
    export_headings = {
        "created_at": _("Sent at"),
        "get_status_display": _("Status"),
        "stars": _("Stars"),
        "article.title": _("Article"),
        "article.full_url": _("Article URL"),
        "comment": _("Comment"),
    }

    def get_base_queryset(self):
        return FeedbackComment.objects.select_related("article")

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
            NumberColumn("stars", label=_("Stars"), sort_key="stars"),
            DateColumn("created_at", label=_("Sent"), sort_key="created_at"),
            Column("get_status_display", label=_("Status"), sort_key="status"),
        ]
        if self.can_change_status:
            columns.insert(0, SelectColumn("select", form_id=BULK_FORM_ID))
        return columns

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
    inspect_view_fields = ["article", "stars", "comment", "status", "created_at", "revision"]
    history_view_enabled = True
    panels = [FieldPanel("status")]

    def get_report_views(self):
        return {**super().get_report_views(), "set_status": self.set_status_view}

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
                % {"count": changed, "status": FeedbackComment.Status(status).label},
            )
        else:
            messages.warning(request, _("Select at least one comment first."))
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = self.url_helper.index_url
        return HttpResponseRedirect(next_url)
