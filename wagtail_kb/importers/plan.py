"""What an import will make, worked out before anything is written.

Reading every source to the end first is what lets a broken file fail before a single page is
made, puts articles in their final order (``menu_order``, then date) and lets a link point to an
article that comes later in the file. A plan keeps no bodies: it is small whatever the file size.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from django.utils.text import slugify

SLUG_MAX = 255
TITLE_MAX = 255


@dataclass
class TopicSpec:
    key: str
    title: str
    slug: str
    parent_key: str | None = None
    description: str = ""
    order: int | None = None
    source: str = ""
    notes: list = field(default_factory=list)
    # Filled in by Plan.finish().
    depth: int = 0
    has_public: bool = False


@dataclass
class ArticleSpec:
    key: str
    title: str
    slug: str
    source_index: int
    topic_key: str | None = None
    status: str = "publish"
    password: str = ""
    menu_order: int = 0
    date: str = ""
    post_id: int = 0
    old_url: str = ""
    source: str = ""
    intro: str = ""
    creator: str = ""
    tags: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    content_size: int = 0
    replaced_characters: int = 0
    post_type: str = ""

    @property
    def public(self):
        return self.status == "publish" and not self.password


def make_slug(text, fallback="item"):
    """A Wagtail slug from a WordPress ``post_name`` (percent-encoded) or a title."""
    slug = slugify(unquote(text or ""), allow_unicode=True)[:SLUG_MAX].strip("-")
    return slug or fallback


def link_key(href, hosts):
    """A comparable form of a link to WordPress content: path and the query keys that name a
    post (``p``, ``page_id``, ``post_type``, a post type's own ``?docs=slug``). None for links to
    other sites."""
    try:
        parts = urlsplit((href or "").strip())
    except ValueError:
        return None
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return None
    if parts.hostname and parts.hostname.lower() not in hosts:
        return None
    path = unquote(parts.path or "/").rstrip("/") or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if k not in ("preview", "amp"))
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")


class Plan:
    def __init__(self):
        self.topics = {}
        self.articles = []
        self.links = {}
        self.skipped = Counter()
        self.notes = []
        self.hosts = set()
        # WordPress attachments: post id → (url, alt), url → alt.
        self.attachment_alt = {}

    def add_topic(self, spec):
        existing = self.topics.get(spec.key)
        if existing is None:
            self.topics[spec.key] = spec
            return spec
        # A term named again (e.g. by an item of a single-post-type export) keeps what is known.
        existing.parent_key = existing.parent_key or spec.parent_key
        existing.description = existing.description or spec.description
        return existing

    def add_article(self, spec, link_forms=()):
        self.articles.append(spec)
        for form in link_forms:
            key = link_key(form, self.hosts) if form else None
            if key and key != "/":
                self.links.setdefault(key, spec.key)

    def article_for_link(self, href):
        key = link_key(href, self.hosts)
        return self.links.get(key) if key else None

    def finish(self):
        """Depths, order and which topics hold anything the public may see."""
        for topic in self.topics.values():
            seen, parent = {topic.key}, topic.parent_key
            while parent and parent in self.topics and parent not in seen:
                seen.add(parent)
                topic.depth += 1
                parent = self.topics[parent].parent_key
            if parent and parent not in self.topics:
                topic.parent_key = None
        used = Counter(article.topic_key for article in self.articles if article.topic_key)
        for article in self.articles:
            key = article.topic_key
            while key and key in self.topics:
                if article.public:
                    self.topics[key].has_public = True
                key = self.topics[key].parent_key
        # Topics with no article in them or below them are left out (and said so).
        keep = set()
        for key in used:
            while key and key in self.topics and key not in keep:
                keep.add(key)
                key = self.topics[key].parent_key
        for key in list(self.topics):
            if key not in keep:
                self.skipped["empty categories"] += 1
                del self.topics[key]
        self.articles.sort(key=lambda a: (a.menu_order, a.date, a.post_id, a.title.lower()))

    def ordered_topics(self):
        """Parents before children; siblings by the plugin's order, then by title."""
        children = {}
        for topic in self.topics.values():
            children.setdefault(topic.parent_key, []).append(topic)
        ordered = []

        def visit(parent):
            siblings = sorted(
                children.get(parent, []),
                key=lambda t: (t.order is None, t.order or 0, t.title.lower()),
            )
            for topic in siblings:
                ordered.append(topic)
                visit(topic.key)

        visit(None)
        return ordered


def excerpt_intro(text, limit=500):
    """An intro from an excerpt: plain text, at most ``limit`` characters, cut at a word."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
