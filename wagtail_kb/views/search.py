"""The KB search pages, called by ``KBHomePage``'s routes (see ``models/pages.py``).

* ``<kb home>search/?q=…`` — the HTML results page; with ``Accept: application/json`` a JSON list
  of instant results (``id``, ``title``, ``url``, ``topic``, ``snippet``, ``updated``,
  ``promoted``, and ``token`` when analytics are on).
* ``<kb home>search/go/?q=…&to=<article id>&e=<token>`` — the click-through: logs the opened
  result when ``e`` is a valid token of a search the server ran (``wagtail_kb.search.log``),
  then redirects to the article. It only ever redirects to a live article of this KB that
  readers may open (anything else is a 404), so it is not an open redirect.

The results page runs a fixed number of SQL queries whatever the page size: the topics of all
results come from one query, URLs are built from ``url_path`` and the cached site root paths, and
snippets from the articles' stored StreamField data (document titles in one more query).
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from ..conf import kb_settings
from ..listing_cache import cached_listing
from ..ratings.helpful import helpful_articles
from ..search import clean_query, instant_results, kb_articles, search_articles
from ..search.log import (
    entry_of_search_token,
    instant_token,
    link_clicks,
    log_click,
    log_search,
    search_token,
)
from .responses import wants_json


def _int_param(request, name, low, high, default=None):
    try:
        value = int(request.GET.get(name, ""))
    except ValueError:
        return default
    return min(max(value, low), high)


def search_context(kb_home, request):
    """The context every KB page template expects, without the home page's topic grid."""
    context = {"page": kb_home, "self": kb_home, "request": request}
    context.update(kb_home.get_kb_context(request))
    return context


def _instant_answer(kb_home, request, query):
    hits = instant_results(kb_home, query, request) if query else []
    items = [hit.as_json() for hit in hits]
    if kb_settings.SEARCH_ANALYTICS:
        for item, hit in zip(items, hits, strict=True):
            item["token"] = instant_token(kb_home, query, hit, len(hits))
    response = JsonResponse(items, safe=False)
    patch_vary_headers(response, ["Accept"])
    if items and kb_settings.SEARCH_ANALYTICS:
        # Each answer carries fresh one-use tokens: not for shared caches.
        patch_cache_control(response, private=True, max_age=0)
    return response


def serve_search(kb_home, request):
    query = clean_query(request.GET.get("q"))
    if wants_json(request):
        return _instant_answer(kb_home, request, query)

    context = search_context(kb_home, request)
    results_page, result_count, topics, suggested, token = None, 0, [], [], None
    capped = False
    if query:
        results = search_articles(kb_home, query, request)
        result_count, capped = results.count(), results.more
        paginator = Paginator(results, max(1, kb_settings.SEARCH_RESULTS_PER_PAGE))
        results_page = paginator.get_page(request.GET.get("page"))
        # Later pages of a logged search carry its token: paging is not a new search.
        entry_id = None
        if results_page.number > 1:
            entry_id = entry_of_search_token(kb_home, query, request.GET.get("e"))
        corrected = results.corrected_query
        if corrected:
            context["search_corrected_query"] = corrected
            context["search_corrected_url"] = (
                f"{context['kb_search_url']}?{urlencode({'q': corrected})}"
            )
        if entry_id is None:
            entry = log_search(kb_home, query, result_count, corrected_query=corrected)
            entry_id = entry.pk if entry is not None else None
        if entry_id is not None:
            token = search_token(kb_home, query, entry_id)
            link_clicks(context["kb_search_url"], query, entry_id, results_page.object_list)
        if not result_count:
            suggested = helpful_articles(kb_home)
    if not result_count:
        # The home's topic grid, cached until the tree changes (as on the home itself).
        topics = cached_listing("search-topics", kb_home, kb_home.get_topics)
    context.update(
        {
            "search_query": query,
            "results_page": results_page,
            "result_count": result_count,
            "results_capped": capped,
            "search_topics": topics,
            "suggested_articles": suggested,
            "search_token": token,
            # Start of the pagination links' query string: ``?{{ prefix }}page=2``.
            "search_pagination_prefix": urlencode({"q": query, **({"e": token} if token else {})})
            + "&",
        }
    )
    response = TemplateResponse(request, kb_home.search_template, context)
    patch_vary_headers(response, ["Accept"])
    patch_cache_control(response, private=True, max_age=0)
    response["X-Robots-Tag"] = "noindex"
    return response


def serve_search_click(kb_home, request):
    """``search/go/?q=…&to=<id>[&e=<token>]``: log the click if the token allows, redirect.

    Redirects only to a live article of this KB that readers may open; anything else is a 404.
    Any other parameter (``p``, ``n``…) is ignored: what is logged comes from the token.
    """
    target = _int_param(request, "to", 0, 2**63 - 1)
    article = None
    if target:
        article = kb_articles(kb_home).filter(pk=target).defer_streamfields().first()
    url = article.get_url(request) if article is not None else None
    if not url:
        raise Http404("Not an article of this knowledge base")
    log_click(
        kb_home,
        article,
        token=request.GET.get("e") or None,
        query=clean_query(request.GET.get("q")),
    )
    response = HttpResponseRedirect(url)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response
