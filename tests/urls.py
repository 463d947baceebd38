from example_site.urls import urlpatterns  # noqa: F401
