"""Admin wiring only: menus, snippet viewsets, panels. Nothing imports this module."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import modeladmin_register

from .admin import KnowledgeBaseAdminGroup
from .models import RatingWidget

# The "Knowledge base" menu: Ratings, Feedback and the other reports (wagtail-modeladmin).
modeladmin_register(KnowledgeBaseAdminGroup)


class RatingWidgetViewSet(SnippetViewSet):
    """Snippets › Rating widgets: the wording of the rating card under articles."""

    model = RatingWidget
    icon = "pick"
    menu_label = _("Rating widgets")
    list_display = [
        "name",
        Column("get_question", label=_("Question")),
        Column("get_feedback_prompt", label=_("Feedback prompt")),
        Column("get_ask_for_comment_display", label=_("Ask for a comment")),
    ]
    ordering = ["name"]


register_snippet(RatingWidgetViewSet)
