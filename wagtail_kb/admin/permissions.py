"""Shared by the Ratings and Feedback reports: who may do what, and a real 403 for the rest.

Wagtail's admin turns ``PermissionDenied`` into a redirect to the dashboard with a message. For
these reports a user without the matching Django permission gets an HTTP 403 instead (the menu
items are hidden from them anyway), so monitoring and tests see the refusal for what it is.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import URLPattern
from wagtail_modeladmin.helpers import PermissionHelper


def forbidden_as_403(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            response = TemplateResponse(
                request, "wagtail_kb/admin/permission_denied.html", {}, status=403
            )
            return response.render()

    return wrapped


class Forbidden403Mixin:
    """For a ``ModelAdmin``: every URL it registers answers 403 instead of redirecting."""

    def get_admin_urls_for_registration(self):
        urls = super().get_admin_urls_for_registration()
        wrapped = []
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = forbidden_as_403(pattern.callback)
            wrapped.append(pattern)
        return tuple(wrapped)


class ReportPermissionHelper(PermissionHelper):
    """Any permission on the model lists it; nothing is created, edited or deleted here."""

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False
