"""What invalidates what. Connected once, in ``WagtailKBAppConfig.ready()``.

The cached listings and fragments (``wagtail_kb.listing_cache``) show pages, the site records
their URLs come from, the KB settings (header navigation, default rating widget) and the rating
wording, and the view restrictions that decide which pages are public: any save or deletion of
one of them (or of a restriction's groups), and any page move or unpublish, replaces the tree
version so every cached listing is recomputed on its next use.
"""

from django.core.signals import request_finished, request_started
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_unpublished, post_page_move

from . import document_usage
from .cache_versions import forget_after_requests, remember_during_requests
from .listing_cache import invalidate_listings
from .models import KBSettings, RatingWidget
from .reach import purging

# Listings show public pages only: adding, changing or removing a view restriction changes them.
# Tag names show on articles and tag pages (an article's tags change with its page's publishing).
LISTED_MODELS = (Page, Site, KBSettings, RatingWidget, PageViewRestriction, Tag)


def _is_empty_new_settings(instance, created):
    # ``KBSettings.for_request()`` creates the site's row on first read, holding the defaults:
    # nothing shown changes, so the listings cached so far stay valid.
    return (
        created
        and isinstance(instance, KBSettings)
        and not instance.navigation
        and instance.default_rating_widget_id is None
    )


def invalidate_on_change(sender, instance=None, created=False, **kwargs):
    # ``post_save`` is sent with the concrete class as sender: every page type counts.
    if isinstance(instance, LISTED_MODELS) and not _is_empty_new_settings(instance, created):
        invalidate_listings()


def register_signal_handlers():
    # Each cache version token is read once per request (``cache_versions``).
    request_started.connect(remember_during_requests, dispatch_uid="wagtail_kb_versions_start")
    request_finished.connect(forget_after_requests, dispatch_uid="wagtail_kb_versions_finish")
    post_save.connect(invalidate_on_change, dispatch_uid="wagtail_kb_listings_save")
    post_delete.connect(invalidate_on_change, dispatch_uid="wagtail_kb_listings_delete")
    m2m_changed.connect(
        invalidate_listings,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="wagtail_kb_listings_restriction_groups",
    )
    page_unpublished.connect(invalidate_listings, dispatch_uid="wagtail_kb_listings_unpublish")
    post_page_move.connect(invalidate_listings, dispatch_uid="wagtail_kb_listings_move")
    # Documents moved into (or out of) a private collection leave articles at once.
    post_save.connect(
        document_usage.privacy_may_have_changed, dispatch_uid="wagtail_kb_document_privacy_save"
    )
    post_delete.connect(
        document_usage.privacy_may_have_changed, dispatch_uid="wagtail_kb_document_privacy_delete"
    )
    # The search's word index follows publishing, unpublishing, moves and view restrictions.
    from .search.signals import connect_search_index_signals

    connect_search_index_signals()
    # With wagtail.contrib.frontend_cache: the KB's listings and llms files after page changes.
    purging.connect()
