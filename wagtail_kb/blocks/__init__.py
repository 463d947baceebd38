"""The public blocks of wagtail-kb.

The block names inside ``KBArticlePage.body`` are those of ``ArticleBodyBlock``."""

from wagtail import blocks

from .code import CodeBlock
from .links import NavigationLinkBlock
from .lists import HighlightsBlock, TakeawaysBlock
from .media import DeckBlock, ImageBlock, VideoBlock
from .tables import TableBlock
from .text import CalloutBlock, HeadingBlock, ParagraphBlock

__all__ = [
    "ArticleBodyBlock",
    "CalloutBlock",
    "CodeBlock",
    "DeckBlock",
    "HeadingBlock",
    "HighlightsBlock",
    "ImageBlock",
    "NavigationLinkBlock",
    "NavigationBlock",
    "ParagraphBlock",
    "TableBlock",
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
    table = TableBlock()
    code = CodeBlock()


class NavigationBlock(blocks.StreamBlock):
    link = NavigationLinkBlock()

    class Meta:
        max_num = 8
