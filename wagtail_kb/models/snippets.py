from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import TranslatableMixin
from wagtail.search import index

DEFAULT_QUESTION = _("Was this article helpful?")
DEFAULT_FEEDBACK_PROMPT = _("How can we improve this article?")
DEFAULT_THANK_YOU = _("Thank you for your feedback.")


class RatingWidget(TranslatableMixin, index.Indexed, models.Model):
    """The wording of the rating block under an article, chosen per site or per article."""

    class Style(models.TextChoices):
        STARS = "stars", _("Stars (1 to 5)")
        THUMBS = "thumbs", _("Yes / No")

    class CommentPolicy(models.TextChoices):
        ALWAYS = "always", _("Always")
        LOW_RATINGS = "low", _("Only for ratings of 3 stars or fewer")
        NEVER = "never", _("Never")

    name = models.CharField(
        _("name"), max_length=100, help_text=_("For editors only, e.g. 'Default' or 'Tutorials'.")
    )
    style = models.CharField(
        _("style"),
        max_length=10,
        choices=Style.choices,
        default=Style.STARS,
        help_text=_("“Yes / No” posts 5 stars for Yes and 1 star for No."),
    )
    question = models.CharField(
        _("question"),
        max_length=200,
        default="",
        blank=True,
        help_text=_("Leave blank for “Was this article helpful?”"),
    )
    feedback_prompt = models.CharField(
        _("feedback prompt"),
        max_length=200,
        blank=True,
        help_text=_("Leave blank for “How can we improve this article?”"),
    )
    thank_you = models.CharField(
        _("thank-you text"),
        max_length=300,
        blank=True,
        help_text=_("Leave blank for “Thank you for your feedback.”"),
    )
    ask_for_comment = models.CharField(
        _("ask for a comment"),
        max_length=10,
        choices=CommentPolicy.choices,
        default=CommentPolicy.ALWAYS,
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("style"),
        FieldPanel("question"),
        FieldPanel("feedback_prompt"),
        FieldPanel("thank_you"),
        FieldPanel("ask_for_comment"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("rating widget")
        verbose_name_plural = _("rating widgets")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @staticmethod
    def _active_content_language():
        """The content language being served (``None`` without ``WAGTAIL_I18N_ENABLED``)."""
        if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return None
        try:
            return get_supported_content_language_variant(translation.get_language())
        except LookupError:
            return None

    @classmethod
    def for_active_language(cls, pk):
        """The widget ``pk`` in the active language's locale, else the widget itself, in one query.

        As Wagtail's ``localized``: its translation (same ``translation_key``) in the locale of
        the language being served, when there is one; ``None`` when ``pk`` does not exist.
        """
        widgets = cls.objects.filter(pk=pk)
        language = cls._active_content_language()
        if language is not None:
            same_key = cls.objects.filter(pk=pk).values("translation_key")
            widgets = cls.objects.filter(translation_key__in=same_key).filter(
                Q(pk=pk) | Q(locale__language_code=language)
            )
        chosen = None
        for widget in widgets:
            if chosen is None or widget.pk != pk:
                chosen = widget
        return chosen

    def get_question(self):
        return self.question or DEFAULT_QUESTION

    def get_feedback_prompt(self):
        return self.feedback_prompt or DEFAULT_FEEDBACK_PROMPT

    def get_thank_you(self):
        return self.thank_you or DEFAULT_THANK_YOU
