"""An article body in HTML (block editor, classic editor, hand-written) → ``body`` blocks.

The rules, in the order they apply (README "Moving in" lists them for site owners):

- ``<h1>``/``<h2>`` → ``heading``; followed at once by a bulleted list → ``highlights`` with that
  heading, by a numbered list → ``takeaways``, by a video or deck → that block with the heading.
- A YouTube or Vimeo embed (a ``wp-block-embed`` figure, whose URL is in the block comment's JSON
  and bare inside, an ``<iframe>``, a URL alone on its line, ``[embed]``) → ``video``; Google
  Slides, Speaker Deck, SlideShare or a PDF (``wp:file``, ``<object>``, ``<iframe>``) → ``deck``.
- ``<img>`` → ``image`` when ``image_for`` finds the file (alt text kept, caption as a paragraph
  under it); otherwise a link to it inside the paragraph.
- ``<table>`` → ``table``; ``<pre>`` → ``code``.
- Everything else → ``paragraph`` rich text through ``cleaner.RichTextWriter`` (sub-headings,
  lists, quotes, links, bold, italic, inline code).

Classic-editor content (no ``<!-- wp:`` comments) first gets WordPress's own paragraphs
(``autop``), as WordPress adds them only when it shows a post.
"""

import json
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from .cleaner import WHITESPACE, Notes, RichTextWriter, safe_url, tidy
from .legacy import autop, fix_legacy_lists
from .media import page_url
from .shortcodes import strip_shortcodes

HEADING_MAX = 120
BLOCK_COMMENT = re.compile(r"^\s*wp:([\w/-]+)\s*(\{.*\})?\s*/?\s*$", re.DOTALL)
LANGUAGE = re.compile(r"(?:language|lang|brush)[-:]\s*([\w+#.-]{1,30})")
MEDIA_TAGS = {"iframe", "img", "object", "embed"}


@dataclass
class Conversion:
    blocks: list = field(default_factory=list)
    notes: Notes = field(default_factory=Notes)
    shortcodes: list = field(default_factory=list)


def _text(tag):
    return WHITESPACE.sub(" ", tag.get_text(" ")).strip()


def _classes(tag):
    return set(tag.get("class") or [])


def _contains_media(tag):
    return any(True for _ in tag.find_all(MEDIA_TAGS, limit=1))


class _Splitter:
    """Walks the parsed body and yields segments: (kind, payload…)."""

    def __init__(self, notes):
        self.notes = notes
        self.block = ("", {})

    def walk(self, nodes):
        for node in list(nodes):
            if isinstance(node, Comment):
                match = BLOCK_COMMENT.match(str(node))
                if match:
                    try:
                        attrs = json.loads(match.group(2) or "{}")
                    except ValueError:
                        attrs = {}
                    self.block = (match.group(1), attrs if isinstance(attrs, dict) else {})
                continue
            if isinstance(node, NavigableString):
                if type(node) is NavigableString and str(node):
                    yield ("rich", node)
                continue
            if isinstance(node, Tag):
                yield from self.tag(node)

    def tag(self, tag):
        name = tag.name.lower()
        if name in ("h1", "h2"):
            yield ("heading", tag)
        elif name in ("ul", "ol"):
            yield ("list", tag)
        elif name == "table":
            caption = tag.find("caption")
            yield ("table", tag, _text(caption) if caption else "")
        elif name == "pre":
            yield ("code", tag)
        elif name == "iframe":
            yield ("embed", tag.get("src") or "", "", tag)
        elif name in ("object", "embed"):
            yield ("embed", tag.get("data") or tag.get("src") or "", "", tag)
        elif name == "img":
            yield ("image", tag, "")
        elif name == "hr":
            yield ("rich", tag)
        elif name == "figure":
            yield from self.figure(tag)
        elif name == "div" and "wp-block-file" in _classes(tag):
            yield from self.file(tag)
        elif name == "p":
            yield from self.paragraph(tag)
        elif name in ("div", "section", "article", "main", "header", "footer", "aside", "center"):
            self.notes.check_attributes(tag)
            yield ("rich", BeautifulSoup("<hr>", "html.parser").hr)
            yield from self.walk(tag.contents)
        else:
            yield ("rich", tag)

    def figure(self, tag):
        self.notes.check_attributes(tag)
        caption_tag = tag.find("figcaption")
        caption = _text(caption_tag) if caption_tag else ""
        block_name, attrs = self.block
        if "wp-block-embed" in _classes(tag) or block_name.startswith(("embed", "core-embed")):
            wrapper = tag.find(class_="wp-block-embed__wrapper")
            url = attrs.get("url") if isinstance(attrs.get("url"), str) else ""
            url = url or (_text(wrapper) if wrapper else "")
            iframe = tag.find("iframe")
            if not url and iframe is not None:
                url = iframe.get("src") or ""
            self.block = ("", {})
            yield ("embed", url, caption, tag)
            return
        self.block = ("", {})
        table = tag.find("table")
        if table is not None:
            yield ("table", table, caption)
            return
        images = tag.find_all("img")
        if images and not tag.find("blockquote"):
            for image in images:
                yield ("image", image, caption if image is images[-1] else "")
            return
        if caption_tag is not None:
            caption_tag.extract()
        yield from self.walk(tag.contents)
        if caption:
            yield ("caption", caption)

    def file(self, tag):
        _name, attrs = self.block
        self.block = ("", {})
        link = tag.find("a", href=True)
        href = attrs.get("href") if isinstance(attrs.get("href"), str) else ""
        href = href or (link["href"] if link else "")
        title = _text(link) if link else ""
        if href.lower().split("?")[0].endswith(".pdf"):
            yield ("embed", href, title, tag)
        else:
            yield ("rich", tag)

    def paragraph(self, tag):
        text = _text(tag)
        links = tag.find_all("a")
        bare = not tag.find(True) or (len(links) == 1 and _text(links[0]) == text)
        if bare and re.fullmatch(r"https?://\S+", text) and page_url(text):
            yield ("embed", text, "", tag)
            return
        if _contains_media(tag):
            self.notes.check_attributes(tag)
            yield ("rich", BeautifulSoup("<hr>", "html.parser").hr)
            yield from self.walk(tag.contents)
            yield ("rich", BeautifulSoup("<hr>", "html.parser").hr)
            return
        yield ("rich", tag)


def _is_blank(segment):
    return (
        segment[0] == "rich" and isinstance(segment[1], NavigableString) and not segment[1].strip()
    )


def _list_value(values):
    # A ListBlock's plain form (Wagtail gives items their ids when the page is saved again).
    return list(values)


class BodyConverter:
    """``convert(html)`` → ``Conversion``; ``image_for(src, alt)`` and ``document_for(url)`` return
    a Wagtail image's or document's id (or None), ``link_for(href)`` a rich-text link tag."""

    def __init__(self, link_for=None, image_for=None, document_for=None):
        self.link_for = link_for or (lambda href: None)
        self.image_for = image_for or (lambda src, alt, classes=(): None)
        self.document_for = document_for or (lambda url: None)

    def convert(self, markup):
        conversion = Conversion()
        markup, conversion.shortcodes = strip_shortcodes(markup or "")
        if "<!-- wp:" not in markup:
            markup = autop(markup)
        soup = BeautifulSoup(markup, "html.parser")
        fix_legacy_lists(soup)
        writer = RichTextWriter(conversion.notes, self.link_for)
        segments = list(_Splitter(conversion.notes).walk(soup.contents))
        self._assemble(segments, writer, conversion)
        return conversion

    def _assemble(self, segments, writer, conversion):
        blocks, rich = conversion.blocks, []

        def flush():
            if rich:
                text = writer.blocks(rich)
                if text:
                    blocks.append({"type": "paragraph", "value": text})
                rich.clear()

        index = 0
        while index < len(segments):
            segment = segments[index]
            kind = segment[0]
            index += 1
            if kind in ("rich", "list"):  # a list without a heading stays in the paragraph
                rich.append(segment[1])
                continue
            if kind == "image":
                self._image(segment[1], segment[2], writer, blocks, rich, flush)
                continue
            if kind == "caption":
                rich.append(BeautifulSoup("<p><i></i></p>", "html.parser").p)
                rich[-1].i.string = segment[1]
                continue
            flush()
            if kind == "heading":
                index = self._heading(segment[1], segments, index, writer, blocks, conversion)
            elif kind == "embed":
                block = self._embed(segment[1], segment[2], "", writer, conversion)
                if block is None:
                    rich.append(self._frame_link(segment[1], segment[3], conversion))
                else:
                    blocks.append(block)
            elif kind == "table":
                blocks.append(self._table(segment[1], segment[2], writer, conversion))
            elif kind == "code":
                blocks.append(self._code(segment[1]))
        flush()

    def _heading(self, tag, segments, index, writer, blocks, conversion):
        writer.notes.check_attributes(tag)
        text = _text(tag)
        if not text:
            return index
        if len(text) > HEADING_MAX:
            conversion.notes.change("long headings kept as sub-headings")
            blocks.append({"type": "paragraph", "value": writer.blocks([tag])})
            return index
        while index < len(segments) and _is_blank(segments[index]):
            index += 1
        following = segments[index] if index < len(segments) else None
        if following and following[0] == "list" and not following[1].find(["ul", "ol"]):
            items = [writer.item_text(li) for li in following[1].find_all("li", recursive=False)]
            items = [item for item in items if item]
            if items:
                kind = "highlights" if following[1].name == "ul" else "takeaways"
                value = {"heading": text, "items": _list_value(items)}
                blocks.append({"type": kind, "value": value})
                return index + 1
        if following and following[0] == "embed":
            block = self._embed(following[1], following[2], text, writer, conversion)
            if block is not None:
                blocks.append(block)
                return index + 1
        blocks.append({"type": "heading", "value": text})
        return index

    def _embed(self, url, caption, heading, writer, conversion):
        url = safe_url(url, conversion.notes) or ""
        found = page_url(url)
        if found is None:
            return None
        kind, address = found
        caption = caption[:250]
        if kind == "video":
            value = {"heading": heading, "url": address, "caption": caption, "transcript": ""}
            return {"type": "video", "value": value}
        value = {"heading": heading, "url": address, "document": None, "caption": caption}
        if address.lower().split("?")[0].endswith(".pdf"):
            document = self.document_for(address)
            if document is not None:
                value.update(url="", document=document)
            else:
                conversion.notes.change("PDFs linked, not imported")
        return {"type": "deck", "value": value}

    def _frame_link(self, url, tag, conversion):
        """An embed that is not a video or deck: a link to it, or nothing if it is not safe."""
        name = tag.name.lower() if isinstance(tag, Tag) else "iframe"
        url = safe_url(url) if url else None
        paragraph = BeautifulSoup("<p></p>", "html.parser").p
        if name == "iframe" and url and url.startswith(("http://", "https://")):
            conversion.notes.change("embedded frames turned into links")
            link = BeautifulSoup("<a></a>", "html.parser").a
            link["href"] = url
            link.string = (tag.get("title") if isinstance(tag, Tag) else "") or url
            paragraph.append(link)
        else:
            conversion.notes.drop("frame" if name == "iframe" else "object")
        return paragraph

    def _image(self, tag, caption, writer, blocks, rich, flush):
        writer.notes.check_attributes(tag)
        alt = WHITESPACE.sub(" ", tag.get("alt") or "").strip()
        src = tag.get("src") or ""
        classes = tag.get("class") or []
        image = self.image_for(src, alt, classes) if src and not src.startswith("data:") else None
        if src.startswith("data:"):
            writer.notes.drop("inline data images")
        if image is None:  # a link, in the text where the image was
            rich.append(tag)
        else:
            flush()
            image_id, alt = image
            value = {"image": image_id, "decorative": not alt, "alt_text": alt}
            blocks.append({"type": "image", "value": value})
        if caption:
            rich.append(BeautifulSoup("<p><i></i></p>", "html.parser").p)
            rich[-1].i.string = caption

    def _table(self, table, caption, writer, conversion):
        rows, header_row = [], False
        for row_index, row in enumerate(table.find_all("tr")):
            if row.find_parent("table") is not table:
                continue
            cells = row.find_all(["td", "th"], recursive=False)
            if row_index == 0:
                header_row = (
                    bool(row.find_parent("thead"))
                    or bool(cells)
                    and all(cell.name == "th" for cell in cells)
                )
            if any(cell.get("colspan") or cell.get("rowspan") for cell in cells):
                conversion.notes.change("merged table cells split")
            values = []
            for cell in cells:
                writer.notes.check_attributes(cell)
                text = tidy(writer.inline(cell.contents))
                values.append(f"<p>{text}</p>" if text else "")
            if values:
                rows.append(values)
        width = max((len(row) for row in rows), default=0)
        rows = [row + [""] * (width - len(row)) for row in rows]
        value = {
            "caption": caption[:250],
            "header_row": header_row,
            "rows": _list_value([_list_value(row) for row in rows]),
        }
        return {"type": "table", "value": value}

    def _code(self, pre):
        for br in pre.find_all("br"):
            br.replace_with("\n")
        code = pre.find("code")
        classes = (
            " ".join((code.get("class") or []) if code else [])
            + " "
            + " ".join(pre.get("class") or [])
        )
        match = LANGUAGE.search(classes + " " + (pre.get("lang") or ""))
        text = pre.get_text().strip("\n")
        return {
            "type": "code",
            "value": {"language": match.group(1) if match else "", "code": text},
        }
