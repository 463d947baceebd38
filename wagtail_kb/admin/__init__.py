"""The "Knowledge base" area of the Wagtail admin: the reports (wagtail-modeladmin).

Every report is built the same way (``reports``): a ``ReportAdmin`` registering a
``ReportIndexView``, behind one permission (``permissions``), exporting through one formula-safe
path (``exports``). ``KnowledgeBaseAdminGroup.items`` lists them; ``wagtail_hooks`` registers it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdminGroup

from .attention import AttentionAdmin
from .feedback import FeedbackAdmin
from .imports import ImportAdmin
from .ratings import RatingsAdmin
from .search import SearchLogAdmin


class KnowledgeBaseAdminGroup(ModelAdminGroup):
    menu_label = _("Knowledge base")
    menu_icon = "help"
    menu_order = 250
    items = [AttentionAdmin, RatingsAdmin, FeedbackAdmin, SearchLogAdmin, ImportAdmin]
