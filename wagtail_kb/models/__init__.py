from .feedback import FeedbackComment, RatingVote
from .imports import ImportedItem
from .pages import KBArticlePage, KBHomePage, KBPageMixin, KBTopicPage
from .search import SearchClick, SearchLogEntry
from .settings import KBSettings
from .snippets import RatingWidget

__all__ = [
    "FeedbackComment",
    "ImportedItem",
    "KBArticlePage",
    "KBHomePage",
    "KBPageMixin",
    "KBSettings",
    "KBTopicPage",
    "RatingVote",
    "RatingWidget",
    "SearchClick",
    "SearchLogEntry",
]
