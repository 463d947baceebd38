"""Keeps the KB's word index (``indexing``) in step with what readers may open.

Connected from ``wagtail_kb.signal_handlers`` (``WagtailKBAppConfig.ready()``).
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .. import document_usage
from ..models import KBArticlePage, KBHomePage, KBSynonym, KBTopicPage
from .indexing import (
    index_article,
    index_branch,
    index_branch_missing,
    unindex_branch,
    unindex_page,
)
from .results import promotions_changed
from .synonyms import synonyms_changed


def _published(sender, instance=None, **kwargs):
    if isinstance(instance, KBArticlePage):
        index_article(instance)
    elif isinstance(instance, KBTopicPage | KBHomePage):
        # Published again after an unpublish: its articles become reachable.
        index_branch_missing(instance)


def _unpublished(sender, instance=None, **kwargs):
    if isinstance(instance, KBArticlePage):
        unindex_page(instance.pk)
    elif isinstance(instance, KBTopicPage | KBHomePage):
        # Its articles may stay live, but readers reach none of them.
        unindex_branch(instance)


def _deleted(sender, instance=None, **kwargs):
    unindex_page(instance.pk)


def _moved(sender, instance=None, **kwargs):
    if isinstance(instance, Page):
        index_branch(Page.objects.get(pk=instance.pk))


def _restriction_changed(sender, instance=None, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        index_branch(page)


def _documents_changed(sender, instance=None, created=False, **kwargs):
    # A document's title is indexed with the articles using it while it is public: re-index
    # them when a document or a collection's privacy changes (as ``private_documents`` does
    # for Wagtail's index).
    from wagtail.documents.models import AbstractDocument
    from wagtail.models import CollectionViewRestriction

    if isinstance(instance, CollectionViewRestriction):
        ids = document_usage.documents_in_branch(instance.collection_id)
    elif isinstance(instance, AbstractDocument) and not created:
        ids = [instance.pk]
    else:
        return
    for article in document_usage.articles_using(ids):
        index_article(article)


def _connect_promotions():
    # Promotions change which searches need a look-up (deleting a query deletes its
    # promotions, each sending post_delete; a query's hits are saved on ``Query`` and do not
    # count).
    if not apps.is_installed("wagtail.contrib.search_promotions"):
        return
    from wagtail.contrib.search_promotions.models import SearchPromotion

    for signal, uid in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            promotions_changed, sender=SearchPromotion, dispatch_uid=f"wagtail_kb_promotions_{uid}"
        )


def connect_search_index_signals():
    _connect_promotions()
    page_published.connect(_published, dispatch_uid="wagtail_kb_search_index_publish")
    page_unpublished.connect(_unpublished, dispatch_uid="wagtail_kb_search_index_unpublish")
    pre_delete.connect(_deleted, sender=KBArticlePage, dispatch_uid="wagtail_kb_search_delete")
    post_page_move.connect(_moved, dispatch_uid="wagtail_kb_search_index_move")
    for signal, uid in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"wagtail_kb_search_restriction_{uid}",
        )
        signal.connect(_documents_changed, dispatch_uid=f"wagtail_kb_search_documents_{uid}")
        signal.connect(
            synonyms_changed, sender=KBSynonym, dispatch_uid=f"wagtail_kb_synonyms_{uid}"
        )
