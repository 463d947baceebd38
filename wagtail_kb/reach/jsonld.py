"""Structured data (schema.org JSON-LD) and the links of a KB page's head.

One ``<script type="application/ld+json">`` per KB page, holding a ``@graph``: the article's
``TechArticle`` with its ``BreadcrumbList`` and one ``VideoObject`` per video block; a topic's
``CollectionPage`` and ``BreadcrumbList``; the KB home's ``WebSite`` with a ``SearchAction``
targeting its search. Built from what rendering the page already loaded (the page row, the
breadcrumb, the site's root paths): no query, except the page owner's name when the site opts in
to authors (``WAGTAILKB_JSONLD_AUTHOR``).

Dates: ``datePublished`` is the page's first publication, ``dateModified`` its last one
(Wagtail's ``first_published_at`` / ``last_published_at``, set from the published revisions).
A video's ``uploadDate`` is the article's first publication: the provider's own date needs
the network.
"""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation

from ..conf import kb_settings
from . import videos

# What could end the script element or start markup early, written as JSON escapes instead.
SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_for_script(data):
    """``data`` as JSON safe inside ``<script>``: a title holding ``</script>`` cannot end it."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(SCRIPT_ESCAPES)


def page_description(page):
    """The page's description: its intro, else its search description (home: its subtitle)."""
    text = getattr(page, "intro", "") or page.search_description
    if not text and hasattr(page, "get_subtitle"):
        text = page.get_subtitle()
    return " ".join(str(text).split())


def iso(moment):
    return moment.replace(microsecond=0).isoformat() if moment else None


def language():
    return translation.get_language() or settings.LANGUAGE_CODE


def _website(home, request):
    url = home.get_full_url(request)
    return {"@type": "WebSite", "@id": f"{url}#website", "name": home.title, "url": url}


def _breadcrumbs(page, breadcrumbs, request):
    items = []
    for position, crumb in enumerate([*breadcrumbs, page], start=1):
        url = crumb.get_full_url(request)
        if url:
            items.append(
                {"@type": "ListItem", "position": position, "name": crumb.title, "item": url}
            )
    url = page.get_full_url(request)
    return {"@type": "BreadcrumbList", "@id": f"{url}#breadcrumb", "itemListElement": items}


def _author(page):
    if not kb_settings.JSONLD_AUTHOR or not page.owner_id:
        return None
    name = page.owner.get_full_name().strip()
    return {"@type": "Person", "name": name} if name else None


def video_objects(page, request):
    """One ``VideoObject`` per video block, read from the stored body (nothing is rendered)."""
    url = page.get_full_url(request)
    found = []
    for block in getattr(page.body, "raw_data", None) or []:
        if block.get("type") != "video":
            continue
        value = block.get("value") or {}
        video_url = (value.get("url") or "").strip()
        if not video_url:
            continue
        _provider, embed_url = videos.player(video_url)
        name = value.get("heading") or value.get("caption") or page.title
        video = {
            "@type": "VideoObject",
            "@id": f"{url}#video-{block.get('id') or len(found) + 1}",
            "name": name,
            "description": value.get("caption") or page_description(page) or name,
            "embedUrl": embed_url,
            "url": video_url,
            "thumbnailUrl": [videos.thumbnail_url(video_url, request)],
            "uploadDate": iso(page.first_published_at or page.last_published_at),
        }
        if value.get("transcript"):
            video["transcript"] = value["transcript"]
        found.append(video)
    return found


def article_graph(page, home, breadcrumbs, request):
    url = page.get_full_url(request)
    article = {
        "@type": "TechArticle",
        "@id": f"{url}#article",
        "headline": page.title,
        "description": page_description(page),
        "datePublished": iso(page.first_published_at or page.last_published_at),
        "dateModified": iso(page.last_published_at or page.first_published_at),
        "inLanguage": language(),
        "url": url,
        "mainEntityOfPage": url,
    }
    if home is not None:
        article["isPartOf"] = _website(home, request)
    author = _author(page)
    if author:
        article["author"] = author
    found = video_objects(page, request)
    if found:
        article["video"] = [{"@id": video["@id"]} for video in found]
    return [article, _breadcrumbs(page, breadcrumbs, request), *found]


def topic_graph(page, home, breadcrumbs, request):
    url = page.get_full_url(request)
    collection = {
        "@type": "CollectionPage",
        "@id": f"{url}#page",
        "name": page.title,
        "description": page_description(page),
        "url": url,
        "inLanguage": language(),
    }
    if home is not None:
        collection["isPartOf"] = _website(home, request)
    return [collection, _breadcrumbs(page, breadcrumbs, request)]


def home_graph(home, request):
    website = _website(home, request)
    website.update(
        {
            "description": page_description(home),
            "inLanguage": language(),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": website["url"]
                    + home.reverse_subpage("search")
                    + "?q={search_term_string}",
                },
                "query-input": "required name=search_term_string",
            },
        }
    )
    return [website]


def structured_data(page, context):
    """The page's JSON-LD document (``@context`` + ``@graph``), or None for other pages."""
    request = context.get("request")
    if request is None or page.get_full_url(request) is None:
        return None
    home = context.get("kb_home")
    breadcrumbs = context.get("kb_breadcrumbs") or []
    if getattr(page, "is_kb_home", False):
        graph = home_graph(page, request)
    elif hasattr(page, "body"):
        graph = article_graph(page, home, breadcrumbs, request)
    elif page._meta.label == "wagtail_kb.KBTopicPage":
        graph = topic_graph(page, home, breadcrumbs, request)
    else:
        return None
    return {"@context": "https://schema.org", "@graph": graph}


def _is_page_itself(page, request):
    """False on a page's own routes (the KB's search): they get no canonical or JSON-LD."""
    url = page.get_url(request)
    return bool(url) and request.path == urlsplit(url).path


def canonical_url(page, request):
    """The page's full URL; a topic's later pages keep their ``?page=N``."""
    url = page.get_full_url(request)
    number = request.GET.get("page", "")
    if (
        url
        and number.isdigit()
        and int(number) > 1
        and page._meta.label == "wagtail_kb.KBTopicPage"
    ):
        url = f"{url}?page={int(number)}"
    return url


def head(context):
    """What the head include prints: description, canonical, Open Graph, JSON-LD, alternate."""
    page, request = context.get("page"), context.get("request")
    if page is None or request is None:
        return {}
    description = page_description(page)
    values = {"description": description}
    if not _is_page_itself(page, request):
        return values
    canonical = canonical_url(page, request)
    if not canonical:
        return values
    data = structured_data(page, context)
    home = context.get("kb_home")
    values.update(
        {
            "canonical": canonical,
            "og_type": "article" if hasattr(page, "body") else "website",
            "og_title": page.seo_title or page.title,
            "og_site_name": home.title if home is not None else "",
            "jsonld": json_for_script(data) if data else "",
            "markdown_url": page.get_full_url(request) + "index.html.md"
            if hasattr(page, "body")
            else "",
        }
    )
    return values
