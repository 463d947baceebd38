"""Turn a video's or deck's page URL into something a reader can watch, without the network.

Known providers get a player URL derived from the page URL (no request is made). Anything else
goes through Wagtail's embeds framework at render time; a failed look-up is remembered for
``WAGTAILKB_EMBED_FAILURE_TIMEOUT`` seconds so an unreachable provider costs one attempt, not one
per render. When nothing works the template shows a fallback card: the title and a link.
"""

import contextvars
import hashlib
import logging
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.cache import caches

from .conf import kb_settings
from .url_safety import WEB_SCHEMES, safe_url

logger = logging.getLogger(__name__)

# Set while an article body is rendered, so the table-of-contents cache can keep a body that
# holds a fallback card only as long as the failure itself is remembered.
fallback_rendered = contextvars.ContextVar("wagtail_kb_fallback_rendered", default=None)

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
YOUTUBE_TIME = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")
VIMEO_PATH = re.compile(
    r"^/(?:video/|channels/[\w-]+/|groups/[\w-]+/videos/)?(\d+)(?:/([0-9a-f]+))?/?$"
)
VIMEO_HASH = re.compile(r"^[0-9a-f]+$")
GOOGLE_SLIDES_PATH = re.compile(r"^/presentation(?:/u/\d+)?/d/(e/)?([A-Za-z0-9_-]+)")


@dataclass(frozen=True)
class Embed:
    """What a video or deck block shows.

    ``kind`` is ``"iframe"`` (``src`` is a player URL we built), ``"html"`` (``html`` came from
    an oEmbed provider through Wagtail) or ``"fallback"`` (only ``url`` and ``title``).
    """

    kind: str
    url: str
    title: str
    src: str = ""
    html: str = ""
    provider: str = ""

    @property
    def is_fallback(self):
        return self.kind == "fallback"


def _on_host(host, domain):
    """True for ``domain`` itself and its subdomains (not for ``notdomain.com``)."""
    return host == domain or host.endswith("." + domain)


def _youtube_start(query):
    """Seconds from ``t=90``, ``t=90s``, ``t=1m30s``, ``t=1h2m3s`` or ``start=90``; else None."""
    params = parse_qs(query)
    value = (params.get("t") or params.get("start") or [""])[0].strip()
    match = YOUTUBE_TIME.match(value) if value else None
    if not match:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    return total or None


def _youtube(parts):
    host = (parts.hostname or "").lower()
    path = parts.path
    video_id = None
    if host in ("youtu.be", "www.youtu.be"):
        video_id = path.strip("/").split("/")[0]
    elif _on_host(host, "youtube.com") or _on_host(host, "youtube-nocookie.com"):
        if path.rstrip("/") == "/watch":
            video_id = parse_qs(parts.query).get("v", [None])[0]
        else:
            match = re.match(r"^/(?:embed|shorts|live|v)/([^/?#]+)", path)
            video_id = match.group(1) if match else None
    else:
        return None
    if not video_id or not YOUTUBE_ID.match(video_id):
        return None
    start = _youtube_start(parts.query)
    query = f"?start={start}" if start else ""
    return f"https://www.youtube-nocookie.com/embed/{video_id}{query}"


def _vimeo(parts):
    host = (parts.hostname or "").lower()
    if host not in ("vimeo.com", "www.vimeo.com", "player.vimeo.com"):
        return None
    match = VIMEO_PATH.match(parts.path)
    if not match:
        return None
    video_id, private_hash = match.groups()
    if not private_hash:  # Player URLs of unlisted videos carry the hash as ``?h=…``.
        private_hash = parse_qs(parts.query).get("h", [""])[0]
        if not VIMEO_HASH.match(private_hash):
            private_hash = ""
    query = f"?h={private_hash}&dnt=1" if private_hash else "?dnt=1"
    return f"https://player.vimeo.com/video/{video_id}{query}"


def _google_slides(parts):
    if (parts.hostname or "").lower() != "docs.google.com":
        return None
    match = GOOGLE_SLIDES_PATH.match(parts.path)
    if not match:
        return None
    published, deck_id = match.groups()
    if published:  # "Publish to the web" links (/d/e/…) carry their own id scheme.
        return f"https://docs.google.com/presentation/d/e/{deck_id}/embed"
    return f"https://docs.google.com/presentation/d/{deck_id}/embed"


LOCAL_PROVIDERS = (
    ("YouTube", _youtube),
    ("Vimeo", _vimeo),
    ("Google Slides", _google_slides),
)


def _web_url(url):
    """``urlsplit(url)`` for an http(s) URL with a host; None for anything else."""
    url = safe_url(url, schemes=WEB_SCHEMES, relative=False)
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return parts


def player_url(url):
    """Return ``(provider, player_url)`` for a URL whose player can be derived locally."""
    parts = _web_url(url)
    if parts is None:
        return None
    for provider, derive in LOCAL_PROVIDERS:
        src = derive(parts)
        if src:
            return provider, src
    return None


def _failure_key(url):
    return "wagtail_kb:embed-failed:" + hashlib.sha256(url.encode()).hexdigest()


def _fallback(url, title):
    flag = fallback_rendered.get()
    if flag is not None:
        flag.append(url)
    return Embed(kind="fallback", url=url, title=str(title))


def resolve_embed(url, *, title=""):
    """Return an :class:`Embed` for ``url``; never raises, never blocks twice on a dead provider."""
    url = (url or "").strip()
    title = str(title)
    if _web_url(url) is None:
        # Empty, or not a web address (``javascript:``, ``ftp:``…): nothing to play and nothing
        # safe to link to. Not a failure that may heal, so it is not reported as one either.
        return Embed(kind="fallback", url="", title=title)
    local = player_url(url)
    if local:
        provider, src = local
        return Embed(kind="iframe", url=url, title=title, src=src, provider=provider)

    cache = caches[kb_settings.CACHE_ALIAS]
    key = _failure_key(url)
    if cache.get(key):
        return _fallback(url, title)
    # Imported here: it loads ``wagtail.embeds``' models, and a site without that app should get
    # the system check's warning (``checks.py``), not an import error from this module.
    from wagtail.embeds.embeds import get_embed

    try:
        embed = get_embed(url)
    except Exception:  # Any finder error (unknown provider, network, bad reply) means "no embed".
        logger.info("No embed for %s; showing a link instead.", url, exc_info=True)
        cache.set(key, True, kb_settings.EMBED_FAILURE_TIMEOUT)
        return _fallback(url, title)
    if not embed.html:
        cache.set(key, True, kb_settings.EMBED_FAILURE_TIMEOUT)
        return _fallback(url, title)
    return Embed(
        kind="html",
        url=url,
        title=title or embed.title,
        html=embed.html,
        provider=embed.provider_name or "",
    )


def document_player(document, *, title=""):
    """Show a Wagtail document in a frame when browsers can display it (PDF), else a link."""
    url = document.url
    title = str(title or document.title)
    if document.file_extension.lower() == "pdf":
        return Embed(kind="iframe", url=url, title=title, src=url, provider="PDF")
    # Not a failure (nothing will change with time): the deck's download link is all there is.
    return Embed(kind="fallback", url=url, title=title)
