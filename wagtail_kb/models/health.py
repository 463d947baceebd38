"""What readers' signals add up to per article: summaries, daily views, digests sent.

``ArticleRatingSummary`` is updated inside the vote's transaction (an atomic ``UPDATE … SET
stars_N = stars_N ± 1``), so an article with 100,000 votes renders its rating card from one row;
``kb_rebuild_summaries`` recomputes every summary from the raw votes. ``ArticleViewDay`` holds a
daily total per article (no per-visit row).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleRatingSummary(models.Model):
    wagtail_reference_index_ignore = True

    article = models.OneToOneField(
        "wagtail_kb.KBArticlePage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="rating_summary",
        verbose_name=_("article"),
    )
    stars_1 = models.PositiveIntegerField(default=0)
    stars_2 = models.PositiveIntegerField(default=0)
    stars_3 = models.PositiveIntegerField(default=0)
    stars_4 = models.PositiveIntegerField(default=0)
    stars_5 = models.PositiveIntegerField(default=0)
    views = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("rating summary")
        verbose_name_plural = _("rating summaries")

    def __str__(self):
        return f"summary of {self.article_id}"

    @property
    def distribution(self):
        return {str(n): getattr(self, f"stars_{n}") for n in range(1, 6)}


class ArticleViewDay(models.Model):
    wagtail_reference_index_ignore = True

    article = models.ForeignKey(
        "wagtail_kb.KBArticlePage",
        on_delete=models.CASCADE,
        related_name="view_days",
        verbose_name=_("article"),
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("article views per day")
        verbose_name_plural = _("article views per day")
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="wagtail_kb_one_view_row_a_day")
        ]
        indexes = [models.Index(fields=["day"], name="wagtail_kb_viewday_day")]

    def __str__(self):
        return f"{self.views} views of {self.article_id} on {self.day}"


class DigestDelivery(models.Model):
    """One digest e-mail per owner per period: sending twice for a period sends nothing."""

    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    period_start = models.DateField(_("period start"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    items = models.PositiveIntegerField(_("items"), default=0)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period_start"], name="wagtail_kb_one_digest_per_period"
            )
        ]

    def __str__(self):
        return f"digest for {self.user_id} from {self.period_start}"
