"""The calendar feed (public: its secret token is the credential), the export and the restore.

Feeds and exports read through owner-scoped queries; another user's job id is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.tokens import calendar_feed_disable, calendar_feed_owner, calendar_feed_regenerate
from portability import export, restore
from portability.calendar_feed import calendar_feed_ics
from portability.forms import RestoreForm
from portability.models import ExportJob, JobStatus, RestoreJob

# After this long without a worker picking a job up, the status page says so.
WAIT_WARNING_SECONDS = 60


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
