"""CDN purging: what a change to a KB page makes stale, purged in one batch per change.

With ``wagtail.contrib.frontend_cache`` installed, Wagtail itself purges a page's own URL and its
``get_cached_paths()`` when it is published or unpublished: for an article that is the article
and its Markdown twin (``index.html.md``). What else shows the page is the KB's business, and
this module adds it: the topics above it (the parent topic with each of its article-list pages,
``?page=2``…), the KB home, ``llms.txt`` and ``llms-full.txt``. A move purges the page's old and
new URLs (and those of the pages below it, with their twins) and the listings of both parents:
Wagtail purges nothing on a move.

The URLs of one change are collected until its transaction commits and purged as one
``PurgeBatch``; unpublishing a topic (which unpublishes every page below it) is one batch too.
Votes, views and comments purge nothing: the rating card updates from its own JSON.
"""

import math
import threading

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..conf import kb_settings
from ..models import KBArticlePage, KBHomePage, KBPageMixin, KBTopicPage
from .llms import MARKDOWN_SUFFIX

FRONTEND_CACHE_APP = "wagtail.contrib.frontend_cache"
LLMS_FILES = ("llms.txt", "llms-full.txt")

_pending = threading.local()


def is_enabled():
    return apps.is_installed(FRONTEND_CACHE_APP)


def _branch(page):
    """The page's ancestors from the tree root's child down to the page, in one query."""
    return list(
        Page.objects.ancestor_of(page, inclusive=True).filter(depth__gt=1).order_by("depth")
    )


def _is(page, model):
    return page.specific_class is not None and issubclass(page.specific_class, model)


def listing_urls(page, cache_object=None):
    """The URLs that list ``page`` (or a page below it): topics above it, the KB home, llms.

    ``page`` may be a stand-in (its parent's listings are wanted): only its path counts.
    """
    ancestors = _branch(page)
    home_index = next((i for i, p in enumerate(ancestors) if _is(p, KBHomePage)), None)
    if home_index is None:
        return set()
    home = ancestors[home_index]
    urls = set()
    home_url = home.get_full_url(cache_object)
    if home_url:
        urls.add(home_url)
        urls.update(home_url + name for name in LLMS_FILES)
    topics = [p for p in ancestors[home_index + 1 :] if _is(p, KBTopicPage)]
    topics = [t for t in topics if t.pk != page.pk]
    for topic in topics:
        url = topic.get_full_url(cache_object)
        if url:
            urls.add(url)
    if topics and topics[-1].depth == page.depth - 1:
        parent = topics[-1]
        url = parent.get_full_url(cache_object)
        articles = (
            KBArticlePage.objects.children_of(parent).live().listed(parent, page.depth).count()
        )
        last = math.ceil((articles + 1) / max(1, kb_settings.TOPIC_ARTICLES_PER_PAGE))
        if url:
            urls.update(f"{url}?page={number}" for number in range(2, last + 1))
    return urls


def _own_urls(page, cache_object=None):
    url = page.get_full_url(cache_object)
    if not url:
        return set()
    urls = {url}
    if isinstance(page, KBArticlePage):
        urls.add(url + MARKDOWN_SUFFIX)
    return urls


def _urls_for_path(url_path):
    """The full URLs a page had at ``url_path`` (one per site that reaches it)."""
    urls = set()
    for root in Site.get_site_root_paths():
        if url_path.startswith(root.root_path):
            urls.add(root.root_url + "/" + url_path[len(root.root_path) :])
    return urls


def moved_urls(page, url_path_before, url_path_after):
    """The old and new URLs of ``page`` and every live page below it (and articles' twins)."""
    urls = set()
    branch = [page, *page.get_descendants().live().specific().defer_streamfields()]
    for moved in branch:
        if not moved.live:
            continue
        suffix = moved.url_path[len(url_path_after) :] if moved.pk != page.pk else ""
        twin = isinstance(moved, KBArticlePage)
        for url in _urls_for_path(url_path_before + suffix):
            urls.update([url, url + MARKDOWN_SUFFIX] if twin else [url])
        urls |= _own_urls(moved)
    return urls


def schedule(urls, using=DEFAULT_DB_ALIAS):
    """Purge ``urls`` with the other URLs of this change, once its transaction commits."""
    urls = {url for url in urls if url}
    if not urls:
        return
    connection = connections[using]
    if not connection.in_atomic_block:
        _purge(urls)
        return
    # One batch per transaction: each change adds its URLs and a flush callback; the first
    # flush to run purges them all, the others find the batch empty.
    batch = getattr(_pending, "batch", None)
    if batch is None:
        batch = _pending.batch = _Batch()
    transaction.on_commit(batch.flush, using=using)
    batch.urls |= urls


class _Batch:
    def __init__(self):
        self.urls = set()

    def flush(self):
        if getattr(_pending, "batch", None) is self:
            _pending.batch = None
        urls, self.urls = self.urls, set()
        if urls:
            _purge(urls)


def _purge(urls):
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    PurgeBatch(urls).purge()


def _is_kb_page(page):
    return isinstance(page, KBPageMixin)


def on_publish_change(sender, instance, **kwargs):
    """``page_published`` / ``page_unpublished``: the listings that show the page."""
    if _is_kb_page(instance):
        schedule(listing_urls(instance))


def on_move(sender, instance, parent_page_before, parent_page_after, **kwargs):
    # Wagtail sends the moved page as a plain ``Page``.
    if not (instance.specific_class and issubclass(instance.specific_class, KBPageMixin)):
        return
    instance = instance.specific_deferred
    url_path_before, url_path_after = kwargs.get("url_path_before"), kwargs.get("url_path_after")
    urls = set()
    if url_path_before and url_path_after and url_path_before != url_path_after:
        urls |= moved_urls(instance, url_path_before, url_path_after)
    # Both parents' listings (the stand-ins are children of each parent).
    for parent in {
        parent_page_before.pk: parent_page_before,
        parent_page_after.pk: parent_page_after,
    }.values():
        stand_in = Page(path=parent.path + "0000", depth=parent.depth + 1)
        urls |= listing_urls(stand_in) | (_own_urls(parent.specific) if parent.live else set())
    schedule(urls)


def connect():
    """Connect the purge receivers (``signal_handlers``) if the frontend cache is installed."""
    if not is_enabled():
        return
    page_published.connect(on_publish_change, dispatch_uid="wagtail_kb_purge_publish")
    page_unpublished.connect(on_publish_change, dispatch_uid="wagtail_kb_purge_unpublish")
    post_page_move.connect(on_move, dispatch_uid="wagtail_kb_purge_move")
