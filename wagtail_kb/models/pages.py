"""The knowledge base's page types: thin classes over ``KBPageMixin`` and the listings.

Every listing runs a fixed number of queries whatever the size of the tree (``listings``); what
is costly is cached until the tree changes (``wagtail_kb.listing_cache``). Routes hand the
request over to the reader-facing views (``wagtail_kb.views``), imported where they are used.
"""

import math

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import ArticleBodyBlock
from ..blocks.documents import document_titles
from ..conf import kb_settings
from ..listing_cache import cached_listing, invalidate_listings
from ..panels import RatingSummaryPanel
from .api_fields import ServiceField
from .listings import CountedPaginator, TopicWindow, article_counts, first_children, topic_window
from .mixins import KBPageMixin
from .pages_slugs import RouteSafeSlugMixin
from .querysets import KBPageManager
from .related import article_tags, serve_tag_page, tag_links

__all__ = [
    "KBArticlePage",
    "KBHomePage",
    "KBPageMixin",
    "KBTopicPage",
    # Kept importable from here: documented (``invalidate_listings``) or pickled in caches.
    "TopicWindow",
    "invalidate_listings",
]

DEFAULT_HOME_HEADING = _("How can we help?")
DEFAULT_HOME_SUBTITLE = _("Search for answers or browse our knowledge base.")


class KBHomePage(RouteSafeSlugMixin, KBPageMixin, RoutablePageMixin, Page):
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

    # Wagtail's API (v2; v3 on Wagtail 8): see docs/reach.md.
    api_fields = [
        APIField("heading"),
        APIField("subtitle"),
        APIField("topics", serializer=ServiceField("wagtail_kb.reach.api.home_topics")),
    ]

    subpage_types = ["wagtail_kb.KBTopicPage", "wagtail_kb.KBArticlePage"]
    kb_child_types = ("wagtail_kb.KBTopicPage", "wagtail_kb.KBArticlePage")
    is_kb_home = True
    template = "wagtail_kb/pages/kb_home_page.html"
    search_template = "wagtail_kb/pages/kb_search_page.html"

    class Meta:
        verbose_name = _("knowledge base home")
        verbose_name_plural = _("knowledge base homes")

    def get_heading(self):
        return self.heading or DEFAULT_HOME_HEADING

    def get_subtitle(self):
        return self.subtitle or DEFAULT_HOME_SUBTITLE

    def get_search_url(self, request=None):
        """The KB's search page (its ``search`` route)."""
        return (self.get_url(request) or "") + self.reverse_subpage("search")

    def get_topics(self):
        """Live public topics with ``article_count`` and ``first_articles`` set, in three queries.

        Like every listing, only public pages below live ones (``KBPageQuerySet.listed()``).
        """
        topics = list(
            KBTopicPage.objects.children_of(self)
            .live()
            .listed(self, self.depth + 1)
            .order_by("path")
        )
        if not topics:
            return []
        counts = article_counts(KBArticlePage.objects.live().listed(self), self, self.depth + 1)
        first = first_children(
            KBArticlePage.objects.live().listed(self, self.depth + 2).defer_streamfields(),
            topics,
            kb_settings.HOME_TOPIC_ARTICLES,
        )
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
            .listed(self, self.depth + 1)
            .defer_streamfields()
            .order_by("path")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = cached_listing(
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

    def get_tag_url(self, slug, request=None):
        """The KB's page of the articles tagged ``slug`` (its ``tag`` route)."""
        return (self.get_url(request) or "") + self.reverse_subpage("tag", args=[slug])

    @path("tags/<str:tag>/", name="tag")
    def tag_view(self, request, tag):
        return serve_tag_page(self, request, tag, KBArticlePage.objects.all())


class KBTopicPage(RouteSafeSlugMixin, KBPageMixin, Page):
    objects = KBPageManager()

    intro = models.TextField(_("introduction"), blank=True, help_text=_("Shown under the title."))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["wagtail_kb.KBHomePage", "wagtail_kb.KBTopicPage"]
    subpage_types = ["wagtail_kb.KBTopicPage", "wagtail_kb.KBArticlePage"]
    kb_child_types = ("wagtail_kb.KBArticlePage", "wagtail_kb.KBTopicPage")
    template = "wagtail_kb/pages/kb_topic_page.html"

    class Meta:
        verbose_name = _("knowledge base topic")
        verbose_name_plural = _("knowledge base topics")

    def get_subtopics(self):
        subtopics = list(
            KBTopicPage.objects.children_of(self)
            .live()
            .listed(self, self.depth + 1)
            .order_by("path")
        )
        if subtopics:
            counts = article_counts(KBArticlePage.objects.live().listed(self), self, self.depth + 1)
            for subtopic in subtopics:
                subtopic.article_count = counts.get(subtopic.path, 0)
        return subtopics

    def get_articles_page(self, request):
        articles = (
            KBArticlePage.objects.children_of(self)
            .live()
            .listed(self, self.depth + 1)
            .defer_streamfields()
            .order_by("path")
        )
        count = cached_listing("topic-article-count", self, articles.count)
        paginator = CountedPaginator(articles, kb_settings.TOPIC_ARTICLES_PER_PAGE, count)
        return paginator.get_page(request.GET.get("page"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subtopics"] = cached_listing("subtopics", self, self.get_subtopics)
        context["articles_page"] = self.get_articles_page(request)
        return context


class KBArticlePage(RouteSafeSlugMixin, KBPageMixin, RoutablePageMixin, Page):
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
    tags = ClusterTaggableManager(
        through="wagtail_kb.KBArticleTag",
        blank=True,
        verbose_name=_("tags"),
        help_text=_("Words readers might look for; articles sharing tags are shown as related."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
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

    # Wagtail's API (v2; v3 on Wagtail 8): see docs/reach.md. Read-only but for intro.
    api_fields = [
        APIField("intro"),
        APIField("body", serializer=ServiceField("wagtail_kb.reach.api.article_body")),
        APIField("toc", serializer=ServiceField("wagtail_kb.reach.api.article_toc")),
        APIField("tags", serializer=ServiceField("wagtail_kb.reach.api.article_tags")),
        APIField("topic", serializer=ServiceField("wagtail_kb.reach.api.article_topic")),
        APIField("rating", serializer=ServiceField("wagtail_kb.reach.api.article_rating")),
    ]

    parent_page_types = ["wagtail_kb.KBTopicPage", "wagtail_kb.KBHomePage"]
    subpage_types = []
    template = "wagtail_kb/pages/kb_article_page.html"

    class Meta:
        verbose_name = _("knowledge base article")
        verbose_name_plural = _("knowledge base articles")

    def get_cached_paths(self):
        """The article and its Markdown twin: ``wagtail.contrib.frontend_cache`` purges both."""
        return ["/", "index.html.md"]

    def get_document_titles(self):
        """The titles of the documents in the body (for ``search_fields``)."""
        return document_titles(self.body)

    def get_rating_summaries(self):
        """``(all time, since the last published change)`` summaries of the votes, one query."""
        return self.rating_votes.summaries_all_time_and_live(self.live_revision_id)

    def get_topic_window(self):
        """The live sibling articles around this one, in tree order, in one query.

        ``before`` and ``after`` are nearest first and sized so that with this article they fill
        ``WAGTAILKB_SIDEBAR_ARTICLES`` places; ``previous``/``next`` are the neighbours.
        """
        parent = Page(path=self.path[: -Page.steplen], depth=self.depth - 1)
        # Joined to the article table rather than filtered on content type, which would lead
        # SQLite to read every article through the content-type index and sort them.
        siblings = (
            KBArticlePage.objects.children_of(parent)
            .live()
            # Public siblings, none when an ancestor (the topic) is not live.
            .listed(depth=self.depth)
            .defer_streamfields()
            .exclude(pk=self.pk)
        )
        return topic_window(siblings, self, max(kb_settings.SIDEBAR_ARTICLES, 1) - 1)

    def get_context(self, request, *args, **kwargs):
        # The services that render the page for this request (body and TOC, rating card).
        from ..ratings import get_rating_block
        from ..toc import render_article_body

        context = super().get_context(request, *args, **kwargs)
        use_cache = not getattr(request, "is_preview", False)
        body = render_article_body(self, context, use_cache=use_cache)
        window = cached_listing("topic-window", self, self.get_topic_window)
        context.update(
            {
                "body_html": body.html,
                "toc": body.toc,
                "reading_minutes": max(1, math.ceil(body.words / kb_settings.WORDS_PER_MINUTE)),
                "previous_article": window.previous,
                "next_article": window.next,
                "topic_articles": [*reversed(window.before), self, *window.after],
                "topic_has_more": window.has_more,
                # The parent when readers may see it (the breadcrumb leaves out pages not live).
                "topic": next(
                    (p for p in context["kb_breadcrumbs"] if p.depth == self.depth - 1), None
                ),
            }
        )
        tagged = article_tags(self, context["kb_home"], KBArticlePage.objects.all(), use_cache)
        context["article_tags"] = tag_links(context["kb_home"], tagged.tags, request)
        context["related_articles"] = tagged.related
        if self.ratings_enabled:
            # One aggregate query for the summary (+ one for the wording when a widget is set).
            context["rating"] = get_rating_block(self, request, context.get("kb_settings"))
        return context

    @path("rate/", name="rate")
    def rate_view(self, request):
        from ..views.ratings import rate

        return rate(self, request)

    @path("seen/", name="seen")
    def seen_view(self, request):
        # A page view reported by the article's script (counted once per reader a day).
        from ..views.seen import seen

        return seen(self, request)
