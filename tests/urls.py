from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Before Wagtail's: llms.txt, llms-full.txt and articles' index.html.md (docs/reach.md).
    path("", include("wagtail_kb.urls")),
    path("", include(wagtail_urls)),
]
