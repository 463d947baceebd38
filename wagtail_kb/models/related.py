"""An article's tags and its "Related articles", and the KB's tag pages (``<kb home>tags/<slug>/``).

Tags live in taggit's shared ``Tag`` table (one row per name, whichever KB or locale uses it):
every listing here is bounded to one KB home's branch, so a tag page of one KB never lists another
KB's articles, nor another locale's (each locale's KB is its own tree).

Like every listing, only live articles that any reader may open (``KBPageQuerySet.listed()``)
are shown or counted. What costs queries is cached under the tree version
(``wagtail_kb.listing_cache``): an article's tags and related list, a tag page's tag and count.
Publishing or unpublishing any page, or a tag change (which reaches readers when the article is
published), replaces it.

The functions take the queryset to list from (``KBArticlePage.objects.all()``), so this module
needs no page class.
"""

import hashlib
from typing import NamedTuple

from django.db.models import Count
from django.http import Http404
from django.template.response import TemplateResponse
from taggit.models import Tag
from wagtail.models import Page

from ..conf import kb_settings
from ..listing_cache import cached_listing
from .listings import CountedPaginator

TAG_TEMPLATE = "wagtail_kb/pages/kb_tag_page.html"


class TagLink(NamedTuple):
    name: str
    slug: str
    url: str


class ArticleTags(NamedTuple):
    """What an article shows of its tags: ``tags`` as ``(name, slug)`` and ``related`` pages."""

    tags: list
    related: list


def _listed(articles, kb_home):
    """Live ``articles`` any reader may open (no restriction, no unpublished topic above them)."""
    return articles.live().listed(kb_home).defer_streamfields()


def _kb_articles(articles, kb_home):
    """The KB's live articles any reader may open."""
    return _listed(articles.descendants_of(kb_home), kb_home)


def related_articles(page, kb_home, articles, tag_ids, limit):
    """Up to ``limit`` articles of the KB sharing most of ``tag_ids`` with ``page``, then its
    topic's articles in the editor's order; two queries."""
    if limit <= 0 or kb_home is None:
        return []
    chosen = []
    if tag_ids:
        chosen = list(
            _kb_articles(articles, kb_home)
            .exclude(pk=page.pk)
            .filter(tagged_items__tag_id__in=tag_ids)
            # Filtered first, so only the shared tags are counted.
            .annotate(kb_shared_tags=Count("tagged_items"))
            .order_by("-kb_shared_tags", "path")[:limit]
        )
    # Always asked (at most ``limit`` rows), so the page's query count never depends on the tags.
    topic = Page(path=page.path[: -Page.steplen], depth=page.depth - 1)
    siblings = (
        _listed(articles.children_of(topic), kb_home)
        .exclude(pk__in=[page.pk, *(p.pk for p in chosen)])
        .order_by("path")
    )
    chosen += list(siblings[:limit])
    return chosen[:limit]


def article_tags(page, kb_home, articles, use_cache=True):
    """``ArticleTags`` of ``page`` (cached until the tree changes, unless ``use_cache`` is off:
    a preview shows the tags of the revision previewed)."""
    limit = max(0, int(kb_settings.RELATED_ARTICLES))

    def compute():
        tags = sorted(page.tags.all(), key=lambda tag: (tag.name.lower(), tag.slug))
        related = related_articles(page, kb_home, articles, [tag.pk for tag in tags], limit)
        return ArticleTags([(tag.name, tag.slug) for tag in tags], related)

    if not use_cache:
        return compute()
    return cached_listing(f"article-tags-{limit}", page, compute)


def tag_links(kb_home, tags, request=None):
    """``TagLink``s to the KB's tag pages for ``(name, slug)`` pairs."""
    if kb_home is None:
        return []
    return [TagLink(name, slug, kb_home.get_tag_url(slug, request)) for name, slug in tags]


def _digest(text):
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def kb_tag(kb_home, articles, slug):
    """``(tag id, name, article count)`` of the tag ``slug`` in this KB, or ``()`` when no live,
    public article of the KB has it. Cached until the tree changes."""

    def compute():
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            return ()
        count = _kb_articles(articles, kb_home).filter(tagged_items__tag=tag).count()
        return (tag.pk, tag.name, count) if count else ()

    return cached_listing(f"kb-tag-{_digest(slug)}", kb_home, compute)


def serve_tag_page(kb_home, request, slug, articles):
    """``<kb home>tags/<slug>/``: the KB's live, public articles with the tag, paginated.

    Unknown tags, and tags no article a reader may open has here, are a 404.
    """
    found = kb_tag(kb_home, articles, slug)
    if not found:
        raise Http404
    tag_id, name, count = found
    listed = _kb_articles(articles, kb_home).filter(tagged_items__tag_id=tag_id).order_by("path")
    paginator = CountedPaginator(listed, kb_settings.TOPIC_ARTICLES_PER_PAGE, count)
    context = {"page": kb_home, "self": kb_home, "request": request}
    context.update(kb_home.get_kb_context(request))
    context.update(
        {
            "tag": TagLink(name, slug, kb_home.get_tag_url(slug, request)),
            "tag_article_count": count,
            "articles_page": paginator.get_page(request.GET.get("page")),
        }
    )
    return TemplateResponse(request, TAG_TEMPLATE, context)
