"""KB-scoped search: the results page at ``<kb home>/search/``."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from .conf import kb_settings


def clean_query(raw):
    """Trim, drop control characters and cut the query at ``WAGTAILKB_SEARCH_QUERY_MAX_LENGTH``."""
    text = "".join(ch if ch.isprintable() else " " for ch in (raw or ""))
    return " ".join(text.split())[: kb_settings.SEARCH_QUERY_MAX_LENGTH]


def search_articles(kb_home, query):
    from .models import KBArticlePage

    return KBArticlePage.objects.live().descendant_of(kb_home).search(query)


def serve_search(kb_home, request):
    query = clean_query(request.GET.get("q"))
    results_page = None
    if query:
        paginator = Paginator(search_articles(kb_home, query), kb_settings.SEARCH_RESULTS_PER_PAGE)
        results_page = paginator.get_page(request.GET.get("page"))
    context = kb_home.get_context(request)
    context.update({"search_query": query, "results_page": results_page})
    return TemplateResponse(request, kb_home.search_template, context)
