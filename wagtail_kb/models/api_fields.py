"""``ServiceField``: an API field whose value a service of the package computes.

Page models declare their ``api_fields`` here, but what an article's body, table of contents or
rating look like in Wagtail's API is the ``wagtail_kb.reach.api`` service's job, and models import
no service. So each field names its function by its dotted path, imported when a value is asked
for. Read-only; the whole page is the function's argument (``source="*"``), with the serializer's
context (``request``) when Wagtail's API gives one.
"""

from django.utils.module_loading import import_string
from rest_framework.fields import Field


class ServiceField(Field):
    def __init__(self, function_path, **kwargs):
        self.function_path = function_path
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, page):
        return import_string(self.function_path)(page, self.context)
