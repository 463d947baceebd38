"""The rating widget's editor form: "Ask for a comment" may be left to the style's default.

A new widget starts with "Default": after "No" for a Yes / No widget (the "3 stars or fewer"
policy, as "No" posts 1 star), always for stars. Saved, the widget holds the policy itself.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList

from ..models import RatingWidget

STYLE_DEFAULT = ""


def default_policy(style):
    if style == RatingWidget.Style.THUMBS:
        return RatingWidget.CommentPolicy.LOW_RATINGS
    return RatingWidget.CommentPolicy.ALWAYS


class RatingWidgetForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("ask_for_comment")
        if field is None:
            return
        field.choices = [
            (STYLE_DEFAULT, _("Default: after “No” for Yes / No, always for stars")),
            *RatingWidget.CommentPolicy.choices,
        ]
        field.required = False
        if not self.instance.pk:
            self.initial["ask_for_comment"] = STYLE_DEFAULT

    def clean_ask_for_comment(self):
        policy = self.cleaned_data.get("ask_for_comment")
        return policy or default_policy(self.cleaned_data.get("style"))


def rating_widget_edit_handler():
    return ObjectList(RatingWidget.panels, base_form_class=RatingWidgetForm)
