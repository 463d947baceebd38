"""Slugs a KB page may not take: the first part of an address its parent's routes answer.

A KB home answers ``search/`` and ``tags/<tag>/`` itself (``RoutablePageMixin`` routes, tried
before its children), so a topic or article with the slug ``search`` or ``tags`` under it, or the
pages below such a topic, could never be reached. The slugs are read from the parent's routes
(a site's subclass with routes of its own is covered too); ``llms.txt`` and the other files of
``wagtail_kb.urls`` hold a dot, which no slug can.

Refused with a clear error on ``slug``: by ``clean()`` (editing, and any ``save()`` of a page
with a parent), by the page form (a new page has no parent until it is saved) and by the copy
form (``KBCopyForm``: the new slug under the new parent). Moving any page under a parent whose
routes shadow its slug is refused in the admin with the same message (``wagtail_hooks``). The
importer gives such an item another slug and says so in its report
(``wagtail_kb.importers.run``).
"""

import re
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm
from wagtail.contrib.routable_page.models import RoutablePageMixin

_LITERAL = re.compile(r"[-\w]+")


def route_slugs(page_class):
    """The slugs ``page_class``'s routes shadow (``{"search", "tags"}`` for ``KBHomePage``)."""
    if not (isinstance(page_class, type) and issubclass(page_class, RoutablePageMixin)):
        return frozenset()
    return _route_slugs(page_class)


@cache
def _route_slugs(page_class):
    found = set()
    for pattern in page_class.get_subpage_urls():
        first = str(pattern.pattern).lstrip("^").split("/", 1)[0]
        if _LITERAL.fullmatch(first):  # not the index route, not a parameter
            found.add(first)
    return frozenset(found)


def route_slug_error(slug):
    return _(
        "The slug “%(slug)s” is taken by the knowledge base's own pages (its address “%(slug)s/” "
        "here is not a page's). Choose another slug."
    ) % {"slug": slug}


def shadowed(slug, parent):
    """Whether a route of ``parent`` (a page, or None) answers the address of child ``slug``."""
    return bool(slug) and parent is not None and slug in route_slugs(parent.specific_class)


class KBPageForm(WagtailAdminPageForm):
    """The KB pages' admin form: refuses a new page's slug that its parent's routes shadow."""

    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("slug")
        # An existing page is checked by its clean() (it knows its parent).
        if not self.instance.path and shadowed(slug, self.parent_page):
            self.add_error("slug", route_slug_error(slug))
        return cleaned_data


class KBCopyForm(CopyForm):
    """The KB pages' copy form: refuses a new slug that the new parent's routes shadow."""

    def clean(self):
        cleaned_data = super().clean()
        slug = cleaned_data.get("new_slug")
        parent = cleaned_data.get("new_parent_page") or self.page.get_parent()
        if shadowed(slug, parent):
            self.add_error("new_slug", route_slug_error(slug))
        return cleaned_data


class RouteSafeSlugMixin:
    """For KB page classes: a slug the parent's routes shadow is a validation error."""

    base_form_class = KBPageForm
    copy_form_class = KBCopyForm

    def clean(self):
        super().clean()
        if shadowed(self.slug, self.get_parent()):
            raise ValidationError({"slug": route_slug_error(self.slug)})
