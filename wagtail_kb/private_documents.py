"""Documents in private collections never reach readers through an article.

A Wagtail document whose collection (or an ancestor collection) has a view restriction —
password, login or groups — is served only to readers who pass it. An article, though, is one
page for everybody: its rendered body is cached once per revision and its search text is indexed
once. So the rule is the simplest one that cannot leak: **a document in a restricted collection
is left out of every article, for every reader** — the deck shows no player, no download link,
no title, file name or URL, and the document's title is neither indexed nor used in snippets.
Readers who pass the restriction (logged in, in the group, or with the password) see the same
article; they reach the document where it is shared with them. An editor's preview says that the
document is withheld.

Cached article bodies carry ``version()`` in their key, and the articles that use a document
are re-indexed when it changes, so adding or removing a restriction, or moving a document to
another collection, shows at once. (Moving a *collection* under a restricted one sends no signal
in Wagtail: call ``wagtail_kb.document_usage.documents_changed()`` after doing it in code.)

This module sits below the page models (blocks use it); what needs the articles — which of them
use a document, re-indexing them — is in ``document_usage``.
"""

from django.db.models import Exists, F, OuterRef
from django.db.models.lookups import StartsWith

from .cache_versions import current_version, replace_version

VERSION_KEY = "wagtail_kb:document-privacy-version"


def _restrictions():
    from wagtail.models import BaseViewRestriction, CollectionViewRestriction

    return CollectionViewRestriction.objects.exclude(restriction_type=BaseViewRestriction.NONE)


def public_documents(documents):
    """``documents`` (a queryset) without those a collection view restriction covers.

    One query: a restriction covers its collection and every collection below it, i.e. every
    collection whose tree path starts with the restricted collection's path.
    """
    covering = _restrictions().filter(
        StartsWith(OuterRef("collection__path"), F("collection__path"))
    )
    return documents.exclude(Exists(covering))


def is_public(document):
    """Whether readers who pass no restriction may download ``document`` (one query)."""
    return public_documents(type(document).objects.filter(pk=document.pk)).exists()


def version():
    """Changes whenever a document's privacy may have changed (part of cached bodies' keys)."""
    return current_version(VERSION_KEY)


def forget_cached_bodies():
    """Start a new privacy version: every cached article body is rendered again."""
    replace_version(VERSION_KEY)
