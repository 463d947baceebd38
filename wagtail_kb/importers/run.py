"""An import from start to end, in steps that can be spread over several calls.

``ImportRun(sources, home, …).prepare()`` reads every source to the end (a broken file raises
``SourceError`` here, before anything is written) and plans the topics and articles. ``step(n)``
then does up to ``n`` units of work and returns True when the import is finished; ``progress``
says how far it is. The command runs it in one go (``run()``); a view can call ``step()`` once per
request, so a 2,000-item export never has to fit in one request. The phases:

1. topics, parents first (created or updated, each in its own transaction);
2. a page for each new article, in the final order (``menu_order``, then date), so that links
   between articles can point to pages that exist;
3. each article's content: body blocks, intro, tags, privacy, a new revision, publishing, its
   redirect — one transaction per article; one that fails is reported and rolled back alone.
"""

import hashlib
import json
from collections import Counter
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from ..conf import kb_settings
from ..models import KBTopicPage
from ..models.pages_slugs import route_slugs
from .errors import SourceError
from .html_blocks import BodyConverter
from .plan import Plan, TopicSpec
from .report import (
    CREATED,
    FAILED,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    Entry,
    ImportReport,
    note_label,
    number,
)
from .resolvers import Resolvers
from .sources import FILE_SUFFIXES, FileSource, WXRSource
from .writer import Writer

PHASES = ("topics", "pages", "content", "done")


def _digest(*values):
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


def open_source(path, index, post_types=None):
    """A source for ``path``: a WordPress export (``.xml``), a file or a folder of files."""
    path = Path(path)
    if path.is_dir() or path.suffix.lower() in FILE_SUFFIXES:
        return FileSource(path, index)
    if path.suffix.lower() == ".xml" or path.is_file():
        return WXRSource(path, index, post_types=post_types)
    raise SourceError(_("%(file)s: no such file or folder") % {"file": path})


def status_label(spec, publish):
    labels = {
        "publish": _("published") if publish else _("draft (published in WordPress)"),
        "draft": _("draft"),
        "pending": _("draft (was pending review)"),
        "future": _("draft (was scheduled)"),
        "private": _("private: a draft only staff may see"),
    }
    label = labels.get(spec.status, _("draft"))
    if spec.password:
        label += ", " + _("password protected")
    return label


class ImportRun:
    def __init__(
        self,
        sources,
        home,
        *,
        publish=False,
        dry_run=False,
        uploads=None,
        post_types=None,
        user=None,
    ):
        self.paths = [Path(source) for source in sources]
        self.home = home
        self.publish = publish
        self.dry_run = dry_run
        self.uploads = Path(uploads) if uploads else None
        self.post_types = post_types or ()
        self.report = ImportReport(dry_run=dry_run)
        self.writer = Writer(home, publish=publish, user=user)
        self.plan = None
        self.phase = "topics"
        self.position = 0
        self.done_units = 0
        self._bodies = None
        self.topic_pages = {}

    # --- preparing ------------------------------------------------------------------------------

    def prepare(self):
        if self.uploads is not None and not self.uploads.is_dir():
            raise SourceError(
                _("%(dir)s: the uploads folder does not exist") % {"dir": self.uploads}
            )
        self.sources = [open_source(path, i, self.post_types) for i, path in enumerate(self.paths)]
        plan = Plan()
        for source in self.sources:
            source.scan(plan)
        limit = kb_settings.IMPORT_MAX_BODY_SIZE
        for spec in [a for a in plan.articles if a.content_size > limit]:
            plan.articles.remove(spec)
            self.report.add(
                Entry(
                    "article",
                    spec.title,
                    spec.source,
                    SKIPPED,
                    notes=[
                        _(
                            "its body has %(size)s characters, more than "
                            "WAGTAILKB_IMPORT_MAX_BODY_SIZE "
                            "(%(limit)s)"
                        )
                        % {"size": number(spec.content_size), "limit": number(limit)}
                    ],
                )
            )
        plan.finish()
        self.plan = plan
        self.report.skipped.update(plan.skipped)
        self.topics = plan.ordered_topics()
        self.specs = {spec.key: spec for spec in plan.articles}
        self.writer.load_records()
        self._clear_of_routes(plan)
        return plan

    def _clear_of_routes(self, plan):
        """An item right under the KB home whose slug one of the home's routes answers
        (``search``, ``tags``: its page could never be reached) gets another slug, and says so
        (the same on every run and every step of one, so a re-run finds its page again)."""
        taken = route_slugs(self.home.specific_class)
        for spec in [*plan.topics.values(), *plan.articles]:
            parent = spec.parent_key if isinstance(spec, TopicSpec) else spec.topic_key
            if spec.slug not in taken or parent in plan.topics:
                continue
            slug, n = spec.slug, 2
            while f"{slug}-{n}" in taken:
                n += 1
            spec.slug = f"{slug}-{n}"
            spec.notes.append(
                _(
                    "its slug “%(slug)s” is an address the knowledge base uses itself: "
                    "it was given another"
                )
                % {"slug": slug}
            )

    @property
    def total(self):
        pages = 0 if self.dry_run else len(self.plan.articles)
        return len(self.topics) + pages + len(self.plan.articles)

    @property
    def progress(self):
        return self.done_units, self.total

    # --- running --------------------------------------------------------------------------------

    def run(self):
        if self.plan is None:
            self.prepare()
        while not self.step(500):
            pass
        return self.report

    def step(self, limit=50):
        """Do up to ``limit`` units of work; True once the import is finished."""
        done = 0
        while done < limit and self.phase != "done":
            if self._advance():
                done += 1
                self.done_units += 1
        return self.phase == "done"

    def _advance(self):
        """One unit of the current phase; False when the phase had nothing left (it moves on)."""
        if self.phase == "topics":
            if self.position < len(self.topics):
                self._topic(self.topics[self.position])
                self.position += 1
                return True
        elif self.phase == "pages":
            if self.dry_run:
                self.position = len(self.plan.articles)
            if self.position < len(self.plan.articles):
                self._shell(self.plan.articles[self.position])
                self.position += 1
                return True
        elif self.phase == "content":
            if self._bodies is None:
                self._bodies = self._iter_bodies()
            following = next(self._bodies, None)
            if following is not None:
                source, key, html = following
                self._content(source, self.specs[key], html)
                self.position += 1
                return True
        self.phase = PHASES[PHASES.index(self.phase) + 1]
        self.position = 0
        return False

    def _iter_bodies(self):
        limit = kb_settings.IMPORT_MAX_BODY_SIZE
        skip = self.position  # resuming in a new process: what earlier calls already did
        for source in self.sources:
            keys = {spec.key for spec in self.plan.articles if spec.source_index == source.index}
            for key, html, _size in source.bodies(keys, limit):
                if skip:
                    skip -= 1
                    continue
                yield source, key, html

    def _planned_path(self, key, parent_key, slug):
        """Where a dry run's topic or article would be (where it is, if it exists)."""
        planned = self.__dict__.setdefault("_planned", {})
        page_id = self.writer.page_for(key)
        if page_id:
            from wagtail.models import Page

            page = Page.objects.filter(pk=page_id).first()
            if page is not None:
                planned[key] = page_path(page)
                return planned[key]
        parent = planned.get(parent_key) if parent_key else page_path(self.home)
        planned[key] = f"{parent or page_path(self.home)}{slug}/"
        return planned[key]

    def _parent(self, topic_key):
        if topic_key is None:
            return self.home
        page = self.topic_pages.get(topic_key)
        if page is None:
            page_id = self.writer.page_for(topic_key)
            page = KBTopicPage.objects.filter(pk=page_id).first() if page_id else None
        return page or self.home

    def _topic(self, spec):
        live = self.publish and spec.has_public
        content_hash = _digest(spec.title, spec.description, spec.parent_key, live)
        entry = Entry("topic", spec.title, spec.source, CREATED, notes=list(spec.notes))
        if self.dry_run:
            record = self.writer.record(spec.key)
            entry.action = (
                CREATED
                if record is None or not record.page_id
                else UNCHANGED
                if record.content_hash == content_hash
                else UPDATED
            )
            entry.path = self._planned_path(spec.key, spec.parent_key, spec.slug)
            entry.status = _("published") if live else _("draft")
            self.report.add(entry)
            return
        try:
            with transaction.atomic():
                page, action = self.writer.topic(spec, self._parent(spec.parent_key), content_hash)
        except Exception as error:  # reported, and the import goes on with the next item
            self.writer.load_records()
            entry.action, entry.notes = FAILED, [*entry.notes, _error_line(error)]
        else:
            self.topic_pages[spec.key] = page
            entry.action, entry.path = action, page_path(page)
            entry.status = _("published") if page.live else _("draft")
        self.report.add(entry)

    def _shell(self, spec):
        try:
            with transaction.atomic(), disable_reference_index_auto_update():
                self.writer.shell(spec, self._parent(spec.topic_key))
        except Exception as error:
            self.writer.load_records()
            spec.notes.append(_error_line(error))

    def _content(self, source, spec, html):
        entry = Entry(
            "article", spec.title, spec.source, CREATED, status=status_label(spec, self.publish)
        )
        entry.notes.extend(spec.notes)
        if spec.replaced_characters:
            entry.notes.append(
                ngettext(
                    "%(n)s character could not be read and was replaced with �",
                    "%(n)s characters could not be read and were replaced with �",
                    spec.replaced_characters,
                )
                % {"n": number(spec.replaced_characters)}
            )
        refers = Resolvers(self, source, spec)
        converter = BodyConverter(
            link_for=refers.link_for, image_for=refers.image_for, document_for=refers.document_for
        )
        try:
            conversion = converter.convert(html)
            tags = sorted({name: slug for slug, name in spec.tags if name.strip()})
            body_json = json.dumps(conversion.blocks)
            content_hash = _digest(
                spec.title,
                spec.intro,
                conversion.blocks,
                spec.status,
                spec.password,
                tags,
                self.publish,
            )
            entry.blocks = Counter(block["type"] for block in conversion.blocks)
            self._describe(entry, conversion, tags)
            if self.dry_run:
                entry.path = self._planned_path(spec.key, spec.topic_key, spec.slug)
                record = self.writer.record(spec.key)
                entry.action = (
                    CREATED
                    if record is None or not record.content_hash
                    else UNCHANGED
                    if record.content_hash == content_hash
                    else UPDATED
                )
            else:
                with transaction.atomic(), disable_reference_index_auto_update():
                    page, entry.action = self.writer.article(spec, body_json, content_hash)
                    note = self.writer.redirect(page, spec.old_url)
                    # Once for the article, instead of once per save.
                    ReferenceIndex.create_or_update_for_object(page)
                if note:
                    entry.notes.append(note)
                entry.path = page_path(page)
        except Exception as error:
            self.writer.load_records()
            entry.action = FAILED
            entry.notes.append(_error_line(error))
            self._remove_empty_shell(spec)
        self.report.add(entry)

    def _describe(self, entry, conversion, tags):
        notes = conversion.notes
        entry.dropped = [note_label(what, n) for what, n in sorted(notes.dropped.items())]
        if conversion.shortcodes:
            names = sorted(set(conversion.shortcodes))
            entry.dropped.append(
                _("shortcodes (not rendered): %(names)s")
                % {"names": ", ".join(f"[{name}]" for name in names)}
            )
        for what, n in sorted(notes.changed.items()):
            entry.notes.append(note_label(what, n))
        if tags:
            entry.notes.append(_("tags: %(tags)s") % {"tags": ", ".join(tags)})
        if entry.blocks.get("image") and self.dry_run:
            entry.notes.append(_("images found in the uploads folder"))

    def _remove_empty_shell(self, spec):
        record = self.writer.record(spec.key)
        if self.dry_run or record is None or record.content_hash or not record.page_id:
            return
        with transaction.atomic():
            from wagtail.models import Page

            Page.objects.filter(
                pk=record.page_id, live=False, latest_revision__isnull=True
            ).delete()
            record.delete()
        self.writer.load_records()


def page_path(page):
    parts = page.get_url_parts()
    return parts[2] if parts else page.url_path


def _error_line(error):
    text = " ".join(str(error).split()) or error.__class__.__name__
    return _("error: %(message)s") % {"message": text[:300]}
