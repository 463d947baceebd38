"""A site that forgot ``wagtail_kb.urls`` (for the system check's test)."""

from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [path("", include(wagtail_urls))]
