from .pages import KBArticlePage, KBHomePage, KBPageMixin, KBTopicPage
from .settings import KBSettings
from .snippets import RatingWidget

__all__ = [
    "KBArticlePage",
    "KBHomePage",
    "KBPageMixin",
    "KBSettings",
    "KBTopicPage",
    "RatingWidget",
]
