"""Which embedded URLs become ``video`` or ``deck`` blocks, and the page URL each block keeps.

A block stores the video's or deck's own page URL (what an editor would paste): player URLs from
iframes are turned back into it where the provider's scheme allows (YouTube, Vimeo, Google
Slides); Speaker Deck and SlideShare player URLs are kept as they are.
"""

from urllib.parse import parse_qs, urlsplit

from ..embeds import player_url

VIDEO_PROVIDERS = {"YouTube", "Vimeo"}
DECK_HOSTS = ("speakerdeck.com", "slideshare.net")


def _host(parts):
    return (parts.hostname or "").lower()


def _on(host, domain):
    return host == domain or host.endswith("." + domain)


def page_url(url):
    """``("video" | "deck", page URL)`` for an embeddable video or deck URL, else None."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https", ""):
        return None
    if not parts.scheme and url.strip().startswith("//"):
        return page_url("https:" + url.strip())
    if not parts.scheme:
        return None
    host = _host(parts)
    if parts.path.lower().endswith(".pdf"):
        return "deck", url.strip()
    local = player_url(url)
    if local is not None:
        provider, _src = local
        if provider == "YouTube":
            return "video", _youtube_page(parts)
        if provider == "Vimeo":
            return "video", _vimeo_page(parts)
        return "deck", _slides_page(parts)
    if any(_on(host, domain) for domain in DECK_HOSTS):
        return "deck", url.strip()
    return None


def _youtube_page(parts):
    host = _host(parts)
    query = parse_qs(parts.query)
    if host.endswith("youtu.be"):
        video_id = parts.path.strip("/").split("/")[0]
    elif parts.path.rstrip("/") == "/watch":
        video_id = query.get("v", [""])[0]
    else:
        video_id = parts.path.rstrip("/").split("/")[-1]
    start = (query.get("t") or query.get("start") or [""])[0]
    suffix = f"&t={start}" if start.isdigit() else (f"&t={start}" if start else "")
    return f"https://www.youtube.com/watch?v={video_id}{suffix}"


def _vimeo_page(parts):
    segments = [s for s in parts.path.split("/") if s]
    if _host(parts) == "player.vimeo.com" and segments[:1] == ["video"]:
        video_id = segments[1]
        private = parse_qs(parts.query).get("h", [""])[0]
        return f"https://vimeo.com/{video_id}" + (f"/{private}" if private else "")
    return parts.geturl()


def _slides_page(parts):
    path = parts.path
    for ending in ("/embed", "/pub", "/edit", "/present", "/preview"):
        if path.endswith(ending):
            path = path[: -len(ending)]
            break
    if "/d/e/" in path:
        return f"https://docs.google.com{path}/pub"
    return f"https://docs.google.com{path}/edit"
