"""Knowledge base → Import: upload an export, read the dry-run report, then import it in steps.

For editors without a shell: the same import as ``manage.py kb_import`` (``ImportRun``), driven by
``wagtail_kb.importers.jobs.ImportJob`` a few seconds per request, so a 2,000-item export never
has to fit in one request. Each step is a POST that redirects back to the job's page; with
JavaScript the page submits its "Continue" form by itself (``wagtail_kb/js/import.js``), without
it the editor presses "Continue" until the import is done.

Only users who may add pages under a KB home see the menu item, and only those KB homes are
offered; every step checks it again. A job is visible to the user who started it only.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.menu import MenuItem

from ..conf import kb_settings
from ..importers.jobs import UPLOAD_SUFFIXES, ImportJob, JobBusy, SourceError
from ..models import ImportedItem, KBHomePage
from .permissions import forbidden

TEMPLATE = "wagtail_kb/admin/import.html"


def importable_homes(user):
    """The KB homes ``user`` may add pages under, in tree order."""
    homes = KBHomePage.objects.order_by("path")
    return [home for home in homes if home.permissions_for_user(user).can_add_subpage()]


def _home_label(home):
    parts = home.get_url_parts()
    return f"{home.title} ({parts[2] if parts else home.url_path})"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Export file"),
        help_text=gettext_lazy(
            "A WordPress export (Tools → Export, .xml), or an .html or .md file."
        ),
    )
    home = forms.TypedChoiceField(
        label=gettext_lazy("Into the knowledge base"),
        coerce=int,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Choose one of the knowledge bases you may add pages to."
            )
        },
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Publish what was published in WordPress"),
        required=False,
        help_text=gettext_lazy("Otherwise everything arrives as drafts for review."),
    )

    def __init__(self, *args, homes, **kwargs):
        super().__init__(*args, **kwargs)
        self.homes = {home.pk: home for home in homes}
        self.fields["home"].choices = [(home.pk, _home_label(home)) for home in homes]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = kb_settings.IMPORT_MAX_UPLOAD_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file has %(size)s, more than the %(limit)s an upload may have.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        name = (upload.name or "").lower()
        if not name.endswith(UPLOAD_SUFFIXES):
            raise forms.ValidationError(
                _("Upload a WordPress export (.xml), an .html or a .md file, not “%(name)s”.")
                % {"name": upload.name}
            )
        return upload

    def clean_home(self):
        return self.homes[self.cleaned_data["home"]]


def import_index(request):
    homes = importable_homes(request.user)
    if not homes:
        return forbidden(request)
    form = ImportForm(request.POST or None, request.FILES or None, homes=homes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job = ImportJob.start(data["file"], data["home"], request.user, publish=data["publish"])
        except SourceError as error:
            # One line saying what is wrong with the file; nothing was kept or written.
            form.add_error("file", str(error).splitlines()[0] if str(error) else _("cannot read"))
        else:
            return redirect("wagtail_kb_import_job", job_id=job.id)
    status = 400 if form.errors else 200
    return TemplateResponse(request, TEMPLATE, {"form": form}, status=status)


def _job_and_home(request, job_id):
    """The user's job and its KB home, or raise: 404 (no such job), ``None`` home (no right)."""
    job = ImportJob.find(job_id, request.user)
    if job is None:
        raise Http404
    home = KBHomePage.objects.filter(pk=job.home_id).first()
    if home is None or not home.permissions_for_user(request.user).can_add_subpage():
        return job, None
    return job, home


def import_job(request, job_id):
    job, home = _job_and_home(request, job_id)
    if home is None:
        return forbidden(request)
    report = job.report()
    done, total = job.progress
    context = {
        "job": job,
        "kb_home": home,
        "kb_home_label": _home_label(home),
        "report": report,
        "summary": report.summary().splitlines(),
        "entries": [
            {
                "entry": entry,
                "action": entry.action_label(job.dry_run),
                "kind": entry.kind_label(),
                "details": entry.details(),
            }
            for entry in report.entries
        ],
        "progress_text": _("%(done)s of %(total)s steps")
        % {
            "done": formats.number_format(done, force_grouping=True),
            "total": formats.number_format(total, force_grouping=True),
        },
    }
    return TemplateResponse(request, TEMPLATE, context)


@require_POST
def import_step(request, job_id):
    job, home = _job_and_home(request, job_id)
    if home is None:
        return forbidden(request)
    try:
        job.advance(home, request.user)
    except JobBusy as error:
        messages.warning(request, str(error))
    except SourceError as error:
        messages.error(request, str(error).splitlines()[0])
    return redirect("wagtail_kb_import_job", job_id=job.id)


@require_POST
def import_confirm(request, job_id):
    job, home = _job_and_home(request, job_id)
    if home is None:
        return forbidden(request)
    job.confirm()
    return redirect("wagtail_kb_import_job", job_id=job.id)


@require_POST
def import_cancel(request, job_id):
    job, home = _job_and_home(request, job_id)
    if home is None:
        return forbidden(request)
    job.discard()
    messages.success(request, _("The uploaded file was removed."))
    return redirect("wagtail_kb_import")


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(importable_homes(request.user))


class ImportAdmin:
    """The Import entry of the "Knowledge base" menu group (a view, not a model listing): what
    ``ModelAdminGroup`` asks of its items."""

    model = ImportedItem  # read by the group's panel check only

    def __init__(self, parent=None):
        self.parent = parent

    def get_menu_item(self, order=None):
        return ImportMenuItem(
            _("Import"),
            reverse("wagtail_kb_import"),
            name="kb-import",
            icon_name="upload",
            order=order or 900,
        )

    def get_permissions_for_registration(self):
        return Permission.objects.none()

    def get_admin_urls_for_registration(self):
        return (
            path("kb/import/", import_index, name="wagtail_kb_import"),
            path("kb/import/<str:job_id>/", import_job, name="wagtail_kb_import_job"),
            path("kb/import/<str:job_id>/step/", import_step, name="wagtail_kb_import_step"),
            path(
                "kb/import/<str:job_id>/confirm/", import_confirm, name="wagtail_kb_import_confirm"
            ),
            path("kb/import/<str:job_id>/cancel/", import_cancel, name="wagtail_kb_import_cancel"),
        )

    def will_modify_explorer_page_queryset(self):
        return False

    def modify_explorer_page_queryset(self, parent_page, queryset, request):
        return queryset

    def register_admin_url_finders(self):
        pass

    def register_indexing(self):
        pass
