"""KB-scoped search: results, instant results and the committed-search log.

The HTTP side (``<kb home>search/`` and ``search/go/``) is ``wagtail_kb.views.search``; this
package is the service it calls, in modules named after what they hold:

* ``query``: cleaning what a reader typed, its terms, the normalised form the log keeps;
* ``scope``: which articles are searched (live, in this KB, outside private sections);
* ``text``: the reader-visible text of an article from its stored StreamField data;
* ``snippets``: highlighting and the snippet around the best match;
* ``hits``: ``SearchHit`` and how a page of articles becomes hits (a fixed number of queries);
* ``results``: ranking (promotions, title matches, the backend's relevance), results and
  instant results;
* ``log``: the committed-search log, its signed tokens and click logging.

The names below are re-exported for sites and tests that import ``wagtail_kb.search``.
"""

from .hits import SearchHit, build_hits
from .log import click_url, log_click, log_search
from .query import clean_query, normalise_query, query_terms
from .results import instant_results, promoted_ids, search_articles
from .scope import kb_articles, kb_search_scope, load_articles
from .snippets import highlight, make_snippet
from .text import article_texts

__all__ = [
    "SearchHit",
    "article_texts",
    "build_hits",
    "clean_query",
    "click_url",
    "highlight",
    "instant_results",
    "kb_articles",
    "kb_search_scope",
    "load_articles",
    "log_click",
    "log_search",
    "make_snippet",
    "normalise_query",
    "promoted_ids",
    "query_terms",
    "search_articles",
]
