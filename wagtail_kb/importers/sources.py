"""What ``kb_import`` reads: WordPress exports, and ``.html``/``.md`` files or folders of them.

A source has ``scan(plan)`` (read it all, add its topics and articles to the plan, raise
``SourceError`` if it cannot be read), ``bodies(keys)`` (yield ``(key, html, size)`` in the
source's own order, for the keys asked for), ``link_target(href, spec)`` (the key of the article a
link points to) and ``local_file(src, spec, uploads)`` (the file an image or PDF refers to).
"""

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.utils.translation import gettext as _

from .cleaner import plain_text
from .documents import read_document
from .errors import SourceError
from .plan import TITLE_MAX, ArticleSpec, TopicSpec, excerpt_intro, make_slug
from .wxr import iter_wxr

KB_POST_TYPE = re.compile(r"^(epkb_post_type_\d+|docs|ht_kb)$")
STATUSES = {"publish", "draft", "pending", "future", "private"}
SKIPPED_STATUSES = {"trash": "in the trash", "auto-draft": "auto-drafts", "inherit": "revisions"}
NOT_CONTENT = {
    "attachment": "attachments",
    "nav_menu_item": "menu items",
    "wp_navigation": "menus",
    "revision": "revisions",
    "wp_block": "reusable blocks",
    "wp_template": "templates",
    "wp_template_part": "templates",
    "wp_global_styles": "theme styles",
    "custom_css": "theme styles",
    "customize_changeset": "customizer drafts",
    "oembed_cache": "embed caches",
    "user_request": "privacy requests",
}
FILE_SUFFIXES = {".html", ".htm", ".md", ".markdown"}
UPLOADS_PATH = "/wp-content/uploads/"
SIZED = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")


def taxonomies(post_type):
    """(category taxonomy, tag taxonomy) of a post type, as the plugins name them."""
    if post_type == "docs":
        return "doc_category", "doc_tag"
    if post_type == "post":
        return "category", "post_tag"
    return f"{post_type}_category", f"{post_type}_tag"


def _inside(path, folder):
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError):
        return False


class WXRSource:
    def __init__(self, path, index, *, post_types=None):
        self.path = Path(path)
        self.index = index
        self.post_types = set(post_types or ())
        self.site = ""

    def wanted(self, post_type):
        return (
            post_type in self.post_types if self.post_types else bool(KB_POST_TYPE.match(post_type))
        )

    def scan(self, plan):
        terms, pending = {}, []
        for kind, value in iter_wxr(self.path, keep_content=False):
            if kind == "term":
                terms[(value.taxonomy, value.slug)] = value
            elif kind == "item":
                self._scan_item(value, plan, pending)
            else:
                channel = value
        self.site = (channel.base_site_url or channel.link).rstrip("/")
        for url in (channel.base_site_url, channel.base_blog_url, channel.link):
            host = urlsplit(url).hostname if url else None
            if host:
                plan.hosts.add(host.lower())
        wanted_taxonomies = {taxonomies(spec.post_type)[0] for spec, _forms, _terms in pending}
        for (taxonomy, slug), term in terms.items():
            if taxonomy in wanted_taxonomies:
                plan.add_topic(
                    TopicSpec(
                        key=self._term_key(taxonomy, slug),
                        title=term.name[:TITLE_MAX] or slug,
                        slug=make_slug(slug),
                        parent_key=self._term_key(taxonomy, term.parent) if term.parent else None,
                        description=plain_text(term.description),
                        order=term.order,
                        source=f"{taxonomy}:{slug}",
                    )
                )
        for spec, forms, item_terms in pending:
            self._place(spec, item_terms, terms, plan)
            plan.add_article(spec, forms)

    def _term_key(self, taxonomy, slug):
        return f"term:{self.site}:{taxonomy}:{slug}"

    def _scan_item(self, item, plan, pending):
        post_type = item.post_type
        if post_type == "attachment":
            alt = item.meta.get("_wp_attachment_image_alt", "")
            url = item.attachment_url or item.guid
            plan.attachment_alt[item.post_id] = alt
            if url:
                plan.attachment_alt[url] = alt
            plan.skipped[NOT_CONTENT[post_type]] += 1
            return
        if post_type in NOT_CONTENT:
            plan.skipped[NOT_CONTENT[post_type]] += 1
            return
        if not self.wanted(post_type):
            plan.skipped[f"'{post_type}' items (not a knowledge-base post type)"] += 1
            return
        if item.status in SKIPPED_STATUSES:
            plan.skipped[SKIPPED_STATUSES[item.status]] += 1
            return
        notes = []
        title = plain_text(item.title)[:TITLE_MAX]
        if not title:
            title = _("Untitled (%(id)s)") % {"id": item.post_id}
            notes.append(_("it had no title"))
        status = item.status if item.status in STATUSES else "draft"
        if item.status not in STATUSES:
            notes.append(
                _("unknown status %(status)s: imported as a draft") % {"status": item.status}
            )
        name = item.post_name if not item.post_name.endswith("__trashed") else ""
        category, tag = taxonomies(post_type)
        spec = ArticleSpec(
            key=f"wp:{item.guid}" if item.guid else f"wp:{self.path.name}:{item.post_id}",
            title=title,
            slug=make_slug(name) if name else make_slug(title),
            source_index=self.index,
            status=status,
            password=item.password,
            menu_order=item.menu_order,
            date=item.post_date_gmt
            if item.post_date_gmt[:4] not in ("", "0000")
            else item.post_date,
            post_id=item.post_id,
            old_url=item.link if status == "publish" else "",
            source=item.link or item.guid,
            intro=excerpt_intro(plain_text(item.excerpt)),
            creator=item.creator,
            tags=[(slug, name) for taxonomy, slug, name in item.terms if taxonomy == tag],
            notes=notes,
            content_size=item.content_size,
            replaced_characters=item.replaced_characters,
            post_type=post_type,
        )
        forms = [item.link, item.guid, f"/?p={item.post_id}", f"/?page_id={item.post_id}"]
        forms += [f"/?p={item.post_id}&post_type={post_type}"]
        if item.post_name:
            forms.append(f"/?{post_type}={item.post_name}")
        item_terms = [(slug, name) for taxonomy, slug, name in item.terms if taxonomy == category]
        pending.append((spec, forms, item_terms))

    def _place(self, spec, item_terms, terms, plan):
        """The item goes into its deepest category; the others are named in the report."""
        if not item_terms:
            return
        category = taxonomies(spec.post_type)[0]

        def depth(slug):
            level, seen = 0, set()
            while (category, slug) in terms and slug not in seen:
                seen.add(slug)
                slug = terms[(category, slug)].parent
                level += 1
            return level

        chosen = max(item_terms, key=lambda term: depth(term[0]))
        key = self._term_key(category, chosen[0])
        if key not in plan.topics:
            # A single-post-type export names categories on items but leaves out their parents.
            plan.add_topic(
                TopicSpec(
                    key=key,
                    title=chosen[1] or chosen[0],
                    slug=make_slug(chosen[0]),
                    source=f"{category}:{chosen[0]}",
                    notes=[_("its parent category is not in the export: placed at the top")],
                )
            )
        spec.topic_key = key
        others = [name for slug, name in item_terms if slug != chosen[0]]
        if others:
            spec.notes.append(
                _("also in %(names)s (a page has one place)") % {"names": ", ".join(others)}
            )

    def bodies(self, keys, max_content):
        for kind, item in iter_wxr(self.path, max_content=max_content):
            if kind != "item":
                continue
            key = f"wp:{item.guid}" if item.guid else f"wp:{self.path.name}:{item.post_id}"
            if key in keys:
                yield key, item.content, item.content_size

    def link_target(self, href, spec, plan):
        return plan.article_for_link(href)

    def local_file(self, src, spec, uploads):
        if uploads is None:
            return None
        path = unquote(urlsplit(src).path)
        if UPLOADS_PATH not in path:
            return None
        relative = path.split(UPLOADS_PATH, 1)[1]
        candidates = [relative]
        if SIZED.search(relative):  # prefer the original over WordPress's resized copy
            candidates.insert(0, SIZED.sub("", relative))
        for candidate in candidates:
            file = uploads / candidate
            if _inside(file, uploads) and file.is_file():
                return file, f"upload:{PurePosixPath(candidate)}"
        return None


class FileSource:
    """``.html`` and ``.md`` files; in a folder, each sub-folder becomes a topic."""

    def __init__(self, path, index):
        self.path = Path(path)
        self.index = index
        self.root = self.path if self.path.is_dir() else self.path.parent
        self.files = {}

    def _files(self):
        if self.path.is_dir():
            found = [p for p in self.path.rglob("*") if p.suffix.lower() in FILE_SUFFIXES]
            return sorted(p for p in found if p.is_file() and not p.name.startswith("."))
        if not self.path.is_file():
            raise SourceError(_("%(file)s: no such file or folder") % {"file": self.path})
        return [self.path]

    def scan(self, plan):
        for file in self._files():
            relative = file.relative_to(self.root).as_posix()
            document = read_document(file)
            if file.stem == "_index":
                key = self._folder_key(PurePosixPath(relative).parent)
                if key:
                    topic = plan.add_topic(self._topic(PurePosixPath(relative).parent))
                    topic.title = document.title or topic.title
                    topic.description = document.intro
                continue
            parent = PurePosixPath(relative).parent
            topic_key = None
            for depth in range(1, len(parent.parts) + 1):
                folder = PurePosixPath(*parent.parts[:depth])
                plan.add_topic(self._topic(folder))
                topic_key = self._folder_key(folder)
            key = f"file:{relative}"
            self.files[key] = file
            spec = ArticleSpec(
                key=key,
                title=(
                    document.title or file.stem.replace("-", " ").replace("_", " ").capitalize()
                )[:TITLE_MAX],
                slug=make_slug(document.slug or file.stem),
                source_index=self.index,
                topic_key=topic_key,
                status=document.status,
                menu_order=document.order,
                date=document.date,
                source=relative,
                intro=excerpt_intro(document.intro),
                tags=[(make_slug(tag), tag) for tag in document.tags],
                content_size=file.stat().st_size,
            )
            plan.add_article(spec)
            plan.links.setdefault(key, key)

    def _folder_key(self, folder):
        return f"dir:{self.root.name}:{folder.as_posix()}" if folder.parts else None

    def _topic(self, folder):
        parent = folder.parent if len(folder.parts) > 1 else None
        name = folder.name
        return TopicSpec(
            key=self._folder_key(folder),
            title=name.replace("-", " ").replace("_", " ").capitalize(),
            slug=make_slug(name),
            parent_key=self._folder_key(parent) if parent else None,
            source=f"{folder.as_posix()}/",
        )

    def bodies(self, keys, max_content):
        for key, file in self.files.items():
            if key in keys:
                document = read_document(file, with_body=True)
                yield key, document.html, len(document.html)

    def link_target(self, href, spec, plan):
        parts = urlsplit(href or "")
        if parts.scheme or parts.netloc or not parts.path:
            return None
        base = PurePosixPath(spec.source).parent
        target = PurePosixPath(unquote(parts.path))
        joined = (
            (base / target) if not parts.path.startswith("/") else PurePosixPath(*target.parts[1:])
        )
        normal = []
        for part in joined.parts:
            if part == "..":
                if normal:
                    normal.pop()
            elif part != ".":
                normal.append(part)
        path = "/".join(normal)
        candidates = [path, path.rstrip("/")]
        if not PurePosixPath(path).suffix:
            candidates += [
                f"{path.rstrip('/')}{suffix}" for suffix in (".md", ".html", "/index.md")
            ]
        for candidate in candidates:
            if f"file:{candidate}" in plan.links:
                return f"file:{candidate}"
        return None

    def local_file(self, src, spec, uploads):
        parts = urlsplit(src or "")
        if parts.scheme or parts.netloc:
            return None
        folder = (self.root / spec.source).parent
        file = folder / unquote(parts.path)
        if _inside(file, self.root) and file.is_file():
            relative = file.resolve().relative_to(self.root.resolve()).as_posix()
            return file, f"file-upload:{relative}"
        return None
