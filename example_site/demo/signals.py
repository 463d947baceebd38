"""Readers' signals for the demo (issue 15): votes, comments naming sections, daily views.

Written for the demo, idempotent: votes are keyed by a made-up visitor per article and place,
comments by their text, views by day, so a second ``load_kb_demo`` changes nothing. One article
("Work offline") collects enough unhelpful votes and unresolved comments to top Knowledge base ›
Needs attention; "Improve GPS accuracy" asks "Yes / No" (a thumbs rating widget).
"""

import datetime

from django.utils import timezone

from wagtail_kb import ratings
from wagtail_kb.models import ArticleViewDay, FeedbackComment, RatingVote, RatingWidget
from wagtail_kb.ratings.counters import rebuild_summary

THUMBS_WIDGET = "Yes or no"
THUMBS_ARTICLES = ("improve-gps-accuracy",)
WEEKS = 10

# slug: (votes per week, oldest week first, as star lists; views per day on weekdays)
VOTES = {
    "getting-started-guide": ([5, 4], [5, 5, 4], [4, 5], [5, 3, 5], [5, 4, 5, 5]),
    "install-the-app": ([4, 2], [5, 3], [4, 4, 5], [2, 5]),
    "work-offline": ([2, 1], [1, 3, 2], [1, 1, 2, 4], [2, 1, 1], [1, 2, 5, 1]),
    "improve-gps-accuracy": ([5, 1], [5, 5], [5, 1, 5], [5, 5, 5]),
    "invite-your-team": ([5], [4, 5], [5, 5]),
    "plans-and-billing": ([3, 4], [2, 4], [4, 3]),
}
VIEWS_PER_DAY = {
    "getting-started-guide": 46,
    "install-the-app": 31,
    "work-offline": 58,
    "improve-gps-accuracy": 17,
    "invite-your-team": 12,
    "plans-and-billing": 9,
    "export-your-data": 6,
}
# slug: [(stars, section heading id or "", text)]
COMMENTS = {
    "work-offline": [
        (1, "what-works-offline", "Photos taken offline never showed up after I reconnected."),
        (2, "what-works-offline", "Does this cover the new map layers? They vanish offline."),
        (1, "reading-the-sync-badge", "The badge colours in the pictures differ from the app."),
        (2, "", "I could not find how long offline edits are kept on the phone."),
    ],
    "install-the-app": [
        (2, "permissions-the-app-asks-for", "Why does the app need my contacts?"),
        (4, "", "Clear steps, the QR code saved me typing."),
    ],
    "improve-gps-accuracy": [
        (1, "", "My tablet has no 'high accuracy' setting at all."),
    ],
    "getting-started-guide": [(5, "", "The video made it click, thank you.")],
}


def ensure_thumbs_widget():
    widget = RatingWidget.objects.filter(name=THUMBS_WIDGET).order_by("pk").first()
    widget = widget or RatingWidget(name=THUMBS_WIDGET)
    widget.style = RatingWidget.Style.THUMBS
    widget.ask_for_comment = RatingWidget.CommentPolicy.LOW_RATINGS  # after "No"
    widget.save()
    return widget


def moment(today, weeks_ago, day):
    date = today - datetime.timedelta(weeks=weeks_ago, days=day)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(10, 30)))


def load(pages):
    """Votes, comments and views on the demo's articles (``pages``: slug → page)."""
    today = timezone.localdate()
    touched = []
    for slug, weeks in VOTES.items():
        article = pages[slug]
        for position, stars_list in enumerate(weeks):
            weeks_ago = len(weeks) - 1 - position
            for n, stars in enumerate(stars_list):
                when = moment(today, weeks_ago, n % 5)
                RatingVote.objects.update_or_create(
                    article=article,
                    visitor_hash=ratings.visitor_hash(f"demo:{slug}:{position}:{n}"),
                    defaults={
                        "stars": stars,
                        "revision_id": article.live_revision_id,
                        "created_at": when,
                        "updated_at": when,
                    },
                )
        touched.append(article)
    for slug, comments in COMMENTS.items():
        article = pages[slug]
        for index, (stars, section, text) in enumerate(comments):
            FeedbackComment.objects.get_or_create(
                article=article,
                comment=text,
                defaults={
                    "stars": stars,
                    "section": section,
                    "revision_id": article.live_revision_id,
                    "created_at": moment(today, 0, index + 1),
                },
            )
    for slug, per_day in VIEWS_PER_DAY.items():
        article = pages[slug]
        for day in range(WEEKS * 7):
            date = today - datetime.timedelta(days=day)
            views = per_day + (day * 7) % 11 - 5 if date.weekday() < 5 else per_day // 3
            ArticleViewDay.objects.update_or_create(
                article=article, day=date, defaults={"views": max(views, 0)}
            )
        touched.append(article)
    for article in touched:
        rebuild_summary(article.pk)
        ratings.votes_changed(article.pk)
