"""What ``kb_import`` made of each source item: running it again updates, never duplicates."""

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _


def key_digest(key):
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class ImportedItem(models.Model):
    """One source item (a WordPress post or term, a file, an uploaded image) and what it became.

    ``key`` is the WordPress GUID (``wp:…``), the term (``term:…``), the file's path relative to
    the folder imported (``file:…``), or the upload's path (``upload:…``); it is unique per KB home
    (through ``key_hash``, as keys may be longer than an index allows).
    """

    KIND_TOPIC = "topic"
    KIND_ARTICLE = "article"
    KIND_IMAGE = "image"
    KIND_DOCUMENT = "document"
    KIND_CHOICES = [
        (KIND_TOPIC, _("topic")),
        (KIND_ARTICLE, _("article")),
        (KIND_IMAGE, _("image")),
        (KIND_DOCUMENT, _("document")),
    ]

    kb_home = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("KB home")
    )
    key = models.CharField(_("source key"), max_length=255)
    key_hash = models.CharField(max_length=64, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=KIND_CHOICES)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("page"),
    )
    object_id = models.PositiveIntegerField(_("image or document id"), null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    source = models.CharField(_("old address or file"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("last imported"), auto_now=True)

    class Meta:
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")
        constraints = [
            models.UniqueConstraint(fields=["kb_home", "key_hash"], name="wagtail_kb_import_key")
        ]

    def __str__(self):
        return self.key

    def save(self, *args, **kwargs):
        self.key_hash = key_digest(self.key)
        self.key = self.key[:255]
        super().save(*args, **kwargs)
