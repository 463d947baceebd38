"""An article's sections: the headings of its table of contents, and the blocks they are in.

A reader may say which part of the article a comment is about (``section``: a heading id of the
article's table of contents). The ids are those the reader's page shows
(``toc.render_article_body``, cached per revision, so a warm look-up parses nothing).
``content_path`` finds the body block a heading belongs to, in Wagtail's comment notation
(``body.<block id>`` or ``body.<block id>.heading``), so a page comment can be anchored to it.
"""

from bs4 import BeautifulSoup

from ..conf import kb_settings
from ..toc import render_article_body

# Blocks whose optional ``heading`` field renders as a table-of-contents heading.
HEADED_BLOCKS = ("video", "deck", "highlights", "takeaways")


def flatten(entries):
    for entry in entries:
        yield entry
        yield from flatten(entry.children)


def sections(article, request=None):
    """``[(heading id, heading text)]`` of the article's table of contents, in reading order."""
    body = render_article_body(article, {"request": request, "page": article})
    return [(entry.id, entry.text) for entry in flatten(body.toc)]


def section_title(article, section_id, request=None):
    """The heading text of ``section_id`` in the article, or ``""`` when it has none now."""
    return dict(sections(article, request)).get(section_id, "") if section_id else ""


def _text(value):
    return " ".join(str(value).split())


def _candidates(article):
    """``(content path, heading text)`` of every heading the body's blocks render, in order."""
    levels = tuple(kb_settings.TOC_HEADING_LEVELS)
    for child in article.body:
        path = f"body.{child.id}"
        if child.block_type == "heading":
            yield path, _text(child.value)
        elif child.block_type in HEADED_BLOCKS:
            heading = child.value.get("heading")
            if heading:
                yield f"{path}.heading", _text(heading)
        elif child.block_type == "paragraph":
            soup = BeautifulSoup(child.value.source, "html.parser")
            for tag in soup.find_all(levels):
                yield path, _text(tag.get_text(" ", strip=True))


def content_path(article, section_id, request=None):
    """Wagtail's content path of the block holding heading ``section_id``, else ``""``.

    Headings are matched in reading order by their text, so two headings with the same words
    each find their own block.
    """
    if not section_id:
        return ""
    candidates = list(_candidates(article))
    position = 0
    for heading_id, text in sections(article, request):
        for index in range(position, len(candidates)):
            if candidates[index][1] == _text(text):
                position = index + 1
                if heading_id == section_id:
                    return candidates[index][0]
                break
        else:
            if heading_id == section_id:
                return ""
    return ""
