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
in Wagtail: call ``documents_changed()`` after doing it in code.)
"""

import uuid

from django.core.cache import caches
from django.db.models import Exists, F, OuterRef
from django.db.models.lookups import StartsWith
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .conf import kb_settings

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
    cache = caches[kb_settings.CACHE_ALIAS]
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        value = cache.get(VERSION_KEY)
    return value


def documents_changed(document_ids=None, *, only_if_used=False):
    """Forget cached bodies; re-index the articles using these documents (all when ``None``).

    With ``only_if_used`` nothing is forgotten when no article uses them (a document saved
    right after its upload, say): cached bodies hold only documents some article uses.
    """
    from wagtail.search import index

    articles = list(_articles_using(document_ids))
    if articles or not only_if_used:
        caches[kb_settings.CACHE_ALIAS].set(VERSION_KEY, uuid.uuid4().hex, None)
    for article in articles:
        index.insert_or_update_object(article)


def _articles_using(document_ids):
    """The articles whose stored body refers to one of the documents (Wagtail's reference index)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.documents import get_document_model
    from wagtail.models import ReferenceIndex

    from .models import KBArticlePage

    references = ReferenceIndex.objects.filter(
        content_type=ContentType.objects.get_for_model(KBArticlePage),
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
    )
    if document_ids is not None:
        references = references.filter(to_object_id__in=[str(pk) for pk in document_ids])
    # ``object_id`` is text (any model's key); pages' keys are integers (PostgreSQL compares
    # them only after a cast, so the few ids are read first).
    page_ids = {
        int(pk)
        for pk in references.values_list("object_id", flat=True)
        if pk.isascii() and pk.isdigit()
    }
    return KBArticlePage.objects.filter(pk__in=page_ids)


def _documents_in_branch(collection_id):
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    collection = Collection.objects.filter(pk=collection_id).first()
    if collection is None:
        return []
    documents = get_document_model().objects.filter(collection__path__startswith=collection.path)
    return list(documents.values_list("pk", flat=True))


@receiver(post_save, dispatch_uid="wagtail_kb_document_privacy_save")
@receiver(post_delete, dispatch_uid="wagtail_kb_document_privacy_delete")
def _privacy_may_have_changed(sender, instance=None, created=False, **kwargs):
    from wagtail.documents.models import AbstractDocument
    from wagtail.models import CollectionViewRestriction

    if isinstance(instance, CollectionViewRestriction):
        documents_changed(_documents_in_branch(instance.collection_id))
    elif isinstance(instance, AbstractDocument) and not created:
        # Moved to another collection, renamed, replaced or deleted.
        documents_changed([instance.pk], only_if_used=True)
