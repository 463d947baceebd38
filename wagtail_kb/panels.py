"""Edit-view panels. ``RatingSummaryPanel`` shows an article's rating on its edit view.

A plain ``Panel`` subclass (no side-panel API), so it behaves the same on Wagtail 7.0 and 8.0.
It imports nothing of the package: the page computes its summaries, Django's permissions say
which reports to link (each report needs "view" on its model).
"""

import contextlib

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

REPORT_LINKS = (
    # (key, permission, URL name, query string (``{pk}``: the article's id))
    ("ratings", "wagtail_kb.view_ratingvote", "wagtail_kb_ratingvote_modeladmin_index", ""),
    (
        "feedback",
        "wagtail_kb.view_feedbackcomment",
        "wagtail_kb_feedbackcomment_modeladmin_index",
        "?article={pk}",
    ),
)


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
            context = super().get_context_data(parent_context)
            page = self.instance
            all_time, since = page.get_rating_summaries()
            user = getattr(self.request, "user", None)
            links = {}
            for key, permission, url_name, query in REPORT_LINKS:
                if user is not None and user.has_perm(permission):
                    with contextlib.suppress(NoReverseMatch):
                        links[key] = reverse(url_name) + query.format(pk=page.pk)
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
