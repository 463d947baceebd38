"""The knowledge base's page types and the mixin they share.

Behaviour lives in ``KBPageMixin`` and the services (``toc``, ``embeds``); the concrete pages stay
thin. Every listing below runs a fixed number of queries whatever the size of the tree.
"""

import math
import uuid
from typing import NamedTuple

from django.apps import apps
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count
from django.db.models.functions import Substr
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.signals import page_unpublished, post_page_move

from .. import toc
from ..blocks import ArticleBodyBlock
from ..blocks.documents import document_titles
from ..conf import kb_settings
from ..panels import RatingSummaryPanel
from .querysets import KBPageManager, union_all
from .settings import KBSettings

DEFAULT_HOME_HEADING = _("How can we help?")
DEFAULT_HOME_SUBTITLE = _("Search for answers or browse our knowledge base.")


# --- tree ranges ------------------------------------------------------------------------------
# Wagtail's ``child_of``/``descendant_of`` filter with ``path LIKE 'prefix%'``, which SQLite (with
# Django's ESCAPE clause) and PostgreSQL (unless the column's collation is "C") answer by reading
# every page. A range on ``path`` reads only the branch through the path index.


# --- listings cached per state of the tree ------------------------------------------------------
# Counting a branch's articles reads every one of them, and so does picking a page's children out
# of its branch (the path index orders a page's descendants with its children). The home's topic
# grid, a topic's sub-topics and article count are therefore cached under a version that any page
# save, deletion, move or unpublish replaces (through the shared cache, for every worker).
# Changes that bypass signals (``QuerySet.update()``, raw SQL) show within LISTING_CACHE_TIMEOUT,
# or at once after ``invalidate_listings()``.

TREE_VERSION_KEY = "wagtail_kb:tree-version"
LISTING_CACHE_TIMEOUT = 60 * 10


def _listing_cache():
    return caches[kb_settings.CACHE_ALIAS]


def tree_version():
    cache = _listing_cache()
    version = cache.get(TREE_VERSION_KEY)
    if version is None:
        cache.add(TREE_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(TREE_VERSION_KEY)
    return version


def invalidate_listings(**kwargs):
    """Forget every cached count (call it after changing pages with ``update()`` or raw SQL)."""
    _listing_cache().set(TREE_VERSION_KEY, uuid.uuid4().hex, None)


@receiver(post_save, dispatch_uid="wagtail_kb_listings_save")
@receiver(post_delete, dispatch_uid="wagtail_kb_listings_delete")
def _page_changed(sender, instance=None, **kwargs):
    # Pages, and what the cached header and rating card show: site settings, rating wording.
    from .snippets import RatingWidget

    if isinstance(instance, Page | KBSettings | RatingWidget):
        invalidate_listings()


page_unpublished.connect(invalidate_listings, dispatch_uid="wagtail_kb_listings_unpublish")
post_page_move.connect(invalidate_listings, dispatch_uid="wagtail_kb_listings_move")


def _cached_listing(name, page, compute):
    cache = _listing_cache()
    key = f"wagtail_kb:{name}:{page.pk}:{tree_version()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, LISTING_CACHE_TIMEOUT)
    return value


def _article_counts(parent, depth):
    """Live articles below ``parent``, grouped by their ancestor at ``depth``: {path: count}."""

    def compute():
        prefix = Substr("path", 1, depth * Page.steplen)
        rows = (
            KBArticlePage.objects.live()
            .descendants_of(parent)
            .filter(depth__gt=depth)
            .annotate(branch=prefix)
            .order_by()
            .values("branch")
            .annotate(n=Count("pk"))
        )
        return {row["branch"]: row["n"] for row in rows}

    return _cached_listing(f"article-counts-{depth}", parent, compute)


class _CountedPaginator(Paginator):
    """A paginator told its count (from the listing cache) instead of running ``COUNT(*)``."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


class TopicWindow(NamedTuple):
    """An article's live siblings around it: the side list and previous/next."""

    before: list
    after: list
    has_more: bool
    previous: Page | None
    next: Page | None


class KBPageMixin:
    """Shared by every KB page: its KB, breadcrumb, header navigation and base template."""

    # The KB page types most likely to be found under this one, tried in this order.
    kb_child_types = ()

    def route(self, request, path_components):
        # Remember the KB pages that routing goes through: they are the ancestors the breadcrumb
        # needs, already loaded, so serving the page does not fetch them again.
        trail = [p for p in getattr(request, "_wagtail_kb_route", ()) if p.depth < self.depth]
        request._wagtail_kb_route = [*trail, self]
        if path_components and not self._is_own_route(path_components):
            child = self._kb_child(path_components[0])
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        # Anything else (this page itself, its own routes, a child of another type, a 404): as
        # Wagtail does it.
        return super().route(request, path_components)

    def _is_own_route(self, path_components):
        if not isinstance(self, RoutablePageMixin):
            return False
        try:
            self.resolve_subpage("/" + "/".join(path_components) + "/")
        except Http404:
            return False
        return True

    def _kb_child(self, slug):
        """The child page ``slug`` as its specific class, in one query when it is a KB page.

        Wagtail's ``Page.route`` fetches the child as a ``Page`` and then ``.specific`` with a
        second query, at every level of the URL.
        """
        for model in self.kb_child_types:
            model = apps.get_model(model) if isinstance(model, str) else model
            child = model.objects.children_of(self).filter(slug=slug).first()
            if child is not None:
                return child
        return None

    def _routed_ancestors(self, request):
        """The chain KB home … parent from the routing trail, or None if it is not complete."""
        trail = getattr(request, "_wagtail_kb_route", None) if request is not None else None
        if not trail:
            return None
        chain = [p for p in trail if p.depth < self.depth and self.path.startswith(p.path)]
        homes = [i for i, page in enumerate(chain) if isinstance(page, KBHomePage)]
        if not homes:
            return None
        chain = chain[homes[-1] :]
        depths = [page.depth for page in chain]
        if depths != list(range(chain[0].depth, self.depth)):
            return None
        return chain

    def _kb_ancestors(self, request=None):
        """This page's ancestors from its KB home down to its parent (none or one query)."""
        routed = self._routed_ancestors(request)
        if routed is not None:
            return routed
        ancestors = list(Page.objects.ancestor_of(self).filter(depth__gt=1).order_by("depth"))
        home_type = KBHomePage.content_type_for()
        for index_, ancestor in enumerate(ancestors):
            if ancestor.content_type_id == home_type.pk:
                return ancestors[index_:]
        return []

    def get_kb_context(self, request):
        if isinstance(self, KBHomePage):
            kb_home, breadcrumbs = self, []
        else:
            breadcrumbs = self._kb_ancestors(request)
            kb_home = breadcrumbs[0] if breadcrumbs else None
        site_settings = KBSettings.for_request(request)
        return {
            "kb_base_template": kb_settings.BASE_TEMPLATE,
            "kb_home": kb_home,
            "kb_breadcrumbs": breadcrumbs,
            "kb_settings": site_settings,
            "kb_search_url": kb_home.url + "search/" if kb_home else "",
            # Template fragments (header, rating card) are cached under the tree version, which
            # any page, KB settings or rating widget change replaces.
            "kb_cache_alias": kb_settings.CACHE_ALIAS,
            "kb_fragment_timeout": LISTING_CACHE_TIMEOUT,
            "kb_fragment_key": f"{tree_version()}:{get_language() or ''}",
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.get_kb_context(request))
        return context


class KBHomePage(KBPageMixin, RoutablePageMixin, Page):
    objects = KBPageManager()

    heading = models.CharField(
        _("heading"),
        max_length=120,
        blank=True,
        help_text=_("Leave blank for “How can we help?”"),
    )
    subtitle = models.CharField(
        _("subtitle"),
        max_length=250,
        blank=True,
        help_text=_("Leave blank for “Search for answers or browse our knowledge base.”"),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("heading"), FieldPanel("subtitle")], heading=_("Search header"))
    ]

    subpage_types = ["wagtail_kb.KBTopicPage", "wagtail_kb.KBArticlePage"]
    kb_child_types = ("wagtail_kb.KBTopicPage", "wagtail_kb.KBArticlePage")
    template = "wagtail_kb/pages/kb_home_page.html"
    search_template = "wagtail_kb/pages/kb_search_page.html"

    class Meta:
        verbose_name = _("knowledge base home")
        verbose_name_plural = _("knowledge base homes")

    @classmethod
    def content_type_for(cls):
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects.get_for_model(cls)

    def get_heading(self):
        return self.heading or DEFAULT_HOME_HEADING

    def get_subtitle(self):
        return self.subtitle or DEFAULT_HOME_SUBTITLE

    def get_topics(self):
        """Live topics with ``article_count`` and ``first_articles`` set, in three queries."""
        topics = list(KBTopicPage.objects.children_of(self).live().order_by("path"))
        if not topics:
            return []
        counts = _article_counts(self, self.depth + 1)
        first = _first_articles(topics, kb_settings.HOME_TOPIC_ARTICLES)
        for topic in topics:
            topic.article_count = counts.get(topic.path, 0)
            topic.first_articles = first.get(topic.path, [])
        return topics

    def get_loose_articles(self):
        """Articles placed directly under the KB home (shown after the topic grid)."""
        limit = kb_settings.HOME_TOPIC_ARTICLES
        return list(
            KBArticlePage.objects.children_of(self)
            .live()
            .defer_streamfields()
            .order_by("path")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = _cached_listing(
            "home-listing",
            self,
            lambda: {"topics": self.get_topics(), "loose_articles": self.get_loose_articles()},
        )
        context.update(listing)
        return context

    @path("search/", name="search")
    def search_view(self, request):
        from ..views.search import serve_search

        return serve_search(self, request)

    @path("search/go/", name="search_go")
    def search_go_view(self, request):
        from ..views.search import serve_search_click

        return serve_search_click(self, request)


def _first_articles(topics, limit):
    """The first ``limit`` live articles of each topic, in one query: {topic path: [articles]}.

    One ``LIMIT`` per topic, read through the path index: the cost follows the number of topics
    shown, not the number of articles in them.
    """
    if limit <= 0:
        return {}
    rows = union_all(
        KBArticlePage,
        [
            KBArticlePage.objects.children_of(topic)
            .live()
            .defer_streamfields()
            .order_by("path")[:limit]
            for topic in topics
        ],
    )
    grouped = {}
    for article in sorted(rows, key=lambda row: row.path):
        grouped.setdefault(article.path[: -Page.steplen], []).append(article)
    return grouped


class KBTopicPage(KBPageMixin, Page):
    objects = KBPageManager()

    intro = models.TextField(_("introduction"), blank=True, help_text=_("Shown under the title."))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtail_kb.KBHomePage", "wagtail_kb.KBTopicPage"]
    subpage_types = ["wagtail_kb.KBTopicPage", "wagtail_kb.KBArticlePage"]
    kb_child_types = ("wagtail_kb.KBArticlePage", "wagtail_kb.KBTopicPage")
    template = "wagtail_kb/pages/kb_topic_page.html"

    class Meta:
        verbose_name = _("knowledge base topic")
        verbose_name_plural = _("knowledge base topics")

    def get_subtopics(self):
        subtopics = list(KBTopicPage.objects.children_of(self).live().order_by("path"))
        if subtopics:
            counts = _article_counts(self, self.depth + 1)
            for subtopic in subtopics:
                subtopic.article_count = counts.get(subtopic.path, 0)
        return subtopics

    def get_articles_page(self, request):
        articles = (
            KBArticlePage.objects.children_of(self).live().defer_streamfields().order_by("path")
        )
        count = _cached_listing("topic-article-count", self, articles.count)
        paginator = _CountedPaginator(articles, kb_settings.TOPIC_ARTICLES_PER_PAGE, count)
        return paginator.get_page(request.GET.get("page"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subtopics"] = _cached_listing("subtopics", self, self.get_subtopics)
        context["articles_page"] = self.get_articles_page(request)
        return context


class KBArticlePage(KBPageMixin, RoutablePageMixin, Page):
    objects = KBPageManager()

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=500,
        help_text=_("One or two sentences: what the reader will learn. Shown under the title."),
    )
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))
    ratings_enabled = models.BooleanField(
        _("ask readers to rate this article"),
        default=True,
    )
    rating_widget = models.ForeignKey(
        "wagtail_kb.RatingWidget",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("rating widget"),
        help_text=_("Leave blank for the site's default rating widget."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("ratings_enabled"), FieldPanel("rating_widget"), RatingSummaryPanel()],
            heading=_("Rating"),
        )
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        # Chooser blocks add nothing to a StreamField's search content: index document titles.
        index.SearchField("get_document_titles"),
        index.AutocompleteField("intro"),
        # Instant search matches word prefixes anywhere in the article ("instal" → "installing").
        index.AutocompleteField("body"),
        index.FilterField("path"),
        index.FilterField("depth"),
    ]

    parent_page_types = ["wagtail_kb.KBTopicPage", "wagtail_kb.KBHomePage"]
    subpage_types = []
    template = "wagtail_kb/pages/kb_article_page.html"

    class Meta:
        verbose_name = _("knowledge base article")
        verbose_name_plural = _("knowledge base articles")

    def get_document_titles(self):
        """The titles of the documents in the body (for ``search_fields``)."""
        return document_titles(self.body)

    def get_topic_window(self):
        """The live sibling articles around this one, in tree order, in one query.

        ``before`` and ``after`` are nearest first and sized so that with this article they fill
        ``WAGTAILKB_SIDEBAR_ARTICLES`` places; ``previous``/``next`` are the neighbours (even when
        the side list is too small to show them).
        """
        places = max(kb_settings.SIDEBAR_ARTICLES, 1) - 1
        parent = Page(path=self.path[: -Page.steplen], depth=self.depth - 1)
        # Joined to the article table rather than filtered on content type, which would lead
        # SQLite to read every article through the content-type index and sort them.
        siblings = (
            KBArticlePage.objects.children_of(parent)
            .live()
            .defer_streamfields()
            .exclude(pk=self.pk)
        )
        # Enough on each side for any split of the places: one query, two index range reads.
        rows = union_all(
            KBArticlePage,
            [
                siblings.filter(path__lt=self.path).order_by("-path")[: places + 1],
                siblings.filter(path__gt=self.path).order_by("path")[: places + 1],
            ],
        )
        before = sorted((p for p in rows if p.path < self.path), key=lambda p: p.path, reverse=True)
        after = sorted((p for p in rows if p.path > self.path), key=lambda p: p.path)
        before_limit = places // 2
        before = before[: before_limit + 1]
        after_limit = places - min(len(before), before_limit)
        after = after[: after_limit + 1]
        return TopicWindow(
            before=before[:before_limit],
            after=after[:after_limit],
            has_more=len(before) > before_limit or len(after) > after_limit,
            previous=before[0] if before else None,
            next=after[0] if after else None,
        )

    def get_article_body(self, request, context):
        use_cache = not getattr(request, "is_preview", False)
        return toc.render_article_body(self, context, use_cache=use_cache)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        body = self.get_article_body(request, context)
        window = _cached_listing("topic-window", self, self.get_topic_window)
        context.update(
            {
                "body_html": body.html,
                "toc": body.toc,
                "reading_minutes": max(1, math.ceil(body.words / kb_settings.WORDS_PER_MINUTE)),
                "previous_article": window.previous,
                "next_article": window.next,
                "topic_articles": [*reversed(window.before), self, *window.after],
                "topic_has_more": window.has_more,
                "topic": context["kb_breadcrumbs"][-1] if context["kb_breadcrumbs"] else None,
            }
        )
        if self.ratings_enabled:
            from ..ratings import get_rating_block

            # One aggregate query for the summary (+ one for the wording when a widget is set).
            context["rating"] = get_rating_block(self, request, context.get("kb_settings"))
        return context

    @path("rate/", name="rate")
    def rate_view(self, request):
        from ..views.ratings import rate

        return rate(self, request)
