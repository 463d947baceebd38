"""The weekly digest: each article owner's new feedback and attention items, by e-mail.

``send_digests(day)`` (``manage.py kb_send_digest``) looks at every user who owns a live article
(Wagtail's ``owner``). Since their last digest (else since the start of the period before), it
collects the new feedback on their articles (not spam) and the articles that newly need
attention (``attention``: new votes while low helpfulness is a reason, or the age threshold
crossed in that time). Nothing new: no e-mail. Otherwise one e-mail through Django's e-mail
backend, in the owner's admin language, recorded as a ``DigestDelivery`` for the period (the
week of ``day``, from Monday): a second run in the same period sends nothing. The delivery row
is written in the same transaction as the sending, so a failed send can be retried.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import ngettext

from ..conf import kb_settings
from ..models import DigestDelivery, FeedbackComment, KBArticlePage, RatingVote
from .attention import attention_rows, describe
from .trends import week_start


@dataclass
class Digest:
    user: object
    since: datetime.datetime
    feedback: list = field(default_factory=list)
    attention: list = field(default_factory=list)

    @property
    def items(self):
        return len(self.feedback) + len(self.attention)


def admin_url(path):
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or ""
    return base.rstrip("/") + path


def newly_needing_attention(rows, since, now):
    """The rows whose need for attention arose after ``since``."""
    ids = [row.article_id for row in rows]
    voted = set(
        RatingVote.objects.filter(article_id__in=ids, updated_at__gt=since)
        .order_by()
        .values_list("article_id", flat=True)
        .annotate(n=Count("pk"))
        .values_list("article_id", flat=True)
    )
    commented = set(
        FeedbackComment.objects.filter(article_id__in=ids, created_at__gt=since)
        .values_list("article_id", flat=True)
        .distinct()
    )
    stale = kb_settings.ATTENTION_STALE_DAYS
    fresh = []
    for row in rows:
        became_stale = (
            row.age_points
            and stale is not None
            and row.last_published_at + datetime.timedelta(days=stale) > since
        )
        if (
            (row.helpfulness_points and row.article_id in voted)
            or (row.feedback_points and row.article_id in commented)
            or became_stale
        ):
            fresh.append(row)
    return fresh


def collect(day=None):
    """``[Digest]`` for the period of ``day``: one per owner with something new."""
    day = day or timezone.localdate()
    period = week_start(day)
    now = timezone.now()
    default_since = timezone.make_aware(
        datetime.datetime.combine(period - datetime.timedelta(days=7), datetime.time())
    )
    articles = KBArticlePage.objects.live().filter(owner__isnull=False)
    rows_by_owner = {}
    for row in attention_rows(articles):
        rows_by_owner.setdefault(row.owner_id, []).append(row)
    owner_ids = set(articles.values_list("owner_id", flat=True))
    already = set(
        DigestDelivery.objects.filter(period_start=period).values_list("user_id", flat=True)
    )
    last_sent = dict(
        DigestDelivery.objects.filter(user_id__in=owner_ids)
        .order_by()
        .values_list("user_id")
        .annotate(last=Max("sent_at"))
    )
    digests = []
    for user in get_user_model().objects.filter(pk__in=owner_ids - already, is_active=True):
        since = last_sent.get(user.pk) or default_since
        feedback = list(
            FeedbackComment.objects.filter(article__owner=user, created_at__gt=since)
            .exclude(status=FeedbackComment.Status.SPAM)
            .select_related("article")
            .order_by("article__title", "-created_at")
        )
        attention = describe(newly_needing_attention(rows_by_owner.get(user.pk, []), since, now))
        digest = Digest(user=user, since=since, feedback=feedback, attention=attention)
        if digest.items:
            digests.append(digest)
    return period, digests


def render(digest):
    """``(subject, body)`` of the digest, in the owner's admin language."""
    profile = getattr(digest.user, "wagtail_userprofile", None)
    language = profile.get_preferred_language() if profile else settings.LANGUAGE_CODE
    with translation.override(language):
        subject = ngettext(
            "Knowledge base: %(count)s new item on your articles",
            "Knowledge base: %(count)s new items on your articles",
            digest.items,
        ) % {"count": number_format(digest.items, force_grouping=True)}
        for comment in digest.feedback:
            comment.edit_url = admin_url(
                reverse("wagtailadmin_pages:edit", args=[comment.article_id])
            )
        for row in digest.attention:
            row.edit_url = admin_url(reverse("wagtailadmin_pages:edit", args=[row.article_id]))
        body = render_to_string("wagtail_kb/digest/digest.txt", {"digest": digest})
    return subject, body


def send_digests(day=None, dry_run=False):
    """Send the period's digests; ``[(user, items)]`` of those sent (or due, with ``dry_run``)."""
    period, digests = collect(day)
    sent = []
    for digest in digests:
        if not digest.user.email:
            continue
        if dry_run:
            sent.append((digest.user, digest.items))
            continue
        subject, body = render(digest)
        try:
            with transaction.atomic():
                DigestDelivery.objects.create(
                    user=digest.user, period_start=period, items=digest.items
                )
                EmailMessage(
                    subject,
                    body,
                    kb_settings.DIGEST_FROM_EMAIL or settings.DEFAULT_FROM_EMAIL,
                    [digest.user.email],
                ).send()
        except IntegrityError:
            continue  # another run sent this period's digest meanwhile
        sent.append((digest.user, digest.items))
    return period, sent
