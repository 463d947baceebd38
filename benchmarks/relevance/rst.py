"""reStructuredText (as Sphinx projects such as Django write it) to a KB article's parts.

Not a full reStructuredText parser: enough of it for documentation prose. A document becomes
its title, an intro (its first paragraph, as plain text) and body blocks in the KB's own
StreamField format: section titles become ``heading`` blocks, everything else ``paragraph``
rich text (paragraphs, lists, notes and warnings, API signatures and code as ``<code>``).
Directives that hold no reader text (``toctree``, ``currentmodule``, link targets, comments,
images) are dropped; inline roles become their text (``:class:`~a.b.Model``` → ``Model``).
"""

import re
import uuid
from html import escape
from typing import NamedTuple

# Characters reStructuredText allows for section adornments (Django uses = - ~ ^ " *).
_ADORNMENT = re.compile(r"""^([=\-~^"*+#`':.<>_])\1{2,}\s*$""")
_DIRECTIVE = re.compile(r"^\.\.\s+([\w:-]+)::\s?(.*)$")
_LIST_ITEM = re.compile(r"^(?:[*+\-]|#\.|\d+\.|\(?[a-z]\))\s+")
_TABLE_BORDER = re.compile(r"^\s*(?:\+[-=+]+\+|=+(?:\s+=+)+|-+(?:\s+-+)+)\s*$")
# Directives whose content is not prose a reader would search.
_SKIPPED = {
    "toctree",
    "currentmodule",
    "module",
    "image",
    "figure",
    "index",
    "highlight",
    "raw",
    "include",
    "contents",
    "glossary",
    "only",
}
_CODE = {"code-block", "code", "console", "sourcecode", "literalinclude", "parsed-literal"}
# Directives whose argument is an API name or signature (shown as code, content as prose).
_SIGNATURES = {
    "method",
    "function",
    "class",
    "attribute",
    "classmethod",
    "staticmethod",
    "data",
    "exception",
    "decorator",
    "setting",
    "templatetag",
    "templatefilter",
    "fieldlookup",
    "envvar",
    "django-admin",
    "django-admin-option",
    "option",
}
_VERSION = {"versionadded", "versionchanged", "deprecated"}

_ROLE = re.compile(r":([\w:+-]+):`([^`]*)`")
_LITERAL = re.compile(r"``(.+?)``")
_LINK = re.compile(r"`([^`<]+?)\s*<([^`>]+)>`__?")
_REFERENCE = re.compile(r"`([^`]+)`__?")
_NAMED_REF = re.compile(r"\b(\w+)__?(?=[\s.,;:)]|$)")
_FIELD = re.compile(r"^:(\w+)(?: ([\w.*]+))?:\s+")
_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")


class Article(NamedTuple):
    title: str
    intro: str
    blocks: list  # StreamField raw data: [{"type", "value", "id"}]
    words: int


# Roles that name a document or a section: their text is prose, not code.
_PROSE_ROLES = {"doc", "ref", "term", "pypi", "rfc", "pep", "ticket", "source"}


def _role(match):
    """``:role:`text <target>``` → text; ``~a.b.c`` → c; ``!x`` → x; a bare label → its words.

    Code roles (``class``, ``meth``, ``setting``…) are marked to become ``<code>``.
    """
    role, content = match.group(1), match.group(2)
    found = re.match(r"^(.*?)\s*<([^>]*)>$", content, re.S)
    if found and found.group(1):
        text = found.group(1)
    else:
        text = (found.group(2) if found else content).lstrip("!")
        if text.startswith("~"):
            text = text[1:].rsplit(".", 1)[-1]
        if role in ("ref", "doc"):
            text = text.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ")
    if role.rsplit(":", 1)[-1] in _PROSE_ROLES:
        return text
    return "\x01" + text + "\x02"


def inline_html(text):
    """One paragraph's inline markup as HTML (escaped text, ``<code>``, ``<b>``, ``<i>``)."""
    literals = []

    def keep_literal(match):
        literals.append(match.group(1))
        return f"\x00{len(literals) - 1}\x00"

    text = _LITERAL.sub(keep_literal, text)
    text = _FIELD.sub(lambda m: (m.group(2) or m.group(1)) + ": ", text)
    text = _ROLE.sub(_role, text)
    links = []

    def keep_link(match):
        links.append((match.group(1), match.group(2)))
        return f"\x03{len(links) - 1}\x03"

    text = _LINK.sub(keep_link, text)
    text = _REFERENCE.sub(lambda m: m.group(1), text)
    text = _NAMED_REF.sub(lambda m: m.group(1), text)
    html = escape(text, quote=False)
    html = _STRONG.sub(r"<b>\1</b>", html)
    html = _EMPHASIS.sub(r"<i>\1</i>", html)
    html = html.replace("\\", "")

    def link(match):
        label, target = links[int(match.group(1))]
        if target.startswith(("http://", "https://")):
            return f'<a href="{escape(target)}">{escape(label, quote=False)}</a>'
        return escape(label, quote=False)

    html = re.sub(r"\x03(\d+)\x03", link, html)
    html = re.sub(r"\x01(.*?)\x02", lambda m: f"<code>{m.group(1)}</code>", html)
    return re.sub(
        r"\x00(\d+)\x00", lambda m: f"<code>{escape(literals[int(m.group(1))])}</code>", html
    )


def plain_text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def _indent(line):
    return len(line) - len(line.lstrip(" "))


def _block(lines, start, base):
    """Lines from ``start`` indented deeper than ``base`` (blank lines included): (lines, end)."""
    end = start
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > base):
        end += 1
    body = lines[start:end]
    while body and not body[-1].strip():
        body.pop()
    depth = min((_indent(line) for line in body if line.strip()), default=0)
    return [line[depth:] for line in body], end


def _unescape_html(html):
    return html.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


class _Converter:
    def __init__(self):
        self.title = ""
        self.blocks = []
        self.pending = []  # paragraph HTML waiting to be joined into one paragraph block

    def heading(self, text):
        text = _unescape_html(plain_text(inline_html(text)))
        if not self.title:
            self.title = text
            return
        self.flush()
        self.blocks.append(_make_block("heading", text[:120]))

    def html(self, html):
        if html:
            self.pending.append(html)

    def flush(self):
        if self.pending:
            self.blocks.append(_make_block("paragraph", "".join(self.pending)))
            self.pending = []

    def code(self, lines):
        text = "\n".join(lines).strip("\n")
        if text.strip():
            self.html(
                "<p><code>" + escape(text, quote=False).replace("\n", "<br/>") + "</code></p>"
            )

    def run(self, lines):
        i = 0
        while i < len(lines):
            line = lines[i]
            stripped = line.strip()
            if not stripped:
                i += 1
                continue
            # Section title, with or without an overline.
            if (
                _ADORNMENT.match(stripped)
                and i + 2 < len(lines)
                and lines[i + 2].strip() == stripped
                and lines[i + 1].strip()
            ):
                self.heading(lines[i + 1].strip())
                i += 3
                continue
            nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if (
                _indent(line) == 0
                and nxt
                and _ADORNMENT.match(nxt)
                and len(nxt) >= len(stripped) * 0.8
                and not _TABLE_BORDER.match(line)
            ):
                self.heading(stripped)
                i += 2
                continue
            if _TABLE_BORDER.match(line):
                i += 1
                continue
            directive = _DIRECTIVE.match(stripped)
            if directive:
                i = self.directive(lines, i, directive.group(1), directive.group(2))
                continue
            if stripped.startswith(".."):  # comment, link target, substitution definition
                _, i = _block(lines, i + 1, _indent(line))
                continue
            if stripped.startswith("__ "):  # anonymous link target
                i += 1
                continue
            if _LIST_ITEM.match(stripped):
                i = self.list(lines, i)
                continue
            if _indent(line) > 0:  # block quote or definition: its text as prose
                body, i = _block(lines, i, _indent(line) - 1)
                self.run(body)
                continue
            i = self.paragraph(lines, i)
        self.flush()

    def paragraph(self, lines, i):
        base = _indent(lines[i])
        text = []
        while i < len(lines) and lines[i].strip() and _indent(lines[i]) == base:
            if text and _LIST_ITEM.match(lines[i].strip()):
                break
            text.append(lines[i].strip())
            i += 1
        joined = " ".join(text)
        literal = joined.endswith("::")
        if literal:
            joined = joined[:-2].rstrip() + (":" if not joined[:-2].endswith(" ") else "")
        if joined.strip():
            if i < len(lines) and lines[i].strip() and _indent(lines[i]) > base:
                # A definition list entry: the term, then its definition.
                self.html(f"<p><b>{inline_html(joined)}</b></p>")
            else:
                self.html(f"<p>{inline_html(joined)}</p>")
        if literal:
            code, i = _block(lines, i, base)
            self.code(code)
        return i

    def list(self, lines, i):
        base = _indent(lines[i])
        ordered = bool(re.match(r"^(?:#\.|\d+\.)", lines[i].strip()))
        items = []
        while i < len(lines):
            stripped = lines[i].strip()
            if not stripped:
                i += 1
                continue
            if _indent(lines[i]) != base or not _LIST_ITEM.match(stripped):
                break
            first = _LIST_ITEM.sub("", stripped, count=1)
            body, i = _block(lines, i + 1, base)
            text = [first]
            for line in body:
                if not line.strip() or _LIST_ITEM.match(line.strip()):
                    break
                text.append(line.strip())
            items.append(inline_html(" ".join(text).rstrip(":")))
        tag = "ol" if ordered else "ul"
        self.html(f"<{tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>")
        return i

    def directive(self, lines, i, name, argument):
        base = _indent(lines[i])
        body, end = _block(lines, i + 1, base)
        # Options (":caption: …") come first in a directive's body.
        while body and re.match(r"^:[\w-]+:", body[0]):
            body.pop(0)
        name = name.removeprefix("py:")
        if name in _SKIPPED:
            return end
        if name in _CODE:
            self.code(body)
        elif name in _SIGNATURES:
            if argument:
                self.html(f"<p><code>{escape(argument, quote=False)}</code></p>")
            self.run_nested(body)
        elif name in _VERSION:
            self.run_nested(body)
        else:  # note, warning, admonition, seealso, tip…: prose, its title in bold
            if argument:
                self.html(f"<p><b>{inline_html(argument)}</b></p>")
            self.run_nested(body)
        return end

    def run_nested(self, body):
        nested = _Converter()
        nested.title = self.title or "-"
        nested.run(body)
        for block in nested.blocks:
            if block["type"] == "paragraph":
                self.html(block["value"])
            else:
                self.flush()
                self.blocks.append(block)


def _make_block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def convert(text):
    """A reStructuredText document as an ``Article`` (title, intro, body blocks, words)."""
    converter = _Converter()
    converter.run(text.expandtabs(4).splitlines())
    blocks = converter.blocks
    intro = ""
    # The intro: the first paragraph of prose (not code, not a note's title) before the first
    # section, or in the first section when the document opens with one; taken out of the body.
    first = next((i for i, b in enumerate(blocks[:2]) if b["type"] == "paragraph"), None)
    if first is not None:
        value = blocks[first]["value"]
        for found in re.finditer(r"<p>(.*?)</p>", value, re.S):
            text = found.group(1)
            if not text.startswith(("<code>", "<b>")) and len(text.split()) >= 8:
                intro = _unescape_html(plain_text(text))
                rest = value[: found.start()] + value[found.end() :]
                if rest:
                    blocks[first] = dict(blocks[first], value=rest)
                else:
                    del blocks[first]
                break
    if len(intro) > 500:
        intro = intro[:497].rsplit(" ", 1)[0] + "…"
    words = len(intro.split()) + sum(
        len(plain_text(block["value"]).split()) for block in blocks if block["type"]
    )
    return Article(converter.title, intro, blocks, words)
