"""Classic-editor markup, as WordPress stores it: no paragraphs, and lists typed by hand.

WordPress adds ``<p>`` and ``<br>`` only when it shows a classic post (``wpautop``); ``autop``
does the same before the body is parsed. ``fix_legacy_lists`` mends lists left open
(``<li>a<li>b``, which ``html.parser`` nests) and turns runs of paragraphs typed as bullets
(``• a``, ``- b``) or numbers (``1. c``) into real lists.
"""

import re

from bs4 import NavigableString, Tag

BLOCK_TAGS = (
    "address|article|aside|blockquote|center|details|div|dl|fieldset|figcaption|figure|footer|"
    "form|h[1-6]|header|hr|iframe|li|main|nav|object|ol|p|pre|section|script|style|table|tbody|"
    "td|tfoot|th|thead|tr|ul|embed|noscript|svg|math"
)
STARTS_WITH_BLOCK = re.compile(rf"^\s*<(?:/?(?:{BLOCK_TAGS})\b|!--)", re.IGNORECASE)
PRE = re.compile(r"(<pre\b.*?</pre>)", re.IGNORECASE | re.DOTALL)
BULLET = re.compile(r"^\s*[•·▪◦‣●○■\-–*]\s+")
NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+")


def autop(text):
    """WordPress's ``wpautop`` in short: blank lines separate paragraphs, newlines are breaks."""
    parts = PRE.split(text.replace("\r\n", "\n"))
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(part)
            continue
        for chunk in re.split(r"\n\s*\n", part):
            if not chunk.strip():
                continue
            if STARTS_WITH_BLOCK.match(chunk):
                out.append(chunk)
            else:
                out.append("<p>" + chunk.strip().replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def fix_legacy_lists(soup):
    """``<li>`` left open (``<li>a<li>b``) and paragraphs typed as bullets become real lists."""
    for item in soup.find_all("li"):
        parent = item.parent
        if parent is not None and parent.name == "li":
            item.extract()
            parent.insert_after(item)
    for paragraph in soup.find_all("p"):
        if paragraph.parent is not None:  # not already taken into a list
            _join_typed_list(soup, paragraph)


def _join_typed_list(soup, first):
    for pattern, kind in ((BULLET, "ul"), (NUMBER, "ol")):
        run, node = [], first
        while isinstance(node, Tag) and node.name == "p" and pattern.match(node.get_text()):
            run.append(node)
            node = node.find_next_sibling()
        if len(run) < 2:
            continue
        listing = soup.new_tag(kind)
        first.insert_before(listing)
        for paragraph in run:
            item = soup.new_tag("li")
            for child in list(paragraph.contents):
                item.append(child.extract())
            if item.contents and isinstance(item.contents[0], NavigableString):
                item.contents[0].replace_with(pattern.sub("", str(item.contents[0]), count=1))
            listing.append(item)
            paragraph.decompose()
        return
