"""Every ``WAGTAILKB_*`` setting, its default, read at call time.

Code reads ``kb_settings.NAME`` (``from wagtail_kb.conf import kb_settings``); the value comes from
``settings.WAGTAILKB_NAME`` when the site defines it, else from ``DEFAULTS``. Reading at call time
keeps ``override_settings`` working in tests.
"""

from django.conf import settings

DEFAULTS = {
    # Template the KB pages' own base template extends; a site points it at its own base
    # template. It needs a ``content`` block; ``title``, ``extra_head`` and ``extra_js`` are used
    # when it has them (without them the KB's stylesheet and scripts load inside ``content``).
    "BASE_TEMPLATE": "wagtail_kb/layout.html",
    # Whether KB pages show their own breadcrumb (off for sites whose base template has one).
    "SHOW_BREADCRUMB": True,
    # Ids article headings never take, besides those of the KB's templates and of the base
    # template (found by rendering it): e.g. ids it prints only for signed-in users.
    "RESERVED_IDS": (),
    # Cache alias used for tables of contents, embed failures, listings and template fragments.
    "CACHE_ALIAS": "default",
    # Cache alias of the rating endpoint's rate-limit counters; ``None``: the ``CACHE_ALIAS``
    # one. Give them a cache the KB's own fragments and listings do not fill (a bounded cache
    # evicts old entries, counters included): see docs/production.md, "Rate-limit counters".
    "RATE_LIMIT_CACHE_ALIAS": None,
    # Seconds a rendered article body with its table of contents stays cached (per revision).
    "TOC_CACHE_TIMEOUT": 60 * 60 * 24,
    # Heading levels that go into the table of contents.
    "TOC_HEADING_LEVELS": ("h2", "h3"),
    # Seconds a failed oEmbed look-up is remembered before it is tried again.
    "EMBED_FAILURE_TIMEOUT": 60 * 15,
    # Articles listed per page on a topic page.
    "TOPIC_ARTICLES_PER_PAGE": 20,
    # Articles listed under each topic on the KB home.
    "HOME_TOPIC_ARTICLES": 5,
    # Articles in the KB home's "Popular articles" (most viewed in the last 30 days); 0: none.
    "POPULAR_ARTICLES": 5,
    # Articles listed in an article's side list of its topic's articles.
    "SIDEBAR_ARTICLES": 10,
    # "Related articles" an article shows (sharing most tags, then in its topic); 0: none.
    "RELATED_ARTICLES": 3,
    # Reading speed used for the "N min read" estimate.
    "WORDS_PER_MINUTE": 200,
    # Longest comment a reader may leave with a rating.
    "RATING_COMMENT_MAX_LENGTH": 2000,
    # Rate limits for the rating endpoint: (requests, seconds) per visitor and per hashed IP;
    # ``None`` turns a limit off. The IP is the request's REMOTE_ADDR: behind a proxy, make sure
    # it holds the client's address.
    "RATING_RATE_LIMIT_VISITOR": (20, 60 * 10),
    "RATING_RATE_LIMIT_IP": (200, 60 * 10),
    # Days after which votes' identifying hashes are removed by ``kb_prune_votes``.
    "RATING_HASH_RETENTION_DAYS": 90,
    # New-visitor votes (no visitor cookie) per hashed IP address per article in 24 hours;
    # beyond it 429, nothing stored. ``None`` turns it off. An office behind one address shares
    # it (readers who voted before keep their cookie and are not counted).
    "RATING_NEW_VISITORS_PER_IP": 10,
    # Search results per page, longest query kept, and whether committed searches are logged.
    "SEARCH_RESULTS_PER_PAGE": 10,
    # Most results a search lists (beyond it the page says "more than N"): bounds each search.
    "SEARCH_MAX_RESULTS": 1000,
    "SEARCH_INSTANT_RESULTS": 6,
    "SEARCH_QUERY_MAX_LENGTH": 200,
    "SEARCH_ANALYTICS": True,
    # Days of search log kept by ``kb_prune_search_log``.
    "SEARCH_LOG_RETENTION_DAYS": 365,
    # Words in a search result's snippet (the text around the first matched words).
    "SEARCH_SNIPPET_WORDS": 30,
    # Articles offered when a search finds nothing (most helpful first, by rating when rated).
    "SEARCH_SUGGESTED_ARTICLES": 5,
    # Stop words a site adds to the built-in English and German ones, per language code
    # (``{"en": ["acme"], "fr": ["comment", "je"]}``; ``"*"``: every language). See docs/search.md.
    "SEARCH_STOP_WORDS": {},
    # Whether a word no public article has is corrected from the KB's words ("Did you mean").
    "SEARCH_CORRECTIONS": True,
    # Seconds a search's ranked results and hits stay in the ``CACHE_ALIAS`` cache (forgotten at
    # once when pages, view restrictions, synonyms, promotions or documents change); 0: no cache.
    # On only when ``RATE_LIMIT_CACHE_ALIAS`` names another cache (readers choose the keys).
    "SEARCH_CACHE_TIMEOUT": 60 * 10,
    # How much a matching word counts where it is found (title, headings, intro, body); a change
    # applies to articles as they are next published (``manage.py kb_search_index``: all at once).
    "SEARCH_FIELD_WEIGHTS": {"title": 8, "heading": 4, "intro": 3, "body": 1},
    # Longest article body (characters of HTML) ``kb_import`` converts; longer ones are skipped
    # and reported (a body that size is almost always pasted images or generated markup).
    "IMPORT_MAX_BODY_SIZE": 5_000_000,
    # Knowledge base → Import: the largest file an editor may upload (bytes), the folder uploads
    # wait in while they are imported (None: a folder in the system's temporary directory; with
    # several servers, one they share; never a public media folder), and the seconds of work
    # each request does (the page reloads until the import is done).
    "IMPORT_MAX_UPLOAD_SIZE": 200 * 1024 * 1024,
    "IMPORT_DIR": None,
    "IMPORT_STEP_SECONDS": 5,
    # Whether an article's JSON-LD names its author: the page owner's full name (off by default:
    # the owner is often whoever created the page, not who wrote it). See docs/reach.md.
    "JSONLD_AUTHOR": False,
    # Seconds an article's Markdown (``index.html.md``, llms-full.txt) stays cached, per revision.
    "MARKDOWN_CACHE_TIMEOUT": 60 * 60 * 24,
    # Knowledge base › Needs attention (and the weekly digest): an article needs an editor when
    # at least ATTENTION_UNHELPFUL_SHARE of the votes since its last published change are
    # unhelpful (1–2 stars, or "No") and there are at least ATTENTION_MIN_VOTES of them; when it
    # has unresolved feedback of 3 stars or fewer; or when it has not changed for
    # ATTENTION_STALE_DAYS. Each reason adds points, times its weight; traffic (views and votes
    # since the change) raises the weight of low helpfulness.
    "ATTENTION_MIN_VOTES": 5,
    "ATTENTION_UNHELPFUL_SHARE": 0.4,
    "ATTENTION_STALE_DAYS": 365,
    "ATTENTION_WEIGHTS": {"helpfulness": 1.0, "feedback": 1.0, "age": 1.0},
    # ``manage.py kb_send_digest``: the sender of the weekly digest (``None``: DEFAULT_FROM_EMAIL).
    "DIGEST_FROM_EMAIL": None,
}


class KBSettings:
    """Attribute access to the ``WAGTAILKB_*`` settings, resolved on every read."""

    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"Unknown wagtail-kb setting: {name}")
        return getattr(settings, f"WAGTAILKB_{name}", DEFAULTS[name])


kb_settings = KBSettings()
