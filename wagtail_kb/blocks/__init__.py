"""The public blocks of wagtail-kb.

The block names inside ``KBArticlePage.body`` are those of ``ArticleBodyBlock``."""

from wagtail import blocks

from .links import NavigationLinkBlock
from .lists import HighlightsBlock, TakeawaysBlock
from .media import DeckBlock, ImageBlock, VideoBlock
from .text import CalloutBlock, HeadingBlock, ParagraphBlock

__all__ = [
    "ArticleBodyBlock",
    "CalloutBlock",
    "DeckBlock",
    "HeadingBlock",
    "HighlightsBlock",
    "ImageBlock",
    "NavigationLinkBlock",
    "NavigationBlock",
    "ParagraphBlock",
    "TakeawaysBlock",
    "VideoBlock",
]


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    video = VideoBlock()
    deck = DeckBlock()
    highlights = HighlightsBlock()
    takeaways = TakeawaysBlock()
    callout = CalloutBlock()
    image = ImageBlock()


class NavigationBlock(blocks.StreamBlock):
    link = NavigationLinkBlock()

    class Meta:
        max_num = 8
