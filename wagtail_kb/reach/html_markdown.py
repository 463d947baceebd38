"""Rich text (Wagtail's HTML) as Markdown: headings, paragraphs, emphasis, links, lists, code,
quotes and tables; nothing else of the HTML survives (no tag reaches the output).

Text is escaped where Markdown would read it as markup (``*``, ``_``, `` ` ``, ``[``, ``<``…), so
what an editor typed shows as typed. Relative links become absolute with ``base_url``.
"""

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup, NavigableString, Tag

from ..url_safety import safe_url

_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")
_LINE_MARK = re.compile(r"^(\s*)([#>+\-])(?=\s)", re.MULTILINE)
_LINE_NUMBER = re.compile(r"^(\s*\d+)([.)])(?=\s)", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre"}
BLOCK_TAGS |= {"table", "hr", "figure"}


def escape(text):
    """Plain text that Markdown shows as it is."""
    text = _ESCAPE.sub(r"\\\1", text)
    text = _LINE_MARK.sub(r"\1\\\2", text)
    return _LINE_NUMBER.sub(r"\1\\\2", text)


def code_span(text):
    """``text`` as inline code, with a fence longer than any run of backticks inside."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def code_block(text, language=""):
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text.rstrip()}\n{fence}"


class _Converter:
    def __init__(self, base_url):
        self.base_url = base_url

    def inline(self, node):
        if isinstance(node, NavigableString):
            return escape(" ".join(str(node).split(" ")).replace("\n", " "))
        if not isinstance(node, Tag):
            return ""
        name = node.name
        if name == "br":
            return "  \n"
        if name in ("script", "style", "template"):
            return ""
        content = "".join(self.inline(child) for child in node.children)
        if name in ("strong", "b") and content.strip():
            return f"**{content.strip()}**"
        if name in ("em", "i") and content.strip():
            return f"*{content.strip()}*"
        if name == "code":
            return code_span(node.get_text())
        if name == "a":
            href = safe_url(node.get("href"))
            if not href:
                return content
            href = urljoin(self.base_url, href) if self.base_url else href
            return f"[{content.strip() or escape(href)}](<{href}>)"
        if name == "img":
            alt = escape(node.get("alt") or "")
            src = safe_url(node.get("src"))
            return f"![{alt}](<{urljoin(self.base_url, src)}>)" if src else alt
        return content

    def inline_text(self, node):
        return " ".join(self.inline(node).split(" ")).strip()

    def blocks(self, node):
        """The Markdown blocks of ``node``'s children (a list of strings)."""
        out, run = [], []

        def flush():
            text = "".join(run).strip()
            if text:
                out.append(text)
            run.clear()

        for child in node.children:
            if isinstance(child, Tag) and child.name in BLOCK_TAGS | {"li"}:
                flush()
                out.extend(self.block(child))
            else:
                run.append(self.inline(child))
        flush()
        return out

    def block(self, tag):
        name = tag.name
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = self.inline_text(tag)
            return [f"{'#' * int(name[1])} {text}"] if text else []
        if name in ("ul", "ol"):
            return [self.list(tag, ordered=name == "ol")]
        if name == "blockquote":
            inner = "\n\n".join(self.blocks(tag))
            return ["\n".join(f"> {line}".rstrip() for line in inner.splitlines())]
        if name == "pre":
            return [code_block(tag.get_text())]
        if name == "hr":
            return ["---"]
        if name == "table":
            rows = [
                [self.inline_text(cell) for cell in row.find_all(["th", "td"])]
                for row in tag.find_all("tr")
            ]
            return [table(rows)] if rows else []
        return self.blocks(tag)

    def list(self, tag, ordered, depth=0):
        lines = []
        items = tag.find_all("li", recursive=False)
        for number, item in enumerate(items, start=1):
            marker = f"{number}." if ordered else "-"
            indent = " " * len(marker + " ")
            text_parts, nested = [], []
            for child in item.children:
                if isinstance(child, Tag) and child.name in ("ul", "ol"):
                    nested.append(self.list(child, child.name == "ol", depth + 1))
                elif isinstance(child, Tag) and child.name == "p":
                    text_parts.append(self.inline_text(child))
                else:
                    text_parts.append(self.inline(child))
            text = " ".join(" ".join(text_parts).split(" ")).strip()
            lines.append(f"{marker} {text}".rstrip())
            for sub in nested:
                lines.extend(indent + line if line else line for line in sub.splitlines())
        return "\n".join(lines)


def table(rows, header=True):
    """Rows of Markdown cell texts as a pipe table (the first row is the heading row)."""
    width = max(len(row) for row in rows)
    rows = [[cell.replace("\n", " ") for cell in row] + [""] * (width - len(row)) for row in rows]
    if not header:
        rows = [[""] * width, *rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join([" --- "] * width) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows[1:])
    return "\n".join(lines)


def html_to_markdown(html, base_url=""):
    """Markdown for a fragment of HTML (e.g. expanded rich text)."""
    soup = BeautifulSoup(html or "", "html.parser")
    text = "\n\n".join(_Converter(base_url).blocks(soup))
    return _BLANK_LINES.sub("\n\n", text).strip()


def inline_markdown(html, base_url=""):
    """Markdown for a fragment shown on one line (a list item, a table cell)."""
    return " ".join(html_to_markdown(html, base_url).split())
