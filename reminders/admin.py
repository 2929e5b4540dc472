"""The admin for reminders, scoped per owner, with bulk snooze / complete / dismiss through
reminders.services.bulk (see docs/admin.md)."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from contacts.admin_scoping import OwnerScopedAdmin, ReadOnlyOwnerScopedAdmin, sees_everything
from reminders.digests.models import Digest
from reminders.models import Heartbeat, Reminder
from reminders.services import bulk as services_bulk


class ReminderActionForm(ActionForm):
    snooze_until = forms.DateField(
        required=False,
        label="Snooze until",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For the snooze action; empty: a week from today.",
    )


def _owners_of(request, queryset):
    if not sees_everything(request.user):
        return [(request.user, queryset)]
    owner_ids = queryset.order_by().values_list("owner_id", flat=True).distinct()
    return [
        (owner, queryset.filter(owner=owner)) for owner in User.objects.filter(pk__in=owner_ids)
    ]


def _report(modeladmin, request, changed: int, matched: int, did: str, extra: str = "") -> None:
    noun = "reminder" if changed == 1 else "reminders"
    message = f"{did} {changed} {noun}"
    if matched > changed:
        message += f"; {matched - changed} were already done or dismissed"
    modeladmin.message_user(request, message + extra + ".", messages.SUCCESS)


@admin.action(description="Snooze (until the date given)", permissions=["change"])
def snooze(modeladmin, request, queryset):
    try:
        given = ReminderActionForm.base_fields["snooze_until"].clean(
            request.POST.get("snooze_until", "")
        )
    except ValidationError:
        modeladmin.message_user(request, "Give the snooze date as YYYY-MM-DD.", messages.ERROR)
        return
    changed = matched = 0
    for owner, rows in _owners_of(request, queryset):
        until = given or (timezone.localdate(timezone=owner.zone) + timedelta(days=7))
        outcome = services_bulk.reminders_bulk_snooze(owner=owner, reminder_ids=rows, until=until)
        changed, matched = changed + outcome.changed, matched + outcome.matched
    _report(modeladmin, request, changed, matched, "Snoozed")


@admin.action(description="Mark done", permissions=["change"])
def complete(modeladmin, request, queryset):
    changed = matched = rescheduled = 0
    for owner, rows in _owners_of(request, queryset):
        outcome = services_bulk.reminders_bulk_complete(owner=owner, reminder_ids=rows)
        changed, matched = changed + outcome.changed, matched + outcome.matched
        rescheduled += outcome.rescheduled
    extra = f"; {rescheduled} recurring ones come back on their next date" if rescheduled else ""
    _report(modeladmin, request, changed, matched, "Completed", extra)


@admin.action(description="Dismiss", permissions=["change"])
def dismiss(modeladmin, request, queryset):
    changed = matched = 0
    for owner, rows in _owners_of(request, queryset):
        outcome = services_bulk.reminders_bulk_dismiss(owner=owner, reminder_ids=rows)
        changed, matched = changed + outcome.changed, matched + outcome.matched
    _report(modeladmin, request, changed, matched, "Dismissed")


@admin.register(Reminder)
class ReminderAdmin(OwnerScopedAdmin):
    action_form = ReminderActionForm
    actions = [snooze, complete, dismiss]
    list_display = ("title", "kind", "status", "due_on", "snoozed_until", "contact", "event")
    list_filter = ("status", "kind")
    list_select_related = ("contact", "event")
    search_fields = ("title", "note", "contact__display_name")
    autocomplete_fields = ("contact", "event", "organization", "interaction")
    date_hierarchy = "due_on"
    readonly_fields = ("completed_at",)


@admin.register(Digest)
class DigestAdmin(ReadOnlyOwnerScopedAdmin):
    """The digest outbox: one row per user and period, written only by the sending machinery."""

    list_display = ("owner", "period", "frequency", "status", "attempts", "due_at", "sent_at")
    list_filter = ("status", "frequency", "skip_reason")
    list_select_related = ("owner",)
    search_fields = ("owner__username", "owner__email", "last_error")
    date_hierarchy = "period"


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    """System rows (not owned): when beat last ran. Read-only."""

    list_display = ("name", "last_seen_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
