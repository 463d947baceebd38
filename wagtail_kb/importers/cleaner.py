"""Markup → Wagtail rich text (its database format), keeping only what the editor can edit.

Nothing is copied through: the output is written element by element from an allow-list, so what
the source held cannot reach a page unless it is one of these, with no attribute but a link's:

    block:   <p> <h3> <h4> <ul>/<ol> with <li> (nested lists kept) <blockquote>
    inline:  <b> <i> <code> <br/> <a href="…"> (http, https, mailto, tel, relative, #fragment)
             <a linktype="page" id="…"> <a linktype="document" id="…">

These are the paragraph block's features (``wagtail_kb.blocks.text.PARAGRAPH_FEATURES``); list
items and table cells take the inline ones only. Everything else is unwrapped (its text kept,
escaped) or, for scripts, styles, frames, forms and other active content, dropped with its text;
``Notes`` records what was dropped so the report can say it.
"""

import html
import re
from collections import Counter

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers ignore these anywhere in a URL ("java\tscript:" is "javascript:").
URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
WHITESPACE = re.compile(r"[ \t\n\r\f\v\xa0]+")
MAX_LIST_DEPTH = 4

DROPPED_WITH_CONTENT = {
    "script": "script",
    "style": "style",
    "noscript": "noscript",
    "template": "template",
    "iframe": "frame",
    "frame": "frame",
    "frameset": "frame",
    "object": "object",
    "embed": "object",
    "applet": "object",
    "form": "form",
    "input": "form",
    "button": "form",
    "select": "form",
    "textarea": "form",
    "svg": "svg",
    "math": "math",
    "canvas": "canvas",
    "audio": "media",
    "video": "media",
    "head": "head",
    "title": "head",
    "meta": "head",
    "link": "head",
    "base": "head",
    "map": "map",
}
BOLD = {"b", "strong"}
ITALIC = {"i", "em", "cite", "dfn", "var"}
CODE = {"code", "kbd", "samp", "tt"}
CONTAINERS = {
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "figure",
    "center",
    "address",
    "details",
    "fieldset",
    "body",
    "html",
    "hgroup",
    "search",
    "p",
    "figcaption",
    "summary",
    "legend",
    "caption",
}
HEADINGS = {"h1": "h3", "h2": "h3", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
LISTS = {"ul", "ol"}


class Notes:
    """What a conversion dropped or changed, counted by kind (for the report)."""

    def __init__(self):
        self.dropped = Counter()
        self.changed = Counter()

    def drop(self, what, count=1):
        self.dropped[what] += count

    def change(self, what, count=1):
        self.changed[what] += count

    def check_attributes(self, tag):
        handlers = [name for name in tag.attrs if name.lower().startswith("on")]
        if handlers:
            self.drop("event handler attributes", len(handlers))
        if "style" in tag.attrs:
            self.drop("inline styles")


def safe_url(value, notes=None):
    """The URL if a reader may follow it (http(s), mailto, tel, relative, #fragment), else None."""
    url = URL_IGNORED.sub("", html.unescape(value or ""))
    if not url:
        return None
    match = SCHEME.match(url)
    if match and match.group(1).lower() not in SAFE_SCHEMES:
        if notes is not None:
            notes.drop(f"{match.group(1).lower()}: links")
        return None
    if url.startswith("//"):
        url = "https:" + url
    return url


def escape(text):
    return html.escape(text, quote=False)


class RichTextWriter:
    """Serialises parsed nodes as Wagtail rich text. ``link_for(href)`` may return a rich-text
    link's opening tag (``<a linktype="page" id="3">``) for links to imported content."""

    def __init__(self, notes, link_for=None):
        self.notes = notes
        self.link_for = link_for or (lambda href: None)

    # --- inline ---------------------------------------------------------------------------------

    def inline(self, nodes, styles=frozenset(), in_link=False):
        """Inline HTML for ``nodes``: text, <b>, <i>, <code>, <a>, <br/>; blocks become <br/>."""
        out = []
        for node in nodes:
            if isinstance(node, Comment) or not isinstance(node, NavigableString | Tag):
                continue
            if isinstance(node, NavigableString):
                if type(node) is NavigableString:  # not a CDATA, doctype or processing instruction
                    out.append(escape(WHITESPACE.sub(" ", str(node))))
                continue
            out.append(self._inline_tag(node, styles, in_link))
        return "".join(out)

    def _inline_tag(self, tag, styles, in_link):
        name = tag.name.lower()
        self.notes.check_attributes(tag)
        if name in DROPPED_WITH_CONTENT:
            self.notes.drop(DROPPED_WITH_CONTENT[name])
            return ""
        if name == "br":
            return "<br/>"
        if name == "img":
            return self._image_as_text(tag)
        wrap = None
        if name in BOLD and "b" not in styles:
            wrap = "b"
        elif name in ITALIC and "i" not in styles:
            wrap = "i"
        elif name in CODE and "code" not in styles:
            wrap = "code"
        if wrap:
            inner = self.inline(tag.contents, styles | {wrap}, in_link)
            return f"<{wrap}>{inner}</{wrap}>" if inner.strip() else inner
        if name == "a" and not in_link:
            return self._link(tag, styles)
        inner = self.inline(tag.contents, styles, in_link)
        if name in CONTAINERS or name in HEADINGS or name in LISTS or name in ("li", "tr", "pre"):
            return f"<br/>{inner}<br/>" if inner.strip() else ""
        if name in ("td", "th", "dt", "dd"):
            return f"{inner} " if inner.strip() else ""
        return inner

    def _image_as_text(self, tag):
        alt = WHITESPACE.sub(" ", tag.get("alt") or "").strip()
        src = safe_url(tag.get("src"), self.notes)
        if src and src.startswith("data:"):
            src = None
        if not alt and not src:
            return ""
        self.notes.change("images linked, not imported")
        if not src:
            return escape(alt)
        return f'<a href="{html.escape(src)}">{escape(alt or src.rsplit("/", 1)[-1])}</a>'

    def _link(self, tag, styles):
        inner = self.inline(tag.contents, styles, in_link=True)
        href = tag.get("href")
        if not href or not inner.strip():
            return inner
        opening = self.link_for(href)
        if opening is None:
            url = safe_url(href, self.notes)
            if url is None:
                return inner
            opening = f'<a href="{html.escape(url)}">'
        return f"{opening}{inner}</a>"

    # --- blocks ---------------------------------------------------------------------------------

    def blocks(self, nodes):
        """Block-level rich text for ``nodes`` (paragraphs, sub-headings, lists, quotes)."""
        out, pending = [], []

        def flush():
            text = tidy(self.inline(pending))
            if text:
                out.append(f"<p>{text}</p>")
            pending.clear()

        for node in nodes:
            if isinstance(node, Tag):
                name = node.name.lower()
                if name in HEADINGS:
                    flush()
                    self.notes.check_attributes(node)
                    text = tidy(self.inline(node.contents), breaks=False)
                    if text:
                        out.append(f"<{HEADINGS[name]}>{text}</{HEADINGS[name]}>")
                    continue
                if name in LISTS:
                    flush()
                    out.append(self.list(node))
                    continue
                if name == "blockquote":
                    flush()
                    self.notes.check_attributes(node)
                    text = tidy(self.inline(node.contents))
                    if text:
                        out.append(f"<blockquote>{text}</blockquote>")
                    continue
                if name in CONTAINERS or name in ("dl", "table", "tbody", "thead", "tfoot", "tr"):
                    flush()
                    self.notes.check_attributes(node)
                    out.append(self.blocks(node.contents))
                    continue
                if name in ("dt", "td", "th"):
                    flush()
                    inner = tidy(self.inline(node.contents))
                    if inner:
                        out.append(f"<p><b>{inner}</b></p>" if name == "dt" else f"<p>{inner}</p>")
                    continue
                if name in ("dd", "li", "pre"):
                    flush()
                    inner = tidy(self.inline(node.contents))
                    if inner:
                        out.append(
                            f"<p><code>{inner}</code></p>" if name == "pre" else f"<p>{inner}</p>"
                        )
                    continue
                if name == "hr":
                    flush()
                    continue
            pending.append(node)
        flush()
        return "".join(part for part in out if part)

    def list(self, tag, depth=1):
        """``<ul>``/``<ol>`` with inline items; nested lists kept up to Draftail's depth."""
        self.notes.check_attributes(tag)
        kind = tag.name.lower()
        items = []
        for child in tag.children:
            if isinstance(child, NavigableString):
                if str(child).strip() and type(child) is NavigableString:
                    items.append(escape(WHITESPACE.sub(" ", str(child)).strip()))
                continue
            if not isinstance(child, Tag):
                continue
            if child.name.lower() in LISTS:  # a list straight inside a list: its items join
                items.extend(self._items(child, depth))
                continue
            items.append(self._item(child, depth))
        items = [item for item in items if item]
        if not items:
            return ""
        return f"<{kind}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{kind}>"

    def _items(self, tag, depth):
        html_ = self.list(tag, depth)
        return re.findall(r"<li>(.*?)</li>", html_, re.DOTALL) if html_ else []

    def _item(self, tag, depth):
        self.notes.check_attributes(tag)
        inline_nodes, nested = [], []
        for child in tag.children:
            if isinstance(child, Tag) and child.name.lower() in LISTS:
                nested.append(child)
            else:
                inline_nodes.append(child)
        text = tidy(self.inline(inline_nodes))
        for sublist in nested:
            if depth < MAX_LIST_DEPTH:
                text += self.list(sublist, depth + 1)
            else:
                deeper = tidy(self.inline([sublist]))
                text += f"<br/>{deeper}" if deeper else ""
        return text

    def item_text(self, tag):
        """An item of a highlights/takeaways list: inline rich text as a paragraph."""
        text = tidy(self.inline(tag.contents))
        return f"<p>{text}</p>" if text else ""


def tidy(text, breaks=True):
    """Trim spaces and line breaks at the ends and around breaks; join runs of spaces."""
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r"\s*<br/>\s*", "<br/>", text)
    text = re.sub(r"(<br/>){2,}", "<br/>", text)
    while True:
        stripped = re.sub(r"^(\s|<br/>)+|(\s|<br/>)+$", "", text)
        # An element left empty at either end (``<b> </b>``) goes too.
        stripped = re.sub(
            r"^<(b|i|code)>(\s|<br/>)*</\1>|<(b|i|code)>(\s|<br/>)*</\3>$", "", stripped
        )
        if stripped == text:
            break
        text = stripped
    if not breaks:
        text = text.replace("<br/>", " ")
    return text


def clean_rich_text(markup, notes=None, link_for=None):
    """Any HTML → safe Wagtail rich text (block level). Never raises on odd input."""
    notes = notes if notes is not None else Notes()
    soup = BeautifulSoup(markup or "", "html.parser")
    return RichTextWriter(notes, link_for).blocks(soup.contents)


def plain_text(markup):
    """The text of some HTML (titles, intros): tags gone, entities decoded, spaces joined."""
    soup = BeautifulSoup(markup or "", "html.parser")
    for tag in soup.find_all(list(DROPPED_WITH_CONTENT)):
        tag.decompose()
    return WHITESPACE.sub(" ", soup.get_text(" ")).strip()
