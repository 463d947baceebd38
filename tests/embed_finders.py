"""An oEmbed finder for tests: answers one known URL, fails as an unreachable provider would."""

from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders.base import EmbedFinder

KNOWN_URL = "https://media.example.com/talks/offline-first"
calls = []


class OfflineFinder(EmbedFinder):
    def __init__(self, **options):
        pass

    def accept(self, url):
        return True

    def find_embed(self, url, max_width=None, max_height=None):
        calls.append(url)
        if url == KNOWN_URL:
            return {
                "title": "Offline first",
                "author_name": "Example",
                "provider_name": "Example Media",
                "type": "video",
                "thumbnail_url": "",
                "width": 640,
                "height": 360,
                "html": '<iframe src="https://media.example.com/player/offline-first" '
                'title="Offline first"></iframe>',
            }
        raise EmbedNotFoundException(f"No provider reachable for {url}")
