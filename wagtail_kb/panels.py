"""Edit-view panels. ``RatingSummaryPanel`` shows an article's rating on its edit view.

A plain ``Panel`` subclass (no side-panel API), so it behaves the same on Wagtail 7.0 and 8.0.
"""

import contextlib

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class RatingSummaryPanel(Panel):
    """Read-only: the article's rating all time and since its last published change."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Readers' rating"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "rating_summary"

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_kb/admin/rating_summary_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk) and super().is_shown()

        def get_context_data(self, parent_context=None):
            from wagtail_modeladmin.helpers import PermissionHelper

            from .models import FeedbackComment, RatingVote
            from .ratings import summarise_all_time_and_live

            context = super().get_context_data(parent_context)
            page = self.instance
            all_time, since = summarise_all_time_and_live(page)
            user = getattr(self.request, "user", None)
            links = {}
            for key, model, url_name, query in (
                ("ratings", RatingVote, "wagtail_kb_ratingvote_modeladmin_index", ""),
                (
                    "feedback",
                    FeedbackComment,
                    "wagtail_kb_feedbackcomment_modeladmin_index",
                    f"?article={page.pk}",
                ),
            ):
                if user is not None and PermissionHelper(model).user_can_list(user):
                    with contextlib.suppress(NoReverseMatch):
                        links[key] = reverse(url_name) + query
            context.update(
                {
                    "page": page,
                    "all_time": all_time,
                    "since": since,
                    "live_revision": page.live_revision if page.live_revision_id else None,
                    "links": links,
                }
            )
            return context
