"""``llms.txt`` and ``llms-full.txt`` of a knowledge base (the llmstxt.org format).

``llms.txt``: ``# <KB title>``, a ``>`` summary (the home's subtitle or search description), then
a ``## <topic>`` section per topic in tree order (a sub-topic's title after its parent's:
"Parent › Child"), each listing ``- [Article](<article url>index.html.md): intro``; articles
placed directly under the KB home come last, under "More articles". ``llms-full.txt``: the same
title and summary, then every article's Markdown (``reach.markdown``) in tree order.

Only live, public articles below live pages are in either (``KBPageQuerySet.live().listed()``):
no draft, no view-restricted page, nothing under an unpublished topic. Both are cached until the
page tree changes (``wagtail_kb.listing_cache``), per language and site.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from .. import private_documents
from ..listing_cache import cached_listing
from ..models import KBArticlePage, KBTopicPage
from .html_markdown import escape
from .jsonld import page_description
from .markdown import _site_root, article_markdown

MARKDOWN_SUFFIX = "index.html.md"


def public_articles(home, *, with_body=False):
    articles = KBArticlePage.objects.live().descendants_of(home).listed(home).order_by("path")
    return articles if with_body else articles.defer_streamfields()


def public_topics(home):
    return KBTopicPage.objects.live().descendants_of(home).listed(home).order_by("path")


def markdown_url(article, request):
    return (article.get_full_url(request) or "") + MARKDOWN_SUFFIX


def _header(home):
    lines = [f"# {escape(home.title)}"]
    summary = page_description(home)
    if summary:
        lines.append(f"> {escape(summary)}")
    return lines


def _sections(home, request):
    """``[(section title, [articles])]``: topics in tree order, then the home's own articles."""
    topics = list(public_topics(home))
    titles = {}
    for topic in topics:
        parent = titles.get(topic.path[: -topic.steplen])
        titles[topic.path] = f"{parent} › {topic.title}" if parent else topic.title
    by_parent = {}
    for article in public_articles(home):
        by_parent.setdefault(article.path[: -article.steplen], []).append(article)
    sections = [(titles[t.path], by_parent[t.path]) for t in topics if t.path in by_parent]
    if home.path in by_parent:
        sections.append((_("More articles"), by_parent[home.path]))
    return sections


def render_llms_txt(home, request):
    parts = ["\n\n".join(_header(home))]
    for title, articles in _sections(home, request):
        lines = [f"## {escape(title)}", ""]
        for article in articles:
            line = f"- [{escape(article.title)}]({markdown_url(article, request)})"
            intro = " ".join((article.intro or "").split())
            lines.append(f"{line}: {escape(intro)}" if intro else line)
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def render_llms_full_txt(home, request):
    parts = ["\n\n".join(_header(home))]
    for article in public_articles(home, with_body=True):
        parts.append(article_markdown(article, request).strip())
    return "\n\n".join(parts) + "\n"


def _variant(home, request):
    return f"{translation.get_language() or ''}:{_site_root(home, request)}"


def llms_txt(home, request):
    """The KB's ``llms.txt``, cached until the tree changes."""
    name = f"llms-txt:{_variant(home, request)}"
    return cached_listing(name, home, lambda: render_llms_txt(home, request))


def llms_full_txt(home, request):
    """The KB's ``llms-full.txt``, cached until the tree (or a document's privacy) changes."""
    name = f"llms-full:{private_documents.version()}:{_variant(home, request)}"
    return cached_listing(name, home, lambda: render_llms_full_txt(home, request))
