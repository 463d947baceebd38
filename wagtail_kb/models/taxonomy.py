"""Tags on articles (``KBArticlePage.tags``), in taggit's shared ``Tag`` model."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase


class KBArticleTag(TaggedItemBase):
    """The link between an article and one of its tags."""

    content_object = ParentalKey(
        "wagtail_kb.KBArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")
