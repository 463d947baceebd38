"""Feedback made a Wagtail page comment (Knowledge base › Feedback, "Add as page comment").

The comment is Wagtail's own (``wagtail.models.Comment``), by the editor who clicks, so it shows in
the page editor's comments side panel like any other: anchored to the block of the section the
reader chose (``sections.content_path``), else to the title. It quotes the reader's words and
rating. Wagtail logs it ("wagtail.comments.create") and e-mails the page's comment subscribers
the way its edit view does for a new comment (``wagtail.admin.mail.send_notification``,
"updated_comments", never the editor who added it). The feedback then links to the comment; a
second click gives back the same comment.
"""

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.admin.mail import send_notification
from wagtail.models import Comment, PageSubscription

from ..models import FeedbackComment, KBSettings
from ..ratings.widgets import get_widget, is_thumbs
from .sections import content_path, section_title

PAGE_PATH = "title"  # where a comment about the whole article is anchored


def rating_words(feedback, thumbs):
    if thumbs:
        return _("found it helpful") if feedback.stars >= 4 else _("did not find it helpful")
    return _("%(stars)s out of 5 stars") % {"stars": feedback.stars}


def comment_text(feedback, thumbs=False, section=""):
    """The page comment's text: who said what, when, about which part, with which rating."""
    values = {
        "rating": rating_words(feedback, thumbs),
        "day": date_format(feedback.created_at, "DATE_FORMAT"),
        "section": section,
        "comment": feedback.comment,
    }
    if section:
        return (
            _("A reader (%(rating)s) wrote on %(day)s about “%(section)s”: “%(comment)s”") % values
        )
    return _("A reader (%(rating)s) wrote on %(day)s: “%(comment)s”") % values


def add_page_comment(feedback_id, user, request=None):
    """``(feedback, comment, created)``: the Wagtail comment made of feedback ``feedback_id``."""
    with transaction.atomic():
        # Locked alone (PostgreSQL refuses FOR UPDATE across the nullable page comment join).
        feedback = FeedbackComment.objects.select_for_update().get(pk=feedback_id)
        if feedback.page_comment_id is not None and feedback.page_comment is not None:
            return feedback, feedback.page_comment, False
        article = feedback.article
        site = article.get_site()
        widget = get_widget(article, KBSettings.for_site(site) if site else None)
        path = content_path(article, feedback.section, request) or PAGE_PATH
        title = section_title(article, feedback.section, request)
        revision = article.get_latest_revision()
        comment = Comment.objects.create(
            page=article,
            user=user,
            text=comment_text(feedback, is_thumbs(widget), title),
            contentpath=path,
            revision_created=revision,
        )
        comment.log_create(page_revision=revision, user=user)
        feedback.page_comment = comment
        feedback.save(update_fields=["page_comment"])
        transaction.on_commit(lambda: notify_subscribers(article, comment, user))
    return feedback, comment, True


def notify_subscribers(page, comment, editor):
    """What Wagtail's page editor sends for a new comment: its subscribers, not the editor."""
    subscribers = [
        subscription.user
        for subscription in PageSubscription.objects.filter(
            page=page, comment_notifications=True
        ).select_related("user")
        if subscription.user != editor
    ]
    send_notification(
        subscribers,
        "updated_comments",
        {
            "page": page,
            "editor": editor,
            "new_comments": [comment],
            "resolved_comments": [],
            "deleted_comments": [],
            "replied_comments": [],
        },
    )
