"""Which articles use a document, and what follows when a document's privacy may change.

``wagtail_kb.private_documents`` decides what readers may download (below the page models);
this module, above them, forgets cached bodies and re-indexes the articles concerned. Its
receiver is connected in ``wagtail_kb.signal_handlers``.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.models import Collection, CollectionViewRestriction, ReferenceIndex
from wagtail.search import index

from . import private_documents
from .models import KBArticlePage


def documents_changed(document_ids=None, *, only_if_used=False):
    """Forget cached bodies; re-index the articles using these documents (all when ``None``).

    With ``only_if_used`` nothing is forgotten when no article uses them (a document saved
    right after its upload, say): cached bodies hold only documents some article uses.
    """
    articles = list(articles_using(document_ids))
    if articles or not only_if_used:
        private_documents.forget_cached_bodies()
    for article in articles:
        index.insert_or_update_object(article)


def articles_using(document_ids):
    """The articles whose stored body refers to one of the documents (Wagtail's reference index)."""
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


def documents_in_branch(collection_id):
    collection = Collection.objects.filter(pk=collection_id).first()
    if collection is None:
        return []
    documents = get_document_model().objects.filter(collection__path__startswith=collection.path)
    return list(documents.values_list("pk", flat=True))


def privacy_may_have_changed(sender, instance=None, created=False, **kwargs):
    if isinstance(instance, CollectionViewRestriction):
        documents_changed(documents_in_branch(instance.collection_id))
    elif isinstance(instance, AbstractDocument) and not created:
        # Moved to another collection, renamed, replaced or deleted.
        documents_changed([instance.pk], only_if_used=True)
