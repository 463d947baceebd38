"""Who may see a report, and the one way a refusal is answered: HTTP 403.

Each report has one permission, "view" on its model (``wagtail_kb.view_ratingvote``,
``wagtail_kb.view_feedbackcomment``, ``wagtail_kb.view_searchlogentry``). It opens every URL of
the report: listing, results, export, inspect, history. A report may name further actions
(Feedback: "change" for the status, "delete"), each needing its own permission on top; nobody
creates report rows in the admin. Settings → Groups offers exactly these permissions.

Wagtail's admin turns ``PermissionDenied`` into a redirect to the dashboard. ``guarded`` wraps
every URL a report registers: it checks the report's permission before the view runs and answers
any refusal, its own or the view's, with a 403 page, so monitoring and tests see a refusal for what
it is.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from wagtail_modeladmin.helpers import PermissionHelper


class ReportPermissionHelper(PermissionHelper):
    actions = ()
    """What the report lets a permitted user do besides viewing: "change", "delete"."""

    def get_all_model_permissions(self):
        codenames = [self.get_perm_codename(action) for action in ("view", *self.actions)]
        return super().get_all_model_permissions().filter(codename__in=codenames)

    def user_can(self, user, action):
        return (action == "view" or action in self.actions) and self.user_has_specific_permission(
            user, self.get_perm_codename(action)
        )

    def user_can_list(self, user):
        return self.user_can(user, "view")

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and self.user_can_list(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return self.user_can_list(user) and self.user_can(user, "change")

    def user_can_delete_obj(self, user, obj):
        return self.user_can_list(user) and self.user_can(user, "delete")


def forbidden(request):
    response = TemplateResponse(request, "wagtail_kb/admin/permission_denied.html", status=403)
    return response.render()


def guarded(view, permission_helper):
    """``view`` behind the report's permission; any ``PermissionDenied`` becomes a 403."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            if not permission_helper.user_can_list(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return forbidden(request)

    return wrapped
