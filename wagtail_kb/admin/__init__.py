"""The "Knowledge base" area of the Wagtail admin (wagtail-modeladmin).

Each report lives in its own module; ``KnowledgeBaseAdminGroup.items`` lists them.
"""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdminGroup

from .feedback import FeedbackAdmin
from .ratings import RatingsAdmin
from .search import SearchLogAdmin


class KnowledgeBaseAdminGroup(ModelAdminGroup):
    menu_label = _("Knowledge base")
    menu_icon = "help"
    menu_order = 250
    items = [RatingsAdmin, FeedbackAdmin, SearchLogAdmin]
