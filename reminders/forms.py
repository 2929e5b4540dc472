"""The reminder form (create and edit) and the custom snooze. Forms parse and validate;
reminders.services write. Pickers offer only the owner's own contacts, events and organizations."""

from datetime import date
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from accounts.models import User
from contacts.models import Contact, Organization
from contacts.widgets import AutocompleteSelect
from interactions.models import Event
from reminders.models import RecurrenceUnit, Reminder, ReminderKind
from reminders.services.reminders import (
    EARLIEST_DUE,
    LATEST_DUE,
    MAX_EVERY,
    MAX_NOTICE_DAYS,
    RULE_KINDS,
)

MARKDOWN_HELP = "Markdown: **bold**, *italic*, lists, [links](https://example.com)."
REPEAT_CHOICES = [("", "Does not repeat"), *RecurrenceUnit.choices]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _picker(url_name: str, placeholder: str) -> AutocompleteSelect:
    return AutocompleteSelect(url_name, attrs={"placeholder": placeholder})


class ReminderForm(forms.Form):
    title = forms.CharField(
        max_length=Reminder._meta.get_field("title").max_length,
        widget=forms.TextInput(attrs={"placeholder": "Send Ana the article on design systems"}),
    )
    due_on = forms.DateField(
        label="Due on",
        validators=[MinValueValidator(EARLIEST_DUE), MaxValueValidator(LATEST_DUE)],
        widget=_date_input(),
    )
    due_time = forms.TimeField(
        label="At",
        required=False,
        help_text="Optional, your local time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    recur_every = forms.IntegerField(
        label="Every",
        required=False,
        min_value=1,
        max_value=MAX_EVERY,
        initial=1,
    )
    recur_unit = forms.ChoiceField(label="Repeats", choices=REPEAT_CHOICES, required=False)
    notice_days = forms.IntegerField(
        label="Show it ahead (days)",
        min_value=0,
        max_value=MAX_NOTICE_DAYS,
        initial=0,
        help_text="It shows among today's reminders this many days before it is due.",
    )
    contact = forms.ModelChoiceField(
        queryset=Contact.objects.none(),
        required=False,
        label="About",
        widget=_picker("contacts:contact_autocomplete", "Type a name"),
    )
    event = forms.ModelChoiceField(
        queryset=Event.objects.none(),
        required=False,
        widget=_picker("interactions:event_autocomplete", "Type an event's name"),
    )
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        widget=_picker("contacts:organization_autocomplete", "Type an organization's name"),
    )
    note = forms.CharField(
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MARKDOWN_HELP,
    )

    # What the user may change on a reminder a rule made (the rule decides its day and title).
    RULE_FIELDS = ("due_time", "notice_days", "note")

    def __init__(self, *args, owner: User, reminder: Reminder | None = None, **kwargs):
        if reminder is not None:
            kwargs.setdefault("initial", self.initial_for(reminder))
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.reminder = reminder
        self.fields["contact"].queryset = Contact.objects.filter(owner=owner)
        self.fields["event"].queryset = Event.objects.filter(owner=owner)
        self.fields["organization"].queryset = Organization.objects.filter(owner=owner)
        if self.made_by_rule:
            for name in list(self.fields):
                if name not in self.RULE_FIELDS:
                    del self.fields[name]

    @property
    def made_by_rule(self) -> bool:
        return self.reminder is not None and self.reminder.kind in RULE_KINDS

    @staticmethod
    def initial_for(reminder: Reminder) -> dict[str, Any]:
        return {
            "title": reminder.title,
            "due_on": reminder.due_on,
            "due_time": reminder.due_time,
            "recur_every": reminder.recur_every or 1,
            "recur_unit": reminder.recur_unit,
            "notice_days": reminder.notice_days,
            "contact": reminder.contact_id,
            "event": reminder.event_id,
            "organization": reminder.organization_id,
            "note": reminder.note,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("recur_unit")
            and not data.get("recur_every")
            and not self.has_error("recur_every")
        ):
            self.add_error("recur_every", "Say how often it repeats: every 1 or more.")
        return data

    def reminder_fields(self) -> dict[str, Any]:
        """The fields for reminder_update (all of them for reminder_create, with `kind`)."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.fields}
        fields["note"] = data["note"].strip()
        if "recur_unit" in fields:
            fields["recur_every"] = data["recur_every"] if data["recur_unit"] else None
        return fields

    def create_kwargs(self) -> dict[str, Any]:
        fields = self.reminder_fields()
        kind = ReminderKind.RECURRING if fields["recur_unit"] else ReminderKind.FOLLOW_UP
        return {**fields, "kind": kind}


class SnoozeForm(forms.Form):
    """ "Snooze until": tomorrow, next week, or a day picked (validated by the service)."""

    until = forms.CharField(
        max_length=20, error_messages={"required": "Pick the day it should come back."}
    )

    def __init__(self, *args, tomorrow: date, next_week: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.shortcuts = {"tomorrow": tomorrow, "next_week": next_week}

    def clean_until(self) -> date:
        value = self.cleaned_data["until"].strip()
        if value in self.shortcuts:
            return self.shortcuts[value]
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise forms.ValidationError("Pick the day it should come back.") from None
