"""Reminder pages: the Reminders list, detail, create, edit, delete; done, snooze, dismiss and
undo in one click (htmx swaps the item in place; without JavaScript the same POST redirects back);
done and log the interaction in the same step (the quick-log modal, or a page of its own).

Each view reaches its reminder through get_reminder_for_user first, so another user's id is a 404
whatever the method.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import trigger_client_event

from contacts.selectors.access import get_contact_for_user, get_organization_for_user
from interactions.forms.interactions import InteractionForm
from interactions.selectors.events import get_event_for_user
from reminders import selectors, services
from reminders.forms import ReminderForm, SnoozeForm
from reminders.models import KIND_ICONS, LOGGABLE_KINDS, ReminderKind
from reminders.selectors import get_reminder_for_user

# What the quick-log modal listens for (static/js/quick-log.js): it closes, and a contact
# page's timeline reloads itself.
LOGGED_EVENT = "interactionLogged"


def _next_url(request, default: str) -> str:
    """Where to go back to: the `next` the page sent, when it is one of ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _item_context(request, reminder, **extra) -> dict:
    return {
        "reminder": reminder,
        "next": _next_url(request, reverse("reminders:reminder_list")),
        **selectors.reminder_item_context(user=request.user),
        **extra,
    }


def _pk_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdecimal() and len(value) <= 18 else None


@require_GET
def reminder_list(request):
    kind = request.GET.get("kind", "")
    if kind not in ReminderKind.values:
        kind = ""
    now = timezone.now()
    today = timezone.localdate(now)
    section = request.GET.get("section", "")
    context = {
        "kind": kind,
        "kinds": [(value, label, KIND_ICONS[value]) for value, label in ReminderKind.choices],
        **selectors.reminder_item_context(user=request.user, now=now),
        "next": request.get_full_path(),
    }
    if section in selectors.SECTION_NAMES:
        # One section in full, a page at a time ("see all 240 overdue").
        reminders = selectors.reminders_section(
            user=request.user, name=section, today=today, now=now, kind=kind
        )
        page = Paginator(reminders, settings.PAGE_SIZE).get_page(request.GET.get("page"))
        title = dict(selectors.SECTIONS)[section]
        return render(
            request,
            "reminders/reminder_section.html",
            {**context, "section": section, "section_title": title, "page": page},
        )
    sections = selectors.reminders_page(user=request.user, today=today, now=now, kind=kind)
    return render(
        request,
        "reminders/reminder_list.html",
        {**context, "sections": sections, "total": sum(s.count for s in sections)},
    )


@require_GET
def reminder_detail(request, pk: int):
    reminder = get_reminder_for_user(request.user, pk)
    return render(
        request,
        "reminders/reminder_detail.html",
        _item_context(
            request,
            reminder,
            can_delete=services.reminder_can_be_deleted(reminder),
            next=reminder.get_absolute_url(),
        ),
    )


@require_http_methods(["GET", "POST"])
def reminder_create(request):
    """A new follow-up or recurring reminder; ?contact=, ?event= or ?organization= (the user's
    own, else a 404) fills in what it is about and where to go back to."""
    contact_pk, event_pk, org_pk = (
        _pk_param(request, n) for n in ("contact", "event", "organization")
    )
    about = {
        "contact": get_contact_for_user(request.user, contact_pk) if contact_pk else None,
        "event": get_event_for_user(request.user, event_pk) if event_pk else None,
        "organization": get_organization_for_user(request.user, org_pk) if org_pk else None,
    }
    subject = next((row for row in about.values() if row is not None), None)
    initial = {
        "due_on": timezone.localdate() + timedelta(days=7),
        "recur_every": 1,
        "notice_days": 0,
        **{name: row.pk for name, row in about.items() if row is not None},
    }
    if about["contact"] is not None:
        initial["title"] = f"Follow up with {about['contact'].display_name}"
    elif about["event"] is not None:
        initial["title"] = f"Follow up on {about['event'].name}"
    form = ReminderForm(request.POST or None, owner=request.user, initial=initial)
    if form.is_valid():
        reminder = services.reminder_create(owner=request.user, **form.create_kwargs())
        messages.success(
            request, f"Reminder added: {reminder.title}, due {reminder.due_on:%-d %B}."
        )
        return redirect(subject or "reminders:reminder_list")
    return render(request, "reminders/reminder_form.html", {"form": form, "subject": subject})


@require_http_methods(["GET", "POST"])
def reminder_update(request, pk: int):
    reminder = get_reminder_for_user(request.user, pk)
    form = ReminderForm(request.POST or None, owner=request.user, reminder=reminder)
    if form.is_valid():
        services.reminder_update(reminder=reminder, fields=form.reminder_fields())
        messages.success(request, "Saved.")
        return redirect(reminder)
    return render(request, "reminders/reminder_form.html", {"form": form, "reminder": reminder})


@require_http_methods(["GET", "POST"])
def reminder_delete(request, pk: int):
    reminder = get_reminder_for_user(request.user, pk)
    can_delete = services.reminder_can_be_deleted(reminder)
    if request.method == "POST" and can_delete:
        services.reminder_delete(reminder=reminder)
        messages.success(request, f"Deleted: {reminder.title}.")
        return redirect(_next_url(request, reverse("reminders:reminder_list")))
    return render(
        request,
        "reminders/reminder_confirm_delete.html",
        {"reminder": reminder, "can_delete": can_delete},
    )


def _respond(request, reminder, message: str, *, error: bool = False):
    """The item in its new state for htmx (which says what happened; only a refusal needs
    words of its own); otherwise a message and back where the user was."""
    if request.htmx:
        return render(
            request,
            "reminders/_reminder_item.html",
            _item_context(request, reminder, message=message if error else "", error=error),
        )
    (messages.error if error else messages.success)(request, message)
    return redirect(_next_url(request, reverse("reminders:reminder_list")))


def _post_only(view):
    """The reminder first, so another user's id is a 404 whatever the method; then POST only."""

    def wrapped(request, pk: int):
        reminder = get_reminder_for_user(request.user, pk)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, reminder)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_post_only
def reminder_complete(request, reminder):
    services.reminder_complete(reminder=reminder)
    return _respond(request, reminder, f"Done: {reminder.title}.")


@_post_only
def reminder_dismiss(request, reminder):
    services.reminder_dismiss(reminder=reminder)
    return _respond(request, reminder, f"Dismissed: {reminder.title}.")


@_post_only
def reminder_reopen(request, reminder):
    services.reminder_reopen(reminder=reminder)
    return _respond(request, reminder, f"Back: {reminder.title}.")


@_post_only
def reminder_snooze(request, reminder):
    choices = services.snooze_choices(user=request.user)
    form = SnoozeForm(request.POST, tomorrow=choices.tomorrow, next_week=choices.next_week)
    if not form.is_valid():
        return _respond(request, reminder, form.errors["until"][0], error=True)
    try:
        services.reminder_snooze(reminder=reminder, until=form.cleaned_data["until"])
    except ValueError as error:
        return _respond(request, reminder, str(error), error=True)
    return _respond(
        request, reminder, f"Snoozed until {reminder.snoozed_until:%A %-d %B}: {reminder.title}."
    )


@require_http_methods(["GET", "POST"])
def reminder_complete_log(request, pk: int):
    """Done, and log what was done in the same step: the interaction form, with the reminder's
    contact already picked. In the quick-log modal with htmx, a page of its own without."""
    reminder = get_reminder_for_user(request.user, pk)
    if reminder.kind not in LOGGABLE_KINDS or not reminder.is_pending:
        messages.info(request, "This reminder is not waiting for an interaction.")
        return redirect(reminder)
    htmx = bool(request.htmx)
    form = InteractionForm(
        request.POST if request.method == "POST" else None,
        owner=request.user,
        contact=reminder.contact,
        auto_id="quick-log-%s" if htmx else "id_%s",
    )
    # Done is the follow-up: another one is asked for from the next reminder or the quick log.
    form.fields.pop("follow_up_in")
    if request.method == "POST" and form.is_valid():
        services.reminder_complete(reminder=reminder, log_interaction=form.interaction_fields())
        message = f"Done and logged: {reminder.title}."
        if not htmx:
            messages.success(request, message)
            return redirect(_next_url(request, reverse("reminders:reminder_list")))
        response = render(
            request,
            "reminders/_complete_log_done.html",
            _item_context(request, reminder, message=message),
        )
        return trigger_client_event(response, LOGGED_EVENT, {"reminder": reminder.pk})
    context = {"form": form, "reminder": reminder, "next": _next_url(request, "")}
    if htmx:
        return render(request, "reminders/_complete_log.html", context)
    return render(request, "reminders/reminder_complete_log.html", context)
