"""The test site's URLs plus what a headless or search-engine-facing site adds: Wagtail's API
(v2; v3 too on Wagtail 8) and the sitemap."""

import importlib.util

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.contrib.sitemaps.views import sitemap

from tests.urls import urlpatterns as site_urlpatterns

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)

HAS_API_V3 = importlib.util.find_spec("wagtail.api.v3") is not None

urlpatterns = [
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap),
]
if HAS_API_V3:
    from wagtail.api.v3.urls import api as api_v3

    urlpatterns.append(path("api/v3/", api_v3.urls))
urlpatterns += site_urlpatterns
