"""Table of contents: give the body's headings ids and list them, once per page revision.

``build_toc(html)`` parses rendered body HTML with BeautifulSoup, gives every ``<h2>``/``<h3>`` a
readable, unique ``id`` (the slug of its text; repeats get ``-2``, ``-3``…; ids already used in
the body or by the page template are never reused) and returns the new HTML with the tree of
headings. ``render_article_body(page, context)`` renders an article's body and caches both in
Django's cache framework, keyed by the live revision, so a warm render does no parsing.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from bs4 import BeautifulSoup
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import get_language

from . import embeds
from .conf import kb_settings

# Ids the package's own templates use; headings never take them.
RESERVED_IDS = frozenset(
    {
        "main",
        "main-content",
        "content",
        "kb-header",
        "kb-search",
        "kb-search-input",
        "kb-search-results",
        "kb-nav",
        "toc",
        "toc-title",
        "toc-toggle",
        "article",
        "article-title",
        "article-body",
        "topic-articles",
        "rating",
        "rating-title",
        "rating-form",
        "rating-summary",
        "feedback",
        "pagination",
        "top",
    }
)
CACHE_VERSION = 1


@dataclass
class TocEntry:
    id: str
    text: str
    level: int
    children: list["TocEntry"] = field(default_factory=list)

    def as_dict(self):
        return {
            "id": self.id,
            "text": self.text,
            "level": self.level,
            "children": [child.as_dict() for child in self.children],
        }

    @classmethod
    def from_dict(cls, data):
        return cls(
            id=data["id"],
            text=data["text"],
            level=data["level"],
            children=[cls.from_dict(child) for child in data["children"]],
        )


class ArticleBody(NamedTuple):
    html: str
    toc: list
    words: int


def _unique_id(text, taken):
    base = slugify(text, allow_unicode=True)[:80].strip("-") or "section"
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}-{suffix}"
    taken.add(candidate)
    return candidate


def build_toc(html, *, reserved_ids=RESERVED_IDS, levels=None):
    """Return ``(html_with_ids, entries, word_count)`` for rendered body HTML."""
    levels = tuple(levels or kb_settings.TOC_HEADING_LEVELS)
    soup = BeautifulSoup(html, "html.parser")
    headings = soup.find_all(levels)
    heading_set = {id(tag) for tag in headings}
    taken = set(reserved_ids)
    taken.update(
        tag["id"] for tag in soup.find_all(id=True) if id(tag) not in heading_set
    )

    entries, current_top = [], None
    top_level = min((int(level[1]) for level in levels), default=2)
    for tag in headings:
        text = " ".join(tag.get_text(" ", strip=True).split())
        if not text:
            continue
        existing = tag.get("id")
        if existing and existing not in taken:
            taken.add(existing)
        else:
            tag["id"] = _unique_id(text, taken)
        level = int(tag.name[1])
        entry = TocEntry(id=tag["id"], text=text, level=level)
        if level > top_level and current_top is not None:
            current_top.children.append(entry)
        else:
            entries.append(entry)
            if level == top_level:
                current_top = entry
    return str(soup), entries, len(soup.get_text(" ").split())


def _cache_key(page):
    return ":".join(
        str(part)
        for part in (
            "wagtail_kb:toc",
            CACHE_VERSION,
            page.pk,
            page.live_revision_id or page.latest_revision_id or 0,
            get_language() or "",
        )
    )


def render_body(page, context):
    """Render the body as the template would, and collect the URLs shown as fallback cards."""
    fallbacks = []
    token = embeds.fallback_rendered.set(fallbacks)
    try:
        html = render_to_string(
            "wagtail_kb/includes/article_body.html",
            {"page": page, "request": context.get("request")},
        )
    finally:
        embeds.fallback_rendered.reset(token)
    return html, fallbacks


def render_article_body(page, context, *, use_cache=True):
    """Return an :class:`ArticleBody`; cached per live revision unless ``use_cache`` is off."""
    cache = caches[kb_settings.CACHE_ALIAS]
    key = _cache_key(page)
    if use_cache:
        cached = cache.get(key)
        if cached is not None:
            entries = [TocEntry.from_dict(entry) for entry in cached["toc"]]
            return ArticleBody(cached["html"], entries, cached["words"])

    html, fallbacks = render_body(page, context)
    html, entries, words = build_toc(html)
    if use_cache:
        # A fallback card is kept no longer than the failure it stands for.
        timeout = (
            min(kb_settings.TOC_CACHE_TIMEOUT, kb_settings.EMBED_FAILURE_TIMEOUT)
            if fallbacks
            else kb_settings.TOC_CACHE_TIMEOUT
        )
        data = {"html": html, "toc": [e.as_dict() for e in entries], "words": words}
        cache.set(key, data, timeout)
    return ArticleBody(html, entries, words)
