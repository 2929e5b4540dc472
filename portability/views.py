"""The calendar feed (public: its secret token is the credential), the export, the restore and
contact imports.

Feeds and exports read through owner-scoped queries; another user's job id is a 404.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from accounts.tokens import calendar_feed_disable, calendar_feed_owner, calendar_feed_regenerate
from contacts.models import Contact
from portability import export, restore
from portability.calendar_feed import calendar_feed_ics
from portability.forms import ImportChooseForm, ImportUploadForm, RestoreForm
from portability.importing import flow, parsers
from portability.importing.records import ImportFileError
from portability.models import (
    ExportJob,
    ImportJob,
    ImportRow,
    ImportStatus,
    JobStatus,
    RestoreJob,
    RowStatus,
)

# After this long without a worker picking a job up, the status page says so.
WAIT_WARNING_SECONDS = 60
# Rows per page of an import's preview, and created contacts linked from its summary.
IMPORT_PAGE_SIZE = 50


@login_not_required
@require_GET
def calendar_feed(request, token: str):
    user = calendar_feed_owner(token=token)
    if user is None:
        raise Http404("No calendar feed has this address (it may have been replaced).")
    response = HttpResponse(
        calendar_feed_ics(user=user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="rapport.ics"'
    # Whoever holds the URL may keep a copy for a while; shared caches may not.
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_POST
def calendar_feed_enable(request):
    calendar_feed_regenerate(owner=request.user)
    messages.success(request, "Your calendar feed has a new private address; any old one stopped.")
    return redirect(reverse("accounts:profile") + "#calendar-feed")


@require_POST
def calendar_feed_disable_view(request):
    calendar_feed_disable(owner=request.user)
    messages.success(request, "The calendar feed is off: its address no longer works.")
    return redirect(reverse("accounts:profile") + "#calendar-feed")


def _job_status(request, job, template: str, progress_template: str):
    waiting = (timezone.now() - job.created_at).total_seconds()
    context = {"job": job, "slow": not job.is_finished and waiting > WAIT_WARNING_SECONDS}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, progress_template, context)
    return render(request, template, context)


@require_POST
def export_start(request):
    job = export.export_start(owner=request.user)
    return redirect(job)


@require_GET
def export_status(request, pk: int):
    job = get_object_or_404(ExportJob, pk=pk, owner=request.user)
    return _job_status(
        request, job, "portability/export_status.html", "portability/_export_progress.html"
    )


@require_GET
def export_download(request, pk: int):
    job = get_object_or_404(ExportJob, pk=pk, owner=request.user, status=JobStatus.DONE)
    if not job.file:
        raise Http404("This export has expired: make a new one.")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404("This export has expired: make a new one.") from None
    return FileResponse(handle, as_attachment=True, filename=export.download_name(job))


@require_http_methods(["GET", "POST"])
def restore_upload(request):
    form = RestoreForm(request.POST or None, request.FILES or None, owner=request.user)
    if form.is_valid():
        job = restore.restore_start(owner=request.user, upload=form.cleaned_data["file"])
        return redirect(job)
    return render(
        request,
        "portability/restore_form.html",
        {"form": form, "account_is_empty": restore.account_is_empty(owner=request.user)},
    )


@require_GET
def restore_status(request, pk: int):
    job = get_object_or_404(RestoreJob, pk=pk, owner=request.user)
    return _job_status(
        request, job, "portability/restore_status.html", "portability/_restore_progress.html"
    )


# --- Contact imports -----------------------------------------------------------------------


def get_import_job_for_user(user, pk: int) -> ImportJob:
    """The one way views reach an import: another user's job is a 404."""
    return get_object_or_404(ImportJob, pk=pk, owner=user)


@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        job = flow.import_start(
            owner=request.user, upload=form.cleaned_data["file"], format=form.cleaned_data["format"]
        )
        return redirect(job)
    context = {
        "form": form,
        "recent": ImportJob.objects.filter(owner=request.user)[:5],
        "max_size": settings.IMPORT_MAX_BYTES,
        "max_rows": f"{settings.IMPORT_MAX_ROWS:,}",
    }
    return render(request, "portability/import_form.html", context)


def _csv_columns(job: ImportJob) -> list[tuple[str, list[str]]]:
    headers, samples = parsers.csv_columns(flow.import_file_bytes(job))
    return [
        (header, [row[i] for row in samples if i < len(row)]) for i, header in enumerate(headers)
    ]


def _choose_form(request, job: ImportJob) -> tuple[ImportChooseForm, str]:
    """The format form of an uploaded job, with a CSV's columns; and the file's problem, if
    reading its columns already shows one."""
    columns, problem = [], ""
    if job.format == "csv":
        try:
            columns = _csv_columns(job)
        except ImportFileError as error:
            problem = error.message
    form = ImportChooseForm(
        request.POST if request.method == "POST" else None,
        columns=columns,
        initial={"format": job.format, **_initial_mapping(job, columns)},
    )
    return form, problem


def _initial_mapping(job: ImportJob, columns) -> dict[str, str]:
    """What the owner chose before, else the field a column's header names ("E-mail" -> email)."""
    header = [name for name, _ in columns]
    chosen = job.mapping or parsers.suggest_mapping(header)
    return {f"column_{n}": chosen[name] for n, name in enumerate(header) if chosen.get(name)}


def _preview_context(request, job: ImportJob) -> dict:
    shown = request.GET.get("status", "")
    rows = ImportRow.objects.filter(job=job).select_related("contact")
    if shown in RowStatus.values:
        rows = rows.filter(status=shown)
    page = Paginator(rows.order_by("number"), IMPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page": page, "shown": shown, "statuses": RowStatus.choices}


def import_status(request, pk: int):
    job = get_import_job_for_user(request.user, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if request.htmx and not request.htmx.history_restore_request:
        if job.is_working:
            return _job_status(
                request, job, "portability/import_status.html", "portability/_import_progress.html"
            )
        # The step ended: the whole page changes (a preview, a summary), not just the bar.
        return HttpResponseClientRefresh()
    context = {"job": job, "slow": False}
    if job.status == ImportStatus.UPLOADED:
        context["form"], context["problem"] = _choose_form(request, job)
        context["format_label"] = parsers.FORMATS.get(job.format, "")
    elif job.status == ImportStatus.PREVIEWED:
        context.update(_preview_context(request, job))
    elif job.status == ImportStatus.DONE:
        context.update(_preview_context(request, job))
        created = job.summary.get("created_ids", [])[:IMPORT_PAGE_SIZE]
        context["created"] = Contact.objects.filter(owner=request.user, pk__in=created)
    elif job.is_working:
        return _job_status(
            request, job, "portability/import_status.html", "portability/_import_progress.html"
        )
    return render(request, "portability/import_status.html", context)


def import_read(request, pk: int):
    job = get_import_job_for_user(request.user, pk)
    # The job comes first so that another user's id is a 404 whatever the method.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if job.status != ImportStatus.UPLOADED:
        return redirect(job)
    form, problem = _choose_form(request, job)
    if form.is_valid():
        chosen = form.cleaned_data["format"]
        if chosen == "csv" and job.format != "csv":
            # A CSV's columns come before reading it: show them first.
            flow.import_map_columns(job=job)
            return redirect(job)
        mapping = form.mapping() if chosen == "csv" else None
        flow.import_choose(job=job, format=chosen, mapping=mapping)
        return redirect(job)
    return render(
        request,
        "portability/import_status.html",
        {
            "job": job,
            "form": form,
            "problem": problem,
            "slow": False,
            "format_label": parsers.FORMATS.get(job.format, ""),
        },
        status=400,
    )


def import_confirm(request, pk: int):
    job = get_import_job_for_user(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if flow.import_confirm(job=job):
        messages.info(request, "Importing: this page shows when it is done.")
    return redirect(job)
