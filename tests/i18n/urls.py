"""The bilingual test site's URLs: Wagtail's pages (and the KB's own routes) under a language
prefix, as Wagtail's documentation sets up a multi-language site (``/en/help/``, ``/de/hilfe/``)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]
urlpatterns += i18n_patterns(
    path("", include("wagtail_kb.urls")),
    path("", include(wagtail_urls)),
)
