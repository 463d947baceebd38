"""An article as Markdown (``<article url>index.html.md``), cached per revision.

Every body block has its Markdown: headings, rich text (``html_markdown``), highlights and
takeaways as lists, callouts as quotes, tables, code as fenced blocks, images by their rendition
URL and alternative text, a video or a deck as a link with its caption (and the video's
transcript in full). A deck's document in a private collection is left out, as on the page
(``wagtail_kb.private_documents``). No HTML reaches the result.

The text is cached in ``WAGTAILKB_CACHE_ALIAS`` for ``WAGTAILKB_MARKDOWN_CACHE_TIMEOUT`` under the
article's live revision, a digest of its stored body, the documents' privacy version, the
language and the site's root URL.
"""

import hashlib
import json

from django.core.cache import caches
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import formats, translation
from django.utils.translation import gettext as _

from .. import private_documents
from ..conf import kb_settings
from .html_markdown import code_block, escape, html_to_markdown, inline_markdown, table

CACHE_VERSION = 1
IMAGE_RENDITION = "width-1200"


def _titled(value):
    heading = (value.get("heading") or "").strip()
    return [f"## {escape(heading)}"] if heading else []


def _link(text, url):
    return f"[{escape(str(text))}](<{url}>)"


def _media(value, label):
    """A video's or deck's heading, then a link to it (``label`` % its title), else its caption."""
    parts = _titled(value)
    caption = (value.get("caption") or "").strip()
    url = (value.get("url") or "").strip()
    if url:
        parts.append(_link(label % {"title": caption or value.get("heading") or url}, url))
    elif caption:
        parts.append(escape(caption))
    return parts


def _video(value, base_url):
    parts = _media(value, _("Video: %(title)s"))
    transcript = (value.get("transcript") or "").strip()
    if transcript:
        parts.append(f"**{_('Transcript')}**")
        parts.extend(escape(chunk.strip()) for chunk in transcript.split("\n\n") if chunk.strip())
    return parts


def _deck(value, base_url):
    parts = _media(value, _("Slides: %(title)s"))
    document = value.get("document")
    if document is not None and private_documents.is_public(document):
        label = _("Download “%(title)s” (%(ext)s)") % {
            "title": document.title,
            "ext": document.file_extension.upper(),
        }
        parts.append(_link(label, _absolute(document.url, base_url)))
    return parts


def _absolute(url, base_url):
    if url.startswith("/") and base_url:
        return base_url.rstrip("/") + url
    return url


def _items(value, base_url, ordered):
    parts = _titled(value)
    lines = []
    for number, item in enumerate(value.get("items") or [], start=1):
        marker = f"{number}." if ordered else "-"
        lines.append(f"{marker} {inline_markdown(str(item), base_url)}")
    if lines:
        parts.append("\n".join(lines))
    return parts


def _callout(block, base_url):
    value = block.value
    label = dict(block.block.child_blocks["tone"].field.choices).get(value.get("tone"), "")
    heading = (value.get("heading") or "").strip()
    first = f"**{label}: {escape(heading)}**" if heading else f"**{label}**"
    text = html_to_markdown(str(value.get("text") or ""), base_url)
    lines = [first, "", *text.splitlines()]
    return ["\n".join(f"> {line}".rstrip() for line in lines)]


def _image(image, base_url):
    if image is None:
        return []
    url = _absolute(image.get_rendition(IMAGE_RENDITION).url, base_url)
    alt = getattr(image, "contextual_alt_text", None) or image.title
    return [f"![{escape(alt)}](<{url}>)"]


def _table(value, base_url):
    rows = [[inline_markdown(str(cell or ""), base_url) for cell in row] for row in value["rows"]]
    rows = [row for row in rows if row]
    if not rows:
        return []
    parts = [f"*{escape(value['caption'])}*"] if value.get("caption") else []
    parts.append(table(rows, header=bool(value.get("header_row")) and len(rows) > 1))
    return parts


def block_markdown(block, base_url=""):
    """The Markdown parts of one body block (a list of paragraphs)."""
    kind, value = block.block_type, block.value
    if kind == "heading":
        return [f"## {escape(str(value))}"] if str(value).strip() else []
    if kind == "paragraph":
        text = html_to_markdown(str(value), base_url)
        return [text] if text else []
    if kind == "video":
        return _video(value, base_url)
    if kind == "deck":
        return _deck(value, base_url)
    if kind in ("highlights", "takeaways"):
        return _items(value, base_url, ordered=kind == "takeaways")
    if kind == "callout":
        return _callout(block, base_url)
    if kind == "image":
        return _image(value, base_url)
    if kind == "table":
        return _table(value, base_url)
    if kind == "code":
        return [code_block(value.get("code") or "", value.get("language") or "")]
    # A block type a site added: its text, if it renders any.
    text = html_to_markdown(block.render(), base_url)
    return [text] if text else []


def body_markdown(page, base_url=""):
    parts = []
    for block in page.body:
        parts.extend(block_markdown(block, base_url))
    return "\n\n".join(parts)


def render_markdown(page, request=None):
    """The article as a Markdown document (title, intro, body, source and last update)."""
    url = page.get_full_url(request) or ""
    base_url = _site_root(page, request)
    parts = [f"# {escape(page.title)}"]
    if page.intro:
        parts.append(escape(" ".join(page.intro.split())))
    body = body_markdown(page, base_url)
    if body:
        parts.append(body)
    footer = []
    if url:
        footer.append(_("Source: %(url)s") % {"url": url})
    if page.last_published_at:
        date = formats.date_format(page.last_published_at, "DATE_FORMAT")
        footer.append(_("Last updated: %(date)s") % {"date": date})
    if footer:
        parts.append("---\n\n" + "  \n".join(footer))
    return "\n\n".join(parts) + "\n"


def _site_root(page, request):
    """The root URL (scheme and host) of the page's site, for absolute links."""
    url = page.get_full_url(request) or ""
    if "://" not in url:
        return ""
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}"


def _body_digest(page):
    raw = [(item.get("type"), item.get("value")) for item in page.body.raw_data]
    payload = json.dumps(
        [page.title, page.intro, raw], sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":")
    )
    return hashlib.blake2b(payload.encode(), digest_size=12).hexdigest()


def cache_key(page, request=None):
    parts = (
        "wagtail_kb:markdown",
        CACHE_VERSION,
        page.pk,
        page.live_revision_id or 0,
        _body_digest(page),
        private_documents.version(),
        translation.get_language() or "",
        _site_root(page, request),
    )
    return ":".join(str(part) for part in parts)


def article_markdown(page, request=None):
    """``render_markdown(page)``, cached per revision (see the module's docstring)."""
    cache = caches[kb_settings.CACHE_ALIAS]
    key = cache_key(page, request)
    text = cache.get(key)
    if text is None:
        text = render_markdown(page, request)
        cache.set(key, text, kb_settings.MARKDOWN_CACHE_TIMEOUT)
    return text
