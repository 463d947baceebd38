"""A frontend-cache backend that records what it is asked to purge (Wagtail's extension point:
a ``BaseBackend`` subclass named in ``WAGTAILFRONTENDCACHE``)."""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

# Every batch purged, in order: a list of lists of URLs.
batches = []


class RecordingBackend(BaseBackend):
    def __init__(self, params):
        super().__init__(params)

    def purge(self, url):
        batches.append([url])

    def purge_batch(self, urls):
        batches.append(list(urls))
