"""Editors' synonyms for KB search: words readers use that mean what the articles say."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

MAX_TERMS = 20


def split_terms(text):
    """``"sign in, log in ,login"`` → ``["sign in", "log in", "login"]``.

    Lower case, single spaces, no repeats."""
    terms = []
    for part in (text or "").split(","):
        term = re.sub(r"\s+", " ", part).strip().lower()
        if term and term not in terms:
            terms.append(term)
    return terms


class KBSynonym(TranslatableMixin, models.Model):
    """A group of words that mean the same to readers, e.g. "sign in, log in, login".

    A query holding one of them also finds articles with the others (``wagtail_kb.search``):
    the reader's locale's version of a group is used, else the default locale's.
    """

    wagtail_reference_index_ignore = True

    terms = models.CharField(
        _("terms"),
        max_length=500,
        help_text=_("Comma-separated words or phrases that mean the same, e.g. “sign in, log in”."),
    )

    panels = [FieldPanel("terms")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["terms"]

    def __str__(self):
        return ", ".join(self.get_terms())

    def get_terms(self):
        return split_terms(self.terms)

    def clean(self):
        super().clean()
        terms = self.get_terms()
        if len(terms) < 2:
            raise ValidationError(
                {"terms": _("Give at least two words or phrases, comma-separated.")}
            )
        if len(terms) > MAX_TERMS:
            raise ValidationError(
                {"terms": _("Give at most %(limit)s terms.") % {"limit": MAX_TERMS}}
            )
