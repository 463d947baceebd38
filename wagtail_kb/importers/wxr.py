"""A streaming reader for WordPress exports (WXR 1.0–1.2, as *Tools → Export* writes them).

The file is fed to expat in 64 KB pieces and each ``<item>`` is handed on as soon as it ends, so a
50 MB export costs the memory of its largest item, not of the file. The reader:

- decodes the bytes itself, replacing what is not valid in the declared encoding and the control
  characters XML 1.0 forbids (both common in exports of old sites) with U+FFFD, and says how many
  it replaced, instead of failing on the first one as expat would;
- refuses entity declarations (no "billion laughs", no external entities);
- raises ``SourceError`` (one line: file, line, what is wrong) for a file that is not a WordPress
  export, is not well-formed or ends before ``</rss>``.
"""

import codecs
import html
import re
from dataclasses import dataclass, field
from xml.parsers import expat

from django.utils.translation import gettext as _

from .errors import SourceError

CHUNK = 64 * 1024
NS_SEP = "}"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
# Control characters XML 1.0 does not allow (tab, newline and carriage return are allowed).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Post meta worth keeping: an attachment's alt text and file, and ordering keys of the plugins.
KEPT_META = {"_wp_attachment_image_alt", "_wp_attached_file", "_thumbnail_id"}


@dataclass
class Term:
    taxonomy: str
    slug: str
    name: str
    parent: str = ""
    description: str = ""
    term_id: int = 0
    order: int | None = None


@dataclass
class Item:
    guid: str = ""
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    post_id: int = 0
    post_date: str = ""
    post_date_gmt: str = ""
    post_name: str = ""
    status: str = ""
    post_parent: int = 0
    menu_order: int = 0
    post_type: str = ""
    password: str = ""
    attachment_url: str = ""
    # (taxonomy, slug, name) for each category or tag the item is in.
    terms: list = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    # Characters of the body (also counted when the body itself was not kept).
    content_size: int = 0
    replaced_characters: int = 0
    line: int = 0


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""


def unescape(text):
    """WordPress escapes names and titles once more than XML needs (``Account &amp; Billing``)."""
    return html.unescape(text or "").strip()


def _int(text):
    try:
        return int((text or "").strip() or 0)
    except ValueError:
        return 0


class _Handler:
    """Collects the channel, its terms and its items from expat's events."""

    def __init__(self, on_term, on_item, keep_content, max_content):
        self.on_term, self.on_item = on_term, on_item
        self.keep_content, self.max_content = keep_content, max_content
        self.channel = Channel()
        self.stack = []
        self.text = []
        self.text_size = 0
        self.item = None
        self.term = None
        self.meta_key = None
        self.seen_rss = self.seen_wp = self.closed = False
        self.parser = None

    # local name and whether the namespace is WordPress's own
    @staticmethod
    def _split(name):
        if NS_SEP in name:
            ns, local = name.rsplit(NS_SEP, 1)
            return ns, local
        return "", name

    def start(self, name, attrs):
        ns, local = self._split(name)
        if not self.stack and local != "rss":
            raise SourceError(
                _("not a WordPress export (it starts with <%(tag)s>)") % {"tag": local}
            )
        self.stack.append((ns, local))
        self.text, self.text_size = [], 0
        if local == "rss" and len(self.stack) == 1:
            self.seen_rss = True
        elif local == "item" and not ns:
            self.item = Item(line=self.parser.CurrentLineNumber)
        elif ns.startswith("http://wordpress.org/export/") and local in ("category", "tag", "term"):
            if self.item is None:
                self.term = Term(
                    taxonomy={"category": "category", "tag": "post_tag"}.get(local, ""),
                    slug="",
                    name="",
                )
        elif local == "category" and self.item is not None and not ns:
            self._category = (attrs.get("domain", "category"), attrs.get("nicename", ""))

    def data(self, text):
        if self.item is not None and "\ufffd" in text:
            self.item.replaced_characters += text.count("\ufffd")
        if self.item is not None and self.stack and self.stack[-1] == (CONTENT_NS, "encoded"):
            self.text_size += len(text)
            if not self.keep_content or self.text_size > self.max_content:
                return
        self.text.append(text)

    def end(self, name):
        ns, local = self.stack.pop()
        text = "".join(self.text)
        self.text, size = [], self.text_size
        self.text_size = 0
        is_wp = ns.startswith("http://wordpress.org/export/") and not ns.endswith("/excerpt/")
        if is_wp:
            self.seen_wp = True
        if local == "rss" and not self.stack:
            self.closed = True
            return
        if self.term is not None:
            self._end_term(local, text, is_wp)
            return
        if self.item is not None:
            self._end_item(ns, local, text, is_wp, size)
            return
        if len(self.stack) == 2 and self.stack[1][1] == "channel":
            self._end_channel(local, text, is_wp)

    def _end_channel(self, local, text, is_wp):
        channel = self.channel
        rss_field = not is_wp and local in ("title", "link") and not getattr(channel, local)
        if rss_field or is_wp and local in ("base_site_url", "base_blog_url", "wxr_version"):
            setattr(channel, local, text.strip())

    def _end_term(self, local, text, is_wp):
        term = self.term
        if local in ("category", "tag", "term") and is_wp:
            self.term = None
            if term.taxonomy and term.slug:
                self.on_term(term)
        elif local == "meta_key":
            self.meta_key = text.strip()
        elif local == "meta_value" and self.meta_key:
            if self.meta_key.endswith("order") and text.strip().lstrip("-").isdigit():
                term.order = int(text.strip())
            self.meta_key = None
        elif local == "term_taxonomy":
            term.taxonomy = text.strip()
        elif local in ("category_nicename", "tag_slug", "term_slug"):
            term.slug = text.strip()
        elif local in ("cat_name", "tag_name", "term_name"):
            term.name = unescape(text)
        elif local in ("category_parent", "term_parent"):
            term.parent = text.strip()
        elif local in ("category_description", "tag_description", "term_description"):
            term.description = unescape(text)
        elif local == "term_id":
            term.term_id = _int(text)

    def _end_item(self, ns, local, text, is_wp, size):
        item = self.item
        if local == "item" and not ns:
            self.item = None
            self.on_item(item)
        elif not is_wp:
            if ns == CONTENT_NS and local == "encoded":
                item.content, item.content_size = text, size
            elif ns.endswith("/excerpt/") and local == "encoded":
                item.excerpt = text
            elif ns == DC_NS and local == "creator":
                item.creator = text.strip()
            elif not ns and local in ("title", "link", "guid"):
                setattr(item, local, text.strip())
            elif not ns and local == "category":
                domain, slug = self._category
                item.terms.append((domain, slug, unescape(text)))
        elif local == "meta_key":
            self.meta_key = text.strip()
        elif local == "meta_value":
            if self.meta_key in KEPT_META:
                item.meta[self.meta_key] = text.strip()
            self.meta_key = None
        elif local in ("post_id", "post_parent", "menu_order"):
            setattr(item, local, _int(text))
        elif local in ("post_date", "post_date_gmt", "post_name", "post_type", "attachment_url"):
            setattr(item, local, text.strip())
        elif local == "status":
            item.status = text.strip()
        elif local == "post_password":
            item.password = text


def _reject_entities(*args):
    raise SourceError(_("the file declares XML entities, which a WordPress export never does"))


class _Decoder:
    """Bytes → text, replacing undecodable bytes and XML-illegal characters (and counting them)."""

    def __init__(self):
        self.decoder = None
        self.replaced = 0
        self.head = b""

    def _encoding(self, head):
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        match = re.match(rb"<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']", head.lstrip())
        name = match.group(1).decode("ascii") if match else "utf-8"
        try:
            return codecs.lookup(name).name
        except LookupError:
            return "utf-8"

    def decode(self, chunk, final=False):
        if self.decoder is None:
            self.decoder = codecs.getincrementaldecoder(self._encoding(chunk[:200]))("replace")
        text = self.decoder.decode(chunk, final)
        self.replaced += text.count("\ufffd")
        text, illegal = XML_ILLEGAL.subn("\ufffd", text)
        self.replaced += illegal
        return text


def iter_wxr(path, *, keep_content=True, max_content=None):
    """Yield ``("term", Term)`` and ``("item", Item)`` in file order, then ``("channel", Channel)``.

    ``keep_content=False`` skips the bodies (their size is still counted); a body longer than
    ``max_content`` characters is not kept either. Raises ``SourceError`` (possibly after items were
    yielded: a caller that must not act on a broken file reads it to the end first).
    """
    ready = []
    handler = _Handler(
        lambda term: ready.append(("term", term)),
        None,
        keep_content,
        max_content if max_content is not None else float("inf"),
    )
    decoder = _Decoder()
    parser = expat.ParserCreate(namespace_separator=NS_SEP)
    handler.parser = parser
    parser.buffer_text = True
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.data
    parser.EntityDeclHandler = _reject_entities
    parser.ExternalEntityRefHandler = _reject_entities
    handler.on_item = lambda item: ready.append(("item", item))
    name = str(path)
    final = False
    try:
        with open(path, "rb") as file:
            while chunk := file.read(CHUNK):
                parser.Parse(decoder.decode(chunk), False)
                yield from ready
                ready.clear()
            final = True
            parser.Parse(decoder.decode(b"", final=True), True)
            yield from ready
            ready.clear()
    except expat.ExpatError as error:
        message = expat.ErrorString(error.code)
        if final and handler.stack:
            message = _("the file ends before the export does (is it cut short?)")
        raise SourceError(
            _("%(file)s, line %(line)s: %(message)s")
            % {"file": name, "line": error.lineno, "message": message}
        ) from None
    except SourceError as error:
        raise SourceError(f"{name}: {error}") from None
    except OSError as error:
        raise SourceError(f"{name}: {error.strerror or error}") from None
    if not handler.closed:
        raise SourceError(
            _("%(file)s: the file ends before the export does (is it cut short?)") % {"file": name}
        )
    if not handler.seen_wp:
        raise SourceError(_("%(file)s: not a WordPress export (no wp: elements)") % {"file": name})
    yield ("channel", handler.channel)
