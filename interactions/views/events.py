"""Event pages: list, detail, create, edit, delete; the people met there; the .ics import.

Each view reaches its object through an owner-scoped helper, so another user's id is a 404.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.text import get_text_list
from django.views.decorators.http import require_GET, require_http_methods

from interactions.forms.events import (
    CalendarImportForm,
    EventFilterForm,
    EventForm,
    NewPeopleFormSet,
    PeopleAddForm,
)
from interactions.models import EventKind
from interactions.selectors import events as selectors
from interactions.selectors.events import (
    When,
    get_attendance_for_user,
    get_event_for_user,
    get_import_job_for_user,
)
from interactions.services import events as services
from interactions.services.ical_import import event_import_start
from reminders.selectors import reminder_item_context, reminders_for_event

# After this long without a worker picking the import up, the status page says so.
IMPORT_WAIT_WARNING_SECONDS = 60


@require_GET
def event_list(request):
    criteria = EventFilterForm(request.GET).filters()
    now = timezone.now()
    counts = selectors.event_counts(user=request.user, kind=criteria["kind"], now=now)
    events = selectors.event_list(user=request.user, now=now, **criteria)
    page = Paginator(events, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interactions/event_list.html",
        {
            "page": page,
            "counts": counts,
            "when": criteria["when"],
            "kind": criteria["kind"],
            "kind_label": EventKind(criteria["kind"]).label if criteria["kind"] else "",
            "kinds": EventKind.choices,
            "upcoming": When.UPCOMING,
            "past": When.PAST,
        },
    )


@require_http_methods(["GET", "POST"])
def event_create(request):
    form = EventForm(request.POST or None, owner=request.user)
    if form.is_valid():
        event = services.event_create(owner=request.user, **form.event_fields())
        messages.success(request, f"{event} was added.")
        return redirect(event)
    return render(request, "interactions/event_form.html", {"form": form})


@require_GET
def event_detail(request, pk: int):
    event = selectors.event_detail(user=request.user, pk=pk)
    return render(
        request,
        "interactions/event_detail.html",
        {
            "event": event,
            "attendances": event.attendances.all(),
            "started": event.starts_at <= timezone.now(),
            "reminders": reminders_for_event(user=request.user, event=event),
            **reminder_item_context(user=request.user),
            "next": request.path,
        },
    )


@require_http_methods(["GET", "POST"])
def event_update(request, pk: int):
    event = get_event_for_user(request.user, pk)
    form = EventForm(request.POST or None, owner=request.user, event=event)
    if form.is_valid():
        services.event_update(event=event, **form.event_fields())
        messages.success(request, f"{event} was saved.")
        return redirect(event)
    return render(request, "interactions/event_form.html", {"form": form, "event": event})


@require_http_methods(["GET", "POST"])
def event_delete(request, pk: int):
    event = get_event_for_user(request.user, pk)
    if request.method == "POST":
        name = str(event)
        services.event_delete(event=event)
        messages.success(request, f"{name} was deleted.")
        return redirect("interactions:event_list")
    return render(
        request,
        "interactions/event_confirm_delete.html",
        {"event": event, "people_count": event.attendances.count()},
    )


def _not_started_yet(request, event):
    messages.info(
        request,
        "This event has not started yet. Once you are there, add the people you meet.",
    )
    return redirect(event)


def _names(contacts) -> str:
    return get_text_list([c.display_name for c in contacts], "and")


@require_http_methods(["GET", "POST"])
def event_people_add(request, pk: int):
    event = get_event_for_user(request.user, pk)
    if event.starts_at > timezone.now():
        return _not_started_yet(request, event)
    form = PeopleAddForm(request.POST or None, owner=request.user)
    if form.is_valid():
        result = services.event_people_add(
            event=event, contacts=form.cleaned_data["contacts"], note=form.cleaned_data["note"]
        )
        if result.added:
            messages.success(request, f"Met at {event}: {_names(result.added)}.")
        if result.already_there:
            verb = "was" if len(result.already_there) == 1 else "were"
            messages.info(request, f"{_names(result.already_there)} {verb} already on the list.")
        return redirect(event)
    return render(request, "interactions/event_people_add.html", {"event": event, "form": form})


@require_http_methods(["GET", "POST"])
def event_people_create(request, pk: int):
    event = get_event_for_user(request.user, pk)
    if event.starts_at > timezone.now():
        return _not_started_yet(request, event)
    formset = NewPeopleFormSet(
        request.POST or None, prefix="people", form_kwargs={"owner": request.user}
    )
    if request.method == "POST" and formset.is_valid():
        contacts = services.event_people_create(event=event, people=formset.people())
        count = len(contacts)
        messages.success(
            request, f"Added {count} new contact{pluralize(count)}: {_names(contacts)}."
        )
        return redirect(event)
    return render(
        request, "interactions/event_people_create.html", {"event": event, "formset": formset}
    )


@require_http_methods(["GET", "POST"])
def attendance_delete(request, pk: int):
    attendance = get_attendance_for_user(request.user, pk)
    event = attendance.event
    if request.method == "POST":
        services.attendance_delete(attendance=attendance)
        messages.success(request, f"{attendance.contact} was taken off {event}.")
        return redirect(event)
    return render(
        request, "interactions/event_attendance_confirm_delete.html", {"attendance": attendance}
    )


@require_GET
def event_autocomplete(request):
    return JsonResponse(
        {"results": selectors.event_choices(user=request.user, query=request.GET.get("q", ""))}
    )


@require_http_methods(["GET", "POST"])
def event_import(request):
    form = CalendarImportForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        job = event_import_start(
            owner=request.user,
            calendar=form.cleaned_data["file"],
            filename=request.FILES["file"].name,
            event_kind=form.cleaned_data["event_kind"],
        )
        return redirect(job)
    return render(
        request,
        "interactions/import_form.html",
        {"form": form, "jobs": selectors.import_jobs_recent(user=request.user)},
    )


@require_GET
def event_import_status(request, pk: int):
    job = get_import_job_for_user(request.user, pk)
    waiting = (timezone.now() - job.created_at).total_seconds()
    context = {"job": job, "slow": not job.is_finished and waiting > IMPORT_WAIT_WARNING_SECONDS}
    # The progress card polls itself; a history restore needs the whole page.
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "interactions/import_progress.html", context)
    return render(request, "interactions/import_status.html", context)
