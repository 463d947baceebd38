"""The reader-visible text of an article, read from its stored StreamField data (no queries).

Rich text becomes text by Wagtail's own rules for search indexing (``get_text_for_indexing``:
a space after block elements and line breaks, none inside a word split by inline markup), so a
snippet shows the words the index saw. The tags are dropped with a regular expression rather
than ``get_text_for_indexing``'s ``strip_tags`` (an HTML parser): on stored rich text, which
Wagtail's editor writes well-formed, the result is the same at a fifth of the cost (measured
alternately in one process on three paragraphs), which adds up over a results page of long
articles. ``<br>`` without a slash gets its space too.
"""

import re
from html import unescape

from wagtail import blocks

from ..blocks.documents import raw_stream_data

# The spacing rules of ``wagtail.rich_text.get_text_for_indexing``.
_BLOCK_END_RE = re.compile(r"(</(p|h\d|li|blockquote)>|<(br|hr)\s*/?>)", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"\s+")


def rich_text_to_text(html):
    """Plain text of stored rich text, on single spaces."""
    text = _TAG_RE.sub("", _BLOCK_END_RE.sub(r"\1 ", html))
    return _SPACE_RE.sub(" ", unescape(text)).strip()


def iter_block_texts(block, value):
    """Reader-visible texts of a block's stored (raw) value, guided by the block definition.

    Rich text is stored as HTML and turned into text; plain text blocks are kept as typed (the
    snippet escapes them); URLs, choices and chosen objects are skipped. No queries.
    """
    if value is None:
        return
    if isinstance(block, blocks.RichTextBlock):
        if isinstance(value, str) and (text := rich_text_to_text(value)):
            yield text
    elif isinstance(block, blocks.StreamBlock):
        for item in value if isinstance(value, list | tuple) else ():
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                yield from iter_block_texts(child, item.get("value"))
    elif isinstance(block, blocks.StructBlock):
        if isinstance(value, dict):
            for name, child in block.child_blocks.items():
                yield from iter_block_texts(child, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value if isinstance(value, list | tuple) else ():
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item = item["value"]
            yield from iter_block_texts(block.child_block, item)
    elif (
        isinstance(block, blocks.CharBlock | blocks.TextBlock)
        and isinstance(value, str)
        and (text := _SPACE_RE.sub(" ", value).strip())
    ):
        yield text


def article_texts(article):
    """The reader-visible texts of an article's intro and body, from stored data (no queries)."""
    texts = [article.intro] if getattr(article, "intro", "") else []
    body = getattr(article, "body", None)
    stream_block = getattr(body, "stream_block", None)
    if stream_block is not None:
        texts.extend(iter_block_texts(stream_block, raw_stream_data(body)))
    return texts
