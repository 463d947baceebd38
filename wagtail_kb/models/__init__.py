from .feedback import FeedbackComment, RatingVote
from .health import ArticleRatingSummary, ArticleViewDay, DigestDelivery
from .imports import ImportedItem
from .pages import KBArticlePage, KBHomePage, KBPageMixin, KBTopicPage
from .search import (
    KBSearchDocument,
    KBSearchVocabulary,
    KBSearchWord,
    SearchClick,
    SearchLogEntry,
)
from .settings import KBSettings
from .snippets import RatingWidget
from .synonyms import KBSynonym
from .taxonomy import KBArticleTag

__all__ = [
    "ArticleRatingSummary",
    "ArticleViewDay",
    "DigestDelivery",
    "KBArticleTag",
    "FeedbackComment",
    "ImportedItem",
    "KBArticlePage",
    "KBHomePage",
    "KBPageMixin",
    "KBSearchDocument",
    "KBSearchVocabulary",
    "KBSearchWord",
    "KBSettings",
    "KBSynonym",
    "KBTopicPage",
    "RatingVote",
    "RatingWidget",
    "SearchClick",
    "SearchLogEntry",
]
