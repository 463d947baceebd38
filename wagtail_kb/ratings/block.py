"""What the article's template gets for the rating block (``wagtail_kb/includes/rating.html``)."""

from dataclasses import dataclass

from ..conf import kb_settings
from ..models.rating_summary import STAR_LEVELS, RatingSummary
from ..models.snippets import RatingWidget
from .summaries import cached_summary
from .widgets import accepts_comments, helpful_label, is_thumbs, wants_comment, widget_for_request


@dataclass
class RatingBlock:
    """Everything the rating block needs; the same for every visitor."""

    article: object
    widget: RatingWidget
    summary: RatingSummary
    action_url: str
    comment_max_length: int
    # From the query string after a no-JS vote (``?rated=N``); per-URL, not per-visitor.
    rated: int | None = None
    commented: bool = False

    @property
    def question(self):
        return self.widget.get_question()

    @property
    def feedback_prompt(self):
        return self.widget.get_feedback_prompt()

    @property
    def thank_you(self):
        return self.widget.get_thank_you()

    @property
    def comment_policy(self):
        return self.widget.ask_for_comment

    @property
    def accepts_comments(self):
        return accepts_comments(self.widget)

    @property
    def show_feedback(self):
        return (
            self.rated is not None and not self.commented and wants_comment(self.widget, self.rated)
        )

    @property
    def stars(self):
        return list(STAR_LEVELS)

    @property
    def is_thumbs(self):
        return is_thumbs(self.widget)

    @property
    def helpful_label(self):
        return helpful_label(self.summary)


def parse_rated_flag(request):
    try:
        rated = int(request.GET.get("rated", ""))
    except ValueError:
        return None
    return rated if rated in STAR_LEVELS else None


def get_rating_block(article, request, site_settings=None):
    """The rating block's context: no query when warm (the summary and wording are cached)."""
    url = article.get_url(request) or article.url or ""
    return RatingBlock(
        article=article,
        widget=widget_for_request(article, request, site_settings),
        summary=cached_summary(article),
        action_url=url + article.reverse_subpage("rate"),
        comment_max_length=kb_settings.RATING_COMMENT_MAX_LENGTH,
        rated=parse_rated_flag(request),
        commented=request.GET.get("commented") == "1",
    )
