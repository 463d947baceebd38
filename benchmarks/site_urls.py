from django.urls import path
from example_site.urls import urlpatterns as site_urlpatterns

from .bareapp.views import insert_one_row

urlpatterns = [path("bench/insert/", insert_one_row), *site_urlpatterns]
