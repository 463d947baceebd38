"""Readers' votes and comments on articles.

Counts come from the rows themselves: one ``RatingVote`` per (article, visitor), written with an
atomic upsert (``INSERT … ON CONFLICT DO UPDATE``), never read-modify-write. Every vote and comment
remembers the page revision that was live when it was cast, so reports can compare "all time" with
"since the last published change".

No raw IP address, user agent or cookie value is stored: ``visitor_hash`` and ``ip_hash`` are keyed
hashes (HMAC, key derived from ``SECRET_KEY``), and ``kb_prune_votes`` blanks them after
``WAGTAILKB_RATING_HASH_RETENTION_DAYS``.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rating_summary import aggregate_expressions, summary_from_values

STAR_CHOICES = [(n, str(n)) for n in range(1, 6)]


class RatingVoteQuerySet(models.QuerySet):
    def summary(self):
        """These votes' ``RatingSummary``, in one aggregate query."""
        return summary_from_values(self.aggregate(**aggregate_expressions()))

    def summaries_all_time_and_live(self, live_revision_id):
        """``(all these votes, those cast while revision live_revision_id was live)``, one query."""
        since = models.Q(revision_id=live_revision_id) if live_revision_id else models.Q(pk__in=[])
        values = self.aggregate(
            **aggregate_expressions(),
            **{f"live_{k}": v for k, v in aggregate_expressions(condition=since).items()},
        )
        return summary_from_values(values), summary_from_values(values, key=lambda n: f"live_{n}")


class RatingVote(models.Model):
    # Votes link nothing an editor would look up in "usage" listings.
    wagtail_reference_index_ignore = True

    article = models.ForeignKey(
        "wagtail_kb.KBArticlePage",
        on_delete=models.CASCADE,
        related_name="rating_votes",
        verbose_name=_("article"),
    )
    # HMAC of the visitor's random cookie id; NULL once pruned (the vote then stays anonymous).
    visitor_hash = models.CharField(_("visitor hash"), max_length=64, null=True, blank=True)
    # HMAC of the IP address the vote came from; NULL once pruned.
    ip_hash = models.CharField(_("IP hash"), max_length=64, null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("stars"), choices=STAR_CHOICES)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revision"),
        help_text=_("The revision of the article that was live when the vote was cast."),
    )
    created_at = models.DateTimeField(_("first voted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("voted at"), default=timezone.now, db_index=True)

    objects = RatingVoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "visitor_hash"], name="wagtail_kb_one_vote_per_visitor"
            ),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="wagtail_kb_vote_stars_1_5"
            ),
        ]
        indexes = [
            models.Index(fields=["article", "revision"], name="wagtail_kb_vote_art_rev"),
            # New visitors per hashed IP and article (WAGTAILKB_RATING_NEW_VISITORS_PER_IP).
            models.Index(fields=["ip_hash", "article", "created_at"], name="wagtail_kb_vote_ip"),
        ]

    def __str__(self):
        return f"{self.stars}★ on {self.article_id}"


class FeedbackComment(models.Model):
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        NEW = "new", _("New")
        RESOLVED = "resolved", _("Resolved")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        "wagtail_kb.KBArticlePage",
        on_delete=models.CASCADE,
        related_name="feedback_comments",
        verbose_name=_("article"),
    )
    stars = models.PositiveSmallIntegerField(_("stars"), choices=STAR_CHOICES)
    # Plain text as the reader typed it; always escaped when shown.
    comment = models.TextField(_("comment"))
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revision"),
        help_text=_("The revision of the article that was live when the comment was sent."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    # A heading id of the article's table of contents, as the reader chose it ("Which part?").
    section = models.CharField(_("section"), max_length=255, blank=True, default="")
    # The Wagtail page comment an editor made of this feedback ("Add as page comment").
    page_comment = models.ForeignKey(
        "wagtailcore.Comment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("page comment"),
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5),
                name="wagtail_kb_feedback_stars_1_5",
            ),
        ]

    def __str__(self):
        text = " ".join(self.comment.split())
        return text if len(text) <= 60 else text[:59] + "…"
