"""The demo runs without the network: oEmbed providers are never contacted.

URLs whose player wagtail-kb derives locally (YouTube, Vimeo, Google Slides, PDFs) still play; any
other provider shows wagtail-kb's fallback card. A real site drops WAGTAILEMBEDS_FINDERS to use
Wagtail's default oEmbed finders.
"""

from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders.base import EmbedFinder


class NoNetworkFinder(EmbedFinder):
    def __init__(self, **options):
        pass

    def accept(self, url):
        return True

    def find_embed(self, url, max_width=None, max_height=None):
        raise EmbedNotFoundException("The demo site does not contact oEmbed providers.")
