"""A ``.md`` or ``.html`` file: its title, its settings (front matter, meta tags), its body as HTML.

Markdown front matter (between ``---`` lines) may set ``title``, ``slug``, ``description`` (or
``summary``/``excerpt``), ``status`` (``draft``…) or ``draft: true``, ``order`` (or ``weight``),
``date`` and ``tags`` (``[a, b]``, ``a, b`` or a ``- a`` list). Without a title the first ``#``
heading is the title (and leaves the body). An HTML file's title is its ``<title>`` or first
``<h1>``; its ``<meta name="description">`` is the intro; the body is ``<main>``, ``<article>`` or
``<body>``. Markdown needs the Markdown package (``pip install "wagtail-kb[markdown]"``).
"""

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from django.utils.translation import gettext as _

from .errors import SourceError

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)
MD_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
MARKDOWN_EXTENSIONS = ["tables", "fenced_code", "sane_lists"]


@dataclass
class Document:
    title: str = ""
    slug: str = ""
    intro: str = ""
    status: str = "publish"
    order: int = 0
    date: str = ""
    tags: list = field(default_factory=list)
    html: str = ""


def _read(path):
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{path}: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def front_matter(text):
    """``(settings, rest of the text)`` for simple YAML-like front matter."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    settings, key = {}, None
    for line in match.group(1).splitlines():
        item = re.match(r"^\s*-\s+(.*)$", line)
        if item and key:
            settings.setdefault(key, [])
            if isinstance(settings[key], list):
                settings[key].append(item.group(1).strip().strip("'\""))
            continue
        pair = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", line)
        if pair:
            key, value = pair.group(1).lower(), pair.group(2).strip()
            if value.startswith("[") and value.endswith("]"):
                value = [v.strip().strip("'\"") for v in value[1:-1].split(",") if v.strip()]
            else:
                value = value.strip("'\"")
            settings[key] = value if value != "" else []
    return settings, text[match.end() :]


def _settings_into(document, settings):
    text = lambda name: settings.get(name) if isinstance(settings.get(name), str) else ""  # noqa: E731
    document.title = text("title")
    document.slug = text("slug")
    document.intro = text("description") or text("summary") or text("excerpt")
    status = text("status").lower()
    if status in ("draft", "pending", "private", "future", "publish"):
        document.status = status
    if text("draft").lower() in ("true", "yes", "1"):
        document.status = "draft"
    order = text("order") or text("weight")
    document.order = int(order) if order.lstrip("-").isdigit() else 0
    document.date = text("date")
    tags = settings.get("tags") or []
    document.tags = tags if isinstance(tags, list) else [t.strip() for t in tags.split(",")]
    document.tags = [tag for tag in document.tags if tag][:50]


def _markdown(text, path):
    try:
        import markdown
    except ImportError:  # an optional dependency
        raise SourceError(
            _(
                "%(file)s: Markdown files need the Markdown package "
                '(pip install "wagtail-kb[markdown]")'
            )
            % {"file": path}
        ) from None
    return markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS)


def read_document(path, with_body=False):
    text = _read(path)
    document = Document()
    if path.suffix.lower() in (".md", ".markdown"):
        settings, body = front_matter(text)
        _settings_into(document, settings)
        if not document.title:
            heading = MD_TITLE.search(body)
            if heading:
                document.title = heading.group(1).strip()
                body = body[: heading.start()] + body[heading.end() :]
        # Converted at scan time too: a missing Markdown package fails before anything is written.
        html = _markdown(body, path)
        document.html = html if with_body else ""
        return document
    soup = BeautifulSoup(text, "html.parser")
    title = soup.find("title")
    heading = soup.find("h1")
    document.title = (title.get_text(" ", strip=True) if title else "") or (
        heading.get_text(" ", strip=True) if heading else ""
    )
    meta = soup.find("meta", attrs={"name": "description"})
    document.intro = (meta.get("content") or "").strip() if meta else ""
    if with_body:
        container = soup.find("main") or soup.find("article") or soup.find("body") or soup
        first = container.find("h1")
        if first is not None and first.get_text(" ", strip=True) == document.title:
            first.decompose()
        document.html = container.decode_contents() if container is not soup else str(soup)
    return document
