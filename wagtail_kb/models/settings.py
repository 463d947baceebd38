from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from ..blocks import NavigationBlock


@register_setting(icon="help")
class KBSettings(BaseSiteSetting):
    """Site-wide knowledge base settings: the header navigation and the default rating widget."""

    navigation = StreamField(
        NavigationBlock(),
        blank=True,
        verbose_name=_("navigation"),
        help_text=_(
            "Links shown in the header of every KB page, e.g. Documentation, Demos, Support."
        ),
    )
    default_rating_widget = models.ForeignKey(
        "wagtail_kb.RatingWidget",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("default rating widget"),
        help_text=_("The wording of the rating block on articles that do not pick their own."),
    )

    panels = [FieldPanel("navigation"), FieldPanel("default_rating_widget")]

    class Meta:
        verbose_name = _("knowledge base")
