"""The Wagtail documents a StreamField value refers to, read from its stored (raw) data.

Chooser blocks store a document's id under the key ``document`` (``DeckBlock.document``). Reading
the raw data finds those ids without loading the documents one by one; their titles then come
in one query. Used by ``KBArticlePage.get_document_titles`` (a StreamField's search content
skips chooser blocks, so a deck's PDF title would otherwise not be searchable) and by search
snippets. Documents in private collections are left out of both
(``wagtail_kb.private_documents``): their titles are neither indexed nor shown.
"""

from wagtail.documents import get_document_model

from ..private_documents import public_documents


def raw_stream_data(stream_value):
    """The stored blocks of a StreamField value (a list of ``{"type", "value", "id"}``)."""
    if stream_value is None:
        return []
    raw = getattr(stream_value, "raw_data", stream_value)
    return list(raw) if raw is not None else []


def _iter_document_ids(value):
    if isinstance(value, dict):
        for child_key, child in value.items():
            if child_key == "document" and isinstance(child, int):
                yield child
            else:
                yield from _iter_document_ids(child)
    elif isinstance(value, list | tuple):
        for child in value:
            yield from _iter_document_ids(child)


def document_ids(stream_value):
    """The ids of the documents a StreamField value refers to, in order, each once. No queries."""
    return list(dict.fromkeys(_iter_document_ids(raw_stream_data(stream_value))))


def document_titles_by_id(ids, always_query=False):
    """{document id: title} of the public ones among these documents, in one query.

    With ``always_query`` an empty ``ids`` still runs its (empty) query, so callers' query
    counts do not depend on content."""
    if not ids and not always_query:
        return {}
    documents = public_documents(get_document_model().objects.all())
    documents = documents.filter(pk__in=ids) if ids else documents.filter(pk__isnull=True)
    return dict(documents.values_list("pk", "title"))


def document_titles(stream_value):
    """The titles of the documents a StreamField value refers to, joined by spaces."""
    return " ".join(document_titles_by_id(document_ids(stream_value)).values())
