"""What Wagtail's API (v2, and v3 on Wagtail 8) gives for KB pages' ``api_fields``.

The page models name these functions (``wagtail_kb.models.api_fields.ServiceField``); each takes
the page and the serializer's context (``request`` when there is one) and returns plain JSON data.

- ``article_body``: every block as ``{"type", "id", "value"}``; rich text as HTML with Wagtail's
  internal links expanded; a video's or deck's value adds ``embed_url`` and ``provider`` (derived
  without the network for YouTube, Vimeo and Google Slides, else the URL itself and ""), a video's
  ``thumbnail_url``; highlights and takeaways their ``items``; an image its rendition's ``url``,
  ``width``, ``height`` and ``alt``; a deck's document (public collections only) its ``url``.
- ``article_toc``: ``[{"id", "title", "level"}]``, the ids of the article's rendered headings.
- ``article_tags``, ``article_topic``, ``article_rating`` (``count``, ``average``,
  ``distribution``: read-only, the ratings service's cached summary).
- ``home_topics``: the KB home's live public topics with ``article_count``.
"""

from wagtail.rich_text import RichText, expand_db_html

from .. import embeds, private_documents
from ..listing_cache import cached_listing
from ..models import KBTopicPage
from ..ratings.summaries import cached_summary
from ..toc import render_article_body
from . import videos

IMAGE_RENDITION = "width-1200"


def _request(context):
    return (context or {}).get("request")


def _html(value):
    source = value.source if isinstance(value, RichText) else str(value or "")
    return expand_db_html(source)


def _absolute(url, request):
    if request is not None and url and url.startswith("/"):
        return request.build_absolute_uri(url)
    return url


def _document(document, request):
    if document is None or not private_documents.is_public(document):
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "url": _absolute(document.url, request),
        "file_extension": document.file_extension,
    }


def _video(value, request):
    url = value.get("url") or ""
    provider, embed_url = videos.player(url)
    return {
        "heading": value.get("heading") or "",
        "url": url,
        "caption": value.get("caption") or "",
        "transcript": value.get("transcript") or "",
        "embed_url": embed_url,
        "provider": provider,
        "thumbnail_url": videos.thumbnail_url(url, request) if url else "",
    }


def _deck(value, request):
    url = value.get("url") or ""
    document = _document(value.get("document"), request)
    provider, embed_url = "", ""
    if url:
        provider, embed_url = videos.player(url)
    elif document is not None:
        player = embeds.document_player(value["document"])
        if not player.is_fallback:
            provider, embed_url = player.provider, _absolute(player.src, request)
    return {
        "heading": value.get("heading") or "",
        "url": url,
        "caption": value.get("caption") or "",
        "document": document,
        "embed_url": embed_url,
        "provider": provider,
    }


def _image(image, request):
    if image is None:
        return None
    rendition = image.get_rendition(IMAGE_RENDITION)
    return {
        "id": image.pk,
        "title": image.title,
        "alt": getattr(image, "contextual_alt_text", None) or image.title,
        "decorative": bool(getattr(image, "decorative", False)),
        "url": _absolute(rendition.url, request),
        "width": rendition.width,
        "height": rendition.height,
    }


def block_value(block, context=None):
    request = _request(context)
    kind, value = block.block_type, block.value
    if kind == "heading":
        return str(value)
    if kind == "paragraph":
        return _html(value)
    if kind == "video":
        return _video(value, request)
    if kind == "deck":
        return _deck(value, request)
    if kind in ("highlights", "takeaways"):
        return {
            "heading": value.get("heading") or "",
            "items": [_html(item) for item in value.get("items") or []],
        }
    if kind == "callout":
        return {
            "tone": value.get("tone"),
            "heading": value.get("heading") or "",
            "text": _html(value.get("text")),
        }
    if kind == "image":
        return _image(value, request)
    if kind == "table":
        return {
            "caption": value.get("caption") or "",
            "header_row": bool(value.get("header_row")),
            "rows": [[_html(cell) for cell in row] for row in value.get("rows") or []],
        }
    if kind == "code":
        return {"language": value.get("language") or "", "code": value.get("code") or ""}
    return block.block.get_api_representation(value, context)


def article_body(page, context=None):
    return [
        {"type": block.block_type, "id": block.id, "value": block_value(block, context)}
        for block in page.body
    ]


def _flatten(entries):
    for entry in entries:
        yield {"id": entry.id, "title": entry.text, "level": entry.level}
        yield from _flatten(entry.children)


def article_toc(page, context=None):
    body = render_article_body(page, {"page": page, "request": _request(context)})
    return list(_flatten(body.toc))


def article_tags(page, context=None):
    return [{"name": tag.name, "slug": tag.slug} for tag in page.tags.all()]


def article_topic(page, context=None):
    parent = page.get_parent()
    if parent is None or not parent.live or parent.specific_class is not KBTopicPage:
        return None
    return {"id": parent.pk, "title": parent.title, "url": parent.get_full_url(_request(context))}


def article_rating(page, context=None):
    summary = cached_summary(page)
    return {
        "count": summary.count,
        "average": summary.average,
        "distribution": {str(stars): count for stars, count in summary.distribution.items()},
    }


def home_topics(home, context=None):
    request = _request(context)
    return [
        {
            "id": topic.pk,
            "title": topic.title,
            "intro": topic.intro,
            "url": topic.get_full_url(request),
            "article_count": topic.article_count,
        }
        for topic in cached_listing("api-home-topics", home, home.get_topics)
    ]
