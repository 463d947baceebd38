"""Admin wiring only: menus, snippet viewsets, panels, hooks. Nothing imports this module."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet
from wagtail_modeladmin.options import modeladmin_register

from .admin import KnowledgeBaseAdminGroup
from .admin.rating_widgets import rating_widget_edit_handler
from .models import KBSynonym, RatingWidget
from .models.pages_slugs import route_slug_error, shadowed

# The "Knowledge base" menu: Ratings, Feedback and the other reports (wagtail-modeladmin).
modeladmin_register(KnowledgeBaseAdminGroup)


class RatingWidgetViewSet(SnippetViewSet):
    """Snippets › Rating widgets: the wording of the rating card under articles."""

    model = RatingWidget
    icon = "pick"
    menu_label = _("Rating widgets")
    # "Ask for a comment" may be left to the style: after "No" for Yes / No, always for stars.
    edit_handler = rating_widget_edit_handler()
    list_display = [
        "name",
        Column("get_question", label=_("Question")),
        Column("get_feedback_prompt", label=_("Feedback prompt")),
        Column("get_ask_for_comment_display", label=_("Ask for a comment")),
    ]
    ordering = ["name"]


register_snippet(RatingWidgetViewSet)


class SynonymCreateView(CreateView):
    """Adding a synonym may start from a search (``?terms=``, the Searches report's link)."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        terms = " ".join(self.request.GET.get("terms", "").split())[:400]
        if terms:
            instance.terms = f"{terms}, "
        return instance


class KBSynonymViewSet(SnippetViewSet):
    """Snippets › Search synonyms: words readers use that mean what the articles say."""

    model = KBSynonym
    icon = "search"
    menu_label = _("Search synonyms")
    add_view_class = SynonymCreateView
    list_display = ["terms"]
    ordering = ["terms"]


register_snippet(KBSynonymViewSet)


@hooks.register("before_move_page")
def refuse_a_move_under_a_route(request, page, destination):
    """A page moved where its parent's routes answer its address (a slug ``search`` or ``tags``
    under a KB home) could never be reached: refused, as Wagtail refuses a slug in use."""
    if shadowed(page.slug, destination):
        messages.error(request, route_slug_error(page.slug))
        return redirect("wagtailadmin_pages:move", page.id)
    return None
