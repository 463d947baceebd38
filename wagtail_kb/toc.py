"""Table of contents: give the body's headings ids and list them, once per page revision.

``build_toc(html)`` parses rendered body HTML with BeautifulSoup, gives every ``<h2>``/``<h3>`` a
readable, unique ``id`` (the slug of its text; repeats get ``-2``, ``-3``…; ids already used in
the body or by the page template, and any beginning with ``kb-``, are never reused) and returns
the new HTML with the tree of headings. ``render_article_body(page, context)`` renders an
article's body and caches both in Django's cache framework, keyed by the live revision and a
digest of the stored body, so a warm render does no parsing. The ids of the site's base template
(``wagtail_kb.base_template``) are reserved too; a cached body made for other ones is not used.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import get_language

from . import base_template, embeds, private_documents
from .conf import kb_settings

# Ids the package's own templates use; headings never take them. Ids beginning with
# RESERVED_PREFIX are reserved as well: templates (the package's, and a site's overrides) that need
# a new id should start it with "kb-" so that no heading can ever collide with it.
RESERVED_PREFIX = "kb-"
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
        "topic-articles-title",
        "rating",
        "rating-title",
        "rating-form",
        "rating-summary",
        "feedback",
        "pagination",
        "top",
    }
)
CACHE_VERSION = 2
_ID_WHITESPACE = re.compile(r"[\t\n\f\r ]")


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
    if base.startswith(RESERVED_PREFIX):
        base = f"h-{base}"
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
    taken.update(tag["id"] for tag in soup.find_all(id=True) if id(tag) not in heading_set)
    # First, every heading that already has an id of its own keeps it (empty headings too), so
    # a slug made for an earlier heading never takes an id a later heading already carries.
    # An id that is reserved or repeated would make the page invalid: it is dropped, and the
    # heading gets a slug below like any other.
    for tag in headings:
        existing = tag.get("id")
        if (
            existing
            and existing not in taken
            and not existing.startswith(RESERVED_PREFIX)
            and not _ID_WHITESPACE.search(existing)  # not a valid id: "#a b" links nowhere
        ):
            taken.add(existing)
        elif existing is not None:
            del tag["id"]

    entries, current_top = [], None
    top_level = min((int(level[1]) for level in levels), default=2)
    for tag in headings:
        text = " ".join(tag.get_text(" ", strip=True).split())
        if not text:
            continue
        if not tag.get("id"):
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


def _body_digest(page):
    """A short digest of the stored body.

    The revision id alone misses bodies changed without a new revision: an alias page takes its
    original's content on every publish but has no revisions of its own, and a data migration or
    script may ``save()`` a page directly. Hashing the stored JSON costs microseconds, not a parse.
    """
    raw = [(item.get("type"), item.get("value")) for item in page.body.raw_data]
    payload = json.dumps(raw, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":"))
    return hashlib.blake2b(payload.encode(), digest_size=12).hexdigest()


def _ids_digest(ids):
    return hashlib.blake2b("\0".join(sorted(ids)).encode(), digest_size=8).hexdigest()


def _cache_key(page):
    return ":".join(
        str(part)
        for part in (
            "wagtail_kb:toc",
            CACHE_VERSION,
            page.pk,
            page.live_revision_id or page.latest_revision_id or 0,
            _body_digest(page),
            # A document moved into (or out of) a private collection changes the body.
            private_documents.version(),
            get_language() or "",
        )
    )


def _cache_timeout(has_fallbacks):
    """Seconds to keep a body; one showing a fallback card no longer than the failure behind it."""
    timeout = kb_settings.TOC_CACHE_TIMEOUT
    if has_fallbacks:
        limits = [t for t in (timeout, kb_settings.EMBED_FAILURE_TIMEOUT) if t is not None]
        timeout = min(limits) if limits else None  # ``None`` means "forever" in Django's cache.
    return timeout


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
    # Heading ids never take an id of the site's base template (or WAGTAILKB_RESERVED_IDS): a
    # body cached while other ids were in use does not count.
    site = base_template.inspect(context)
    reserved = RESERVED_IDS | site.ids | frozenset(kb_settings.RESERVED_IDS)
    reserved_key = _ids_digest(reserved)
    if use_cache:
        cached = cache.get(key)
        if cached is not None and cached.get("reserved") == reserved_key:
            entries = [TocEntry.from_dict(entry) for entry in cached["toc"]]
            return ArticleBody(cached["html"], entries, cached["words"])

    html, fallbacks = render_body(page, context)
    html, entries, words = build_toc(html, reserved_ids=reserved)
    if use_cache:
        data = {"html": html, "toc": [e.as_dict() for e in entries], "words": words}
        data["reserved"] = reserved_key
        cache.set(key, data, _cache_timeout(bool(fallbacks)))
    return ArticleBody(html, entries, words)
