"""A video block's player URL and thumbnail, derived from its page URL without the network.

YouTube serves a still of every video at a URL made from its id. Vimeo has no such URL: its
thumbnails need a request to Vimeo's API, so a Vimeo (or any other) video gets the KB's own
placeholder image (``wagtail_kb/img/video-placeholder.png``).
"""

from urllib.parse import urlsplit

from django.templatetags.static import static

from .. import embeds

PLACEHOLDER = "wagtail_kb/img/video-placeholder.png"
YOUTUBE_THUMBNAIL = "https://i.ytimg.com/vi/{}/hqdefault.jpg"


def player(url):
    """``(provider, player URL)`` for a video's page URL; ``("", url)`` when none is derivable."""
    local = embeds.player_url(url)
    if local:
        return local
    return "", url


def thumbnail_url(url, request=None):
    """The video's still: YouTube's own, else the KB's placeholder (absolute when it can be)."""
    provider, src = player(url)
    if provider == "YouTube":
        video_id = urlsplit(src).path.rsplit("/", 1)[-1]
        return YOUTUBE_THUMBNAIL.format(video_id)
    placeholder = static(PLACEHOLDER)
    if request is not None and not urlsplit(placeholder).netloc:
        return request.build_absolute_uri(placeholder)
    return placeholder
