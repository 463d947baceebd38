"""The knowledge base's page types and the mixin they share.

Behaviour lives in ``KBPageMixin`` and the services (``toc``, ``embeds``); the concrete pages stay
thin. Every listing below runs a fixed number of queries whatever the size of the tree.
"""

import math

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber, Substr
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .. import toc
from ..blocks import ArticleBodyBlock
from ..conf import kb_settings
from .settings import KBSettings

DEFAULT_HOME_HEADING = _("How can we help?")
DEFAULT_HOME_SUBTITLE = _("Search for answers or browse our knowledge base.")


def _article_counts(parent, depth):
    """Live articles below ``parent``, grouped by their ancestor at ``depth``: {path: count}."""
    prefix = Substr("path", 1, depth * Page.steplen)
    rows = (
        KBArticlePage.objects.live()
        .filter(path__startswith=parent.path, depth__gt=depth)
        .annotate(branch=prefix)
        .order_by()
        .values("branch")
        .annotate(n=Count("pk"))
    )
    return {row["branch"]: row["n"] for row in rows}


class KBPageMixin:
    """Shared by every KB page: the KB it belongs to, breadcrumb, header navigation, base template."""

    def _kb_ancestors(self):
        """This page's ancestors from its KB home down to its parent (one query)."""
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
            breadcrumbs = self._kb_ancestors()
            kb_home = breadcrumbs[0] if breadcrumbs else None
        site_settings = KBSettings.for_request(request)
        return {
            "kb_base_template": kb_settings.BASE_TEMPLATE,
            "kb_home": kb_home,
            "kb_breadcrumbs": breadcrumbs,
            "kb_settings": site_settings,
            "kb_search_url": kb_home.url + "search/" if kb_home else "",
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.get_kb_context(request))
        return context


class KBHomePage(KBPageMixin, RoutablePageMixin, Page):
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
        topics = list(KBTopicPage.objects.child_of(self).live().order_by("path"))
        if not topics:
            return []
        counts = _article_counts(self, self.depth + 1)
        first = _first_articles(self, kb_settings.HOME_TOPIC_ARTICLES)
        for topic in topics:
            topic.article_count = counts.get(topic.path, 0)
            topic.first_articles = first.get(topic.path, [])
        return topics

    def get_loose_articles(self):
        """Articles placed directly under the KB home (shown after the topic grid)."""
        limit = kb_settings.HOME_TOPIC_ARTICLES
        return list(
            KBArticlePage.objects.child_of(self).live().defer_streamfields().order_by("path")[
                :limit
            ]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = self.get_topics()
        context["loose_articles"] = self.get_loose_articles()
        return context

    @path("search/", name="search")
    def search_view(self, request):
        from ..search import serve_search

        return serve_search(self, request)

    @path("search/go/", name="search_go")
    def search_go_view(self, request):
        from ..search import serve_search_click

        return serve_search_click(self, request)


def _first_articles(home, limit):
    """The first ``limit`` live articles of each topic under ``home``, in one query."""
    branch_length = (home.depth + 1) * Page.steplen
    rows = (
        KBArticlePage.objects.live()
        .filter(path__startswith=home.path, depth=home.depth + 2)
        .defer_streamfields()
        .annotate(
            branch=Substr("path", 1, branch_length),
            position=Window(
                RowNumber(), partition_by=[Substr("path", 1, branch_length)], order_by=F("path").asc()
            ),
        )
        .filter(position__lte=limit)
        .order_by("path")
    )
    grouped = {}
    for article in rows:
        grouped.setdefault(article.branch, []).append(article)
    return grouped


class KBTopicPage(KBPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Shown under the title."))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtail_kb.KBHomePage", "wagtail_kb.KBTopicPage"]
    subpage_types = ["wagtail_kb.KBTopicPage", "wagtail_kb.KBArticlePage"]
    template = "wagtail_kb/pages/kb_topic_page.html"

    class Meta:
        verbose_name = _("knowledge base topic")
        verbose_name_plural = _("knowledge base topics")

    def get_subtopics(self):
        subtopics = list(KBTopicPage.objects.child_of(self).live().order_by("path"))
        if subtopics:
            counts = _article_counts(self, self.depth + 1)
            for subtopic in subtopics:
                subtopic.article_count = counts.get(subtopic.path, 0)
        return subtopics

    def get_articles_page(self, request):
        articles = (
            KBArticlePage.objects.child_of(self).live().defer_streamfields().order_by("path")
        )
        paginator = Paginator(articles, kb_settings.TOPIC_ARTICLES_PER_PAGE)
        return paginator.get_page(request.GET.get("page"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subtopics"] = self.get_subtopics()
        context["articles_page"] = self.get_articles_page(request)
        return context


class KBArticlePage(KBPageMixin, RoutablePageMixin, Page):
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
            [FieldPanel("ratings_enabled"), FieldPanel("rating_widget")],
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
        from ..search import document_titles

        return document_titles(self)

    def get_topic_window(self):
        """The live sibling articles around this one, in tree order, in two queries.

        Returns ``(before, after, has_more)``: ``before`` nearest first (its first item is the
        previous article), ``after`` nearest first (its first item is the next article), sized so
        that with this article they fill ``WAGTAILKB_SIDEBAR_ARTICLES`` places.
        """
        places = max(kb_settings.SIDEBAR_ARTICLES, 1) - 1
        siblings = Page.objects.sibling_of(self, inclusive=False).live().type(KBArticlePage)
        before_limit = places // 2
        before = list(siblings.filter(path__lt=self.path).order_by("-path")[: before_limit + 1])
        after_limit = places - min(len(before), before_limit)
        after = list(siblings.filter(path__gt=self.path).order_by("path")[: after_limit + 1])
        has_more = len(before) > before_limit or len(after) > after_limit
        return before[:before_limit], after[:after_limit], has_more, before[:1], after[:1]

    def get_article_body(self, request, context):
        use_cache = not getattr(request, "is_preview", False)
        return toc.render_article_body(self, context, use_cache=use_cache)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        body = self.get_article_body(request, context)
        before, after, has_more, previous, following = self.get_topic_window()
        context.update(
            {
                "body_html": body.html,
                "toc": body.toc,
                "reading_minutes": max(1, math.ceil(body.words / kb_settings.WORDS_PER_MINUTE)),
                "previous_article": previous[0] if previous else None,
                "next_article": following[0] if following else None,
                "topic_articles": [*reversed(before), self, *after],
                "topic_has_more": has_more,
                "topic": context["kb_breadcrumbs"][-1] if context["kb_breadcrumbs"] else None,
            }
        )
        return context
