"""Knowledge base › Feedback: readers' comments, with status, filters, search, export.

Comments are plain text and are escaped wherever they are shown: the listing and inspect view go
through Django's autoescaping, and the CSV export neutralises spreadsheet formulas (a cell that
starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading apostrophe). XLSX
cells are always written as text.

Bulk actions: tick comments in the listing and mark them resolved (or spam, or new) in one POST;
this needs the "change" permission on feedback.
"""

from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import re_path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from ..models import FeedbackComment, KBTopicPage
from .permissions import Forbidden403Mixin, forbidden_as_403

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix an apostrophe to text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class FeedbackPermissionHelper(PermissionHelper):
    """Feedback comes from readers: nobody creates it in the admin."""

    def user_can_create(self, user):
        return False

    def user_can_change_status(self, user):
        return self.user_has_specific_permission(user, self.get_perm_codename("change"))


class TopicFilter(SimpleListFilter):
    title = _("topic")
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        topics = list(KBTopicPage.objects.order_by("path").only("pk", "title", "depth"))
        top = min((t.depth for t in topics), default=0)
        return [(str(t.pk), "— " * (t.depth - top) + t.title) for t in topics]

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        topic = KBTopicPage.objects.filter(pk=int(value)).first()
        if topic is None:
            return queryset.none()
        return queryset.filter(article__path__startswith=topic.path, article__depth__gt=topic.depth)


# The query-string parameters the listing accepts (its filters, plus ?article= from the
# Ratings report). Anything else is dropped rather than passed to the ORM as a lookup.
ALLOWED_PARAMS = {
    "article",
    "status__exact",
    "stars__exact",
    "created_at__gte",
    "created_at__lt",
    "created_at__isnull",
    "topic",
}


class FeedbackIndexView(IndexView):
    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        return {key: value for key, value in lookup_params.items() if key in ALLOWED_PARAMS}

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            value = neutralise_formula(value)
        return value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        helper = self.permission_helper
        context["kb_can_change_status"] = helper.user_can_change_status(self.request.user)
        context["kb_set_status_url"] = reverse(self.model_admin.set_status_url_name)
        context["kb_statuses"] = FeedbackComment.Status
        return context


class FeedbackAdmin(Forbidden403Mixin, ModelAdmin):
    model = FeedbackComment
    menu_label = _("Feedback")
    menu_icon = "comment"
    menu_order = 200
    index_view_class = FeedbackIndexView
    index_template_name = "wagtail_kb/admin/feedback_index.html"
    permission_helper_class = FeedbackPermissionHelper
    inspect_view_enabled = True
    inspect_view_fields = ["article", "stars", "comment", "status", "created_at", "revision"]
    list_display = ("select", "excerpt", "article_link", "stars", "created_at", "status_label")
    list_filter = ("status", "stars", "created_at", TopicFilter)
    search_fields = ("comment", "article__title")
    list_export = (
        "created_at",
        "status_label",
        "stars",
        "article_title",
        "article_url",
        "comment",
    )
    export_filename = "kb-feedback"
    list_per_page = 50
    panels = [FieldPanel("status")]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    @property
    def set_status_url_name(self):
        return self.url_helper.get_action_url_name("set_status")

    # Columns -----------------------------------------------------------------------------

    def select(self, obj):
        return format_html(
            '<input type="checkbox" name="ids" value="{}" form="kb-feedback-bulk" aria-label="{}">',
            obj.pk,
            _("Select this comment"),
        )

    select.short_description = _("Select")

    def excerpt(self, obj):
        return Truncator(" ".join(obj.comment.split())).chars(160)

    excerpt.short_description = _("comment")

    def article_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("wagtailadmin_pages:edit", args=[obj.article_id]),
            obj.article.title,
        )

    article_link.short_description = _("article")
    article_link.admin_order_field = "article__title"

    def status_label(self, obj):
        return obj.get_status_display()

    status_label.short_description = _("status")
    status_label.admin_order_field = "status"

    def article_title(self, obj):
        return obj.article.title

    article_title.short_description = _("article")

    def article_url(self, obj):
        return obj.article.full_url or ""

    article_url.short_description = _("article URL")

    # Bulk status -------------------------------------------------------------------------

    def get_admin_urls_for_registration(self):
        return super().get_admin_urls_for_registration() + (
            re_path(
                self.url_helper._get_action_url_pattern("set_status"),
                forbidden_as_403(self.set_status_view),
                name=self.set_status_url_name,
            ),
        )

    def set_status_view(self, request):
        return login_required(self._set_status)(request)

    def _set_status(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.permission_helper.user_can_change_status(request.user):
            raise PermissionDenied
        status = request.POST.get("status", FeedbackComment.Status.RESOLVED)
        if status not in FeedbackComment.Status.values:
            status = FeedbackComment.Status.RESOLVED
        ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
        changed = FeedbackComment.objects.filter(pk__in=ids).update(status=status)
        label = FeedbackComment.Status(status).label
        if changed:
            messages.success(
                request,
                ngettext(
                    "%(count)s comment marked “%(status)s”.",
                    "%(count)s comments marked “%(status)s”.",
                    changed,
                )
                % {"count": changed, "status": label},
            )
        else:
            messages.warning(request, _("Select at least one comment first."))
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = self.url_helper.index_url
        return HttpResponseRedirect(next_url)
