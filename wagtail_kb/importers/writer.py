"""Everything an import writes: topics, articles, their revisions, view restrictions, redirects,
images and documents, and the ``ImportedItem`` records that make a second run an update.

Privacy, as WordPress meant it:
- ``publish`` → published with ``--publish``, else a draft; ``draft``, ``pending``, ``future`` →
  draft;
- ``private`` → a draft that is never published by the import (and unpublished if an earlier run
  published it), restricted to the groups that may use the Wagtail admin, so it stays out of
  public view even if an editor publishes it later;
- a post password → Wagtail's password view restriction with that password, set before publishing.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files import File
from django.utils.dateparse import parse_datetime
from django.utils.timezone import is_naive, make_aware
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageViewRestriction

from ..models import ImportedItem, KBArticlePage, KBTopicPage
from ..models.imports import key_digest
from ..models.pages_slugs import route_slugs
from .plan import make_slug

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".tiff", ".tif"}


def _date(text):
    value = parse_datetime((text or "").replace(" ", "T")) if text else None
    if value is not None and is_naive(value):
        value = make_aware(value, timezone=__import__("datetime").UTC)
    return value


class Writer:
    def __init__(self, home, *, publish=False, user=None):
        self.home = home
        self.publish = publish
        self.user = user
        self.records = {}
        self.slugs = {}
        self.owners = {}
        self._collection = None
        self.site = home.get_site()
        self.redirects = apps.is_installed("wagtail.contrib.redirects")

    def load_records(self):
        self.records = {r.key_hash: r for r in ImportedItem.objects.filter(kb_home=self.home)}

    def record(self, key):
        return self.records.get(key_digest(key))

    def page_for(self, key):
        record = self.record(key)
        return record.page_id if record and record.page_id else None

    def _save_record(self, key, kind, **fields):
        record = self.record(key) or ImportedItem(kb_home=self.home, key=key, kind=kind)
        for name, value in fields.items():
            setattr(record, name, value)
        record.save()
        self.records[record.key_hash] = record
        return record

    # --- the tree -------------------------------------------------------------------------------

    def _unique_slug(self, parent, slug, page=None):
        taken = self.slugs.get(parent.pk)
        if taken is None:
            taken = set(
                Page.objects.filter(
                    path__startswith=parent.path, depth=parent.depth + 1
                ).values_list("slug", flat=True)
            )
            # Nor a slug the parent's own routes answer (``search``, ``tags`` under a KB home).
            taken |= route_slugs(parent.specific_class)
            self.slugs[parent.pk] = taken
        if page is not None and page.slug == slug:
            return slug
        candidate, n = slug, 2
        while candidate in taken:
            suffix = f"-{n}"
            candidate, n = slug[: 255 - len(suffix)] + suffix, n + 1
        taken.add(candidate)
        return candidate

    def topic(self, spec, parent, content_hash):
        """Create or update the topic page; returns ``(page, action)``."""
        record = self.record(spec.key)
        page = (
            KBTopicPage.objects.filter(pk=record.page_id).first()
            if record and record.page_id
            else None
        )
        live = self.publish and spec.has_public
        if page is not None and record.content_hash == content_hash:
            return page, "unchanged"
        if page is None:
            page = KBTopicPage(
                title=spec.title,
                slug=self._unique_slug(parent, spec.slug),
                intro=spec.description,
                live=False,
                owner=self.user,
            )
            parent.add_child(instance=page)
            action = "created"
        else:
            page.title, page.intro = spec.title, spec.description
            action = "updated"
        revision = page.save_revision(user=self.user, log_action=True)
        if live:
            revision.publish(user=self.user)
            page.refresh_from_db()
        self._save_record(
            spec.key,
            ImportedItem.KIND_TOPIC,
            page=page,
            content_hash=content_hash,
            source=spec.source[:255],
        )
        return page, action

    def shell(self, spec, parent):
        """The article's page without content (so links to it can be made); None if it exists."""
        record = self.record(spec.key)
        if record and record.page_id and Page.objects.filter(pk=record.page_id).exists():
            return None
        page = KBArticlePage(
            title=spec.title,
            slug=self._unique_slug(parent, spec.slug),
            live=False,
            owner=self._owner(spec.creator),
        )
        parent.add_child(instance=page)
        self._save_record(
            spec.key,
            ImportedItem.KIND_ARTICLE,
            page=page,
            content_hash="",
            source=(spec.old_url or spec.source)[:255],
        )
        return page

    def _owner(self, username):
        if not username:
            return self.user
        if username not in self.owners:
            model = get_user_model()
            self.owners[username] = model.objects.filter(**{model.USERNAME_FIELD: username}).first()
        return self.owners[username] or self.user

    # --- an article's content -------------------------------------------------------------------

    def article(self, spec, body_json, content_hash):
        """Fill (or update) the article; returns ``(page, action)``. Runs inside a transaction."""
        record = self.record(spec.key)
        page = (
            KBArticlePage.objects.filter(pk=record.page_id).first()
            if record and record.page_id
            else None
        )
        if page is None:
            raise LookupError(_("its page was not placed"))
        if record.content_hash == content_hash:
            return page, "unchanged"
        action = "updated" if record.content_hash else "created"
        page.title = spec.title
        page.intro = spec.intro
        page.body = body_json
        # The tags the item has now: a tag removed in WordPress leaves the article too.
        page.tags.clear()
        if spec.tags:
            page.tags.add(*self.tags(spec.tags))
        self._restrict(page, spec)
        # The page was validated when it was placed; title and slug are the importer's own.
        revision = page.save_revision(user=self.user, log_action=True, clean=False)
        if spec.status == "private" and page.live:
            page.unpublish(user=self.user)
        elif spec.status == "publish" and self.publish:
            first_publish = page.first_published_at is None
            revision.publish(user=self.user)
            date = _date(spec.date)
            if first_publish and date is not None:
                KBArticlePage.objects.filter(pk=page.pk).update(first_published_at=date)
            page.refresh_from_db()
        self._save_record(spec.key, ImportedItem.KIND_ARTICLE, page=page, content_hash=content_hash)
        return page, action

    def tags(self, pairs):
        """Tags for ``(slug, name)`` pairs: the site's tag of that name, else a new one that keeps
        the source's slug when no other tag has it (so tag addresses stay recognisable)."""
        max_name = Tag._meta.get_field("name").max_length
        max_slug = Tag._meta.get_field("slug").max_length
        wanted = {name[:max_name]: slug for slug, name in pairs if name.strip()}
        found = {tag.name: tag for tag in Tag.objects.filter(name__in=wanted)}
        for name, slug in wanted.items():
            if name not in found:
                tag = Tag(name=name)
                slug = make_slug(slug, "")[:max_slug].strip("-")
                if slug and not Tag.objects.filter(slug=slug).exists():
                    tag.slug = slug
                tag.save()  # without a slug, taggit makes a unique one from the name
                found[name] = tag
        return [found[name] for name in wanted]

    def _restrict(self, page, spec):
        restrictions = PageViewRestriction.objects.filter(page=page)
        if spec.password:
            restriction = restrictions.filter(restriction_type=PageViewRestriction.PASSWORD).first()
            if restriction is None:
                restriction = PageViewRestriction(
                    page=page, restriction_type=PageViewRestriction.PASSWORD
                )
            if restriction.password != spec.password:
                restriction.password = spec.password
                restriction.save()
        if (
            spec.status == "private"
            and not restrictions.exclude(restriction_type=PageViewRestriction.PASSWORD).exists()
        ):
            staff = list(
                Group.objects.filter(
                    permissions__codename="access_admin",
                    permissions__content_type__app_label="wagtailadmin",
                )
            )
            if staff:
                restriction = PageViewRestriction.objects.create(
                    page=page, restriction_type=PageViewRestriction.GROUPS
                )
                restriction.groups.set(staff)
            else:
                PageViewRestriction.objects.create(
                    page=page, restriction_type=PageViewRestriction.LOGIN
                )

    def redirect(self, page, old_url):
        """A permanent redirect from the item's old address; returns a note when there is none."""
        if not self.redirects or not old_url:
            return None
        from urllib.parse import urlsplit

        from wagtail.contrib.redirects.models import Redirect

        parts = urlsplit(old_url)
        if (parts.path or "/") == "/":
            return _(
                "its old address %(url)s cannot redirect (the site's home page answers it)"
            ) % {"url": old_url}
        old_path = Redirect.normalise_path(old_url)
        page_path = Redirect.normalise_path(page.get_url_parts()[2] if page.get_url_parts() else "")
        if old_path == page_path:
            return None
        existing = Redirect.objects.filter(old_path=old_path, site=self.site).first()
        if existing is None:
            Redirect.objects.create(old_path=old_path, site=self.site, redirect_page=page)
        elif existing.redirect_page_id != page.pk:
            return _("%(path)s already redirects elsewhere: left as it is") % {"path": old_path}
        return None

    # --- files ----------------------------------------------------------------------------------

    def collection(self):
        if self._collection is None:
            name = _("Imported into %(kb)s") % {"kb": self.home.title}
            root = Collection.get_first_root_node()
            self._collection = root.get_children().filter(name=name).first() or root.add_child(
                name=name
            )
        return self._collection

    def stored_file(self, path, key, title, kind):
        """The id of the Wagtail image or document made from ``path`` (made once per KB)."""
        record = self.record(key)
        model = get_image_model() if kind == ImportedItem.KIND_IMAGE else get_document_model()
        if record and record.object_id and model.objects.filter(pk=record.object_id).exists():
            return record.object_id
        with open(path, "rb") as handle:
            instance = model(title=(title or path.stem)[:255], collection=self.collection())
            instance.file = File(handle, name=path.name)
            if kind == ImportedItem.KIND_IMAGE:
                instance._set_image_file_metadata()
            else:
                instance._set_document_file_metadata() if hasattr(
                    instance, "_set_document_file_metadata"
                ) else None
            instance.save()
        self._save_record(key, kind, object_id=instance.pk, source=str(path)[-255:])
        return instance.pk
