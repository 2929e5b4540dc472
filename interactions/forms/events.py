"""Forms for events, the people met there and calendar imports.

Forms only parse and validate; interactions.services.events and .ical_import write. Pickers offer
only the owner's own organizations and contacts, so another user's id is "not a valid choice".
"""

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts.models import User
from contacts.forms.contacts import WebURLField
from contacts.models import Contact, ContactEmail, Organization
from contacts.selectors.contacts import contact_email_owner
from contacts.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from interactions.models import Event, EventAttendance, EventKind, EventRole
from interactions.selectors.events import When
from interactions.services.events import EARLIEST_YEAR, LATEST_YEAR, NewPerson
from interactions.services.ical_import import (
    MAX_BYTES,
    CalendarError,
    CalendarFile,
    calendar_read,
)

MARKDOWN_HELP = "Markdown: **bold**, *italic*, lists, [links](https://example.com)."
TEXT_MAX_LENGTH = 100_000
# More people than anyone adds at once; a forged list of thousands of ids is refused unread.
MAX_PEOPLE_PICKED = 50
# A bigint has 19 digits; a longer "id" is no id at all.
MAX_ID_DIGITS = 18
# Rows of the quick-create formset: an evening's worth of business cards.
MAX_NEW_PEOPLE = 20
NEW_PEOPLE_ROWS = 3


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _datetime_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.Form):
    name = forms.CharField(max_length=_max_length(Event, "name"))
    kind = forms.ChoiceField(choices=EventKind.choices, initial=EventKind.MEETUP)
    starts_at = forms.DateTimeField(label="Starts", widget=_datetime_input())
    ends_at = forms.DateTimeField(label="Ends", required=False, widget=_datetime_input())
    location = forms.CharField(
        max_length=_max_length(Event, "location"),
        required=False,
        help_text="Venue and city.",
    )
    online_url = WebURLField(
        max_length=_max_length(Event, "online_url"),
        required=False,
        assume_scheme="https",
        label="Online link",
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": "https://…"}),
    )
    host_organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        label="Host",
        widget=AutocompleteSelect(
            "contacts:organization_autocomplete", attrs={"placeholder": "Start typing a name"}
        ),
        help_text="The organization that runs it, from your organizations.",
    )
    my_role = forms.ChoiceField(
        choices=EventRole.choices, initial=EventRole.ATTENDEE, label="My role"
    )
    goals = forms.CharField(
        required=False,
        max_length=TEXT_MAX_LENGTH,
        label="My goals",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you want from it: people to meet, questions to ask. " + MARKDOWN_HELP,
    )
    notes = forms.CharField(
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )

    def __init__(self, *args, owner: User, event: Event | None = None, **kwargs):
        if event is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(event)
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["host_organization"].queryset = Organization.objects.filter(owner=owner)

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        initial = {name: getattr(event, name) for name in EVENT_FORM_FIELDS}
        initial["host_organization"] = event.host_organization_id
        # The inputs show the user's wall-clock time (the middleware activated their zone).
        for name in ("starts_at", "ends_at"):
            if initial[name] is not None:
                initial[name] = timezone.localtime(initial[name])
        return initial

    def _clean_moment(self, name: str) -> datetime | None:
        value = self.cleaned_data.get(name)
        if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise ValidationError(
                "Give a date between %(first)d and %(last)d.",
                code="out_of_range",
                params={"first": EARLIEST_YEAR, "last": LATEST_YEAR},
            )
        return value

    def clean_starts_at(self) -> datetime | None:
        return self._clean_moment("starts_at")

    def clean_ends_at(self) -> datetime | None:
        return self._clean_moment("ends_at")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", "The end cannot be before the start.")
        if (
            starts_at
            and starts_at > timezone.now()
            and self.event is not None
            and self.event.attendances.exists()
        ):
            # The people met here have a "met at" interaction on its start: a future one would
            # count as contact that has not happened yet.
            self.add_error(
                "starts_at",
                "You have already met people at this event, so it cannot start in the future.",
            )
        return data

    def event_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EVENT_FORM_FIELDS}


EVENT_FORM_FIELDS = (
    "name",
    "kind",
    "starts_at",
    "ends_at",
    "location",
    "online_url",
    "host_organization",
    "my_role",
    "goals",
    "notes",
)


class EventFilterForm(forms.Form):
    """The list's tab and kind filter. A bad value (a stale link) is ignored, never an error."""

    when = forms.ChoiceField(choices=When.choices, required=False)
    kind = forms.ChoiceField(choices=[("", "All kinds"), *EventKind.choices], required=False)

    def filters(self) -> dict[str, str]:
        self.is_valid()
        return {
            "when": self.cleaned_data.get("when") or When.UPCOMING,
            "kind": self.cleaned_data.get("kind", ""),
        }


class ContactsField(forms.ModelMultipleChoiceField):
    def clean(self, value):
        # Checked before the field's own query reads every id sent.
        if value and len(value) > MAX_PEOPLE_PICKED:
            raise ValidationError(
                "Add at most %(limit)d people at a time.", params={"limit": MAX_PEOPLE_PICKED}
            )
        for pk in value or ():
            # An id past what the database can hold (10**30) would fail inside the IN query.
            if not str(pk).isdecimal() or len(str(pk)) > MAX_ID_DIGITS:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class PeopleAddForm(forms.Form):
    """Existing contacts met at an event, with one note for all of them."""

    contacts = ContactsField(
        queryset=Contact.objects.none(),
        label="People you met",
        widget=AutocompleteSelectMultiple(
            "contacts:contact_autocomplete", attrs={"placeholder": "Start typing a name"}
        ),
    )
    note = forms.CharField(
        required=False,
        max_length=_max_length(EventAttendance, "note"),
        label="What you talked about",
        widget=forms.TextInput(attrs={"placeholder": "Optional"}),
    )

    def __init__(self, *args, owner: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = Contact.objects.filter(
            owner=owner, archived_at__isnull=True
        )


class NewPersonForm(forms.Form):
    """One row of the quick-create formset: a person met, as jotted down after the event."""

    name = forms.CharField(
        required=False,
        max_length=_max_length(Contact, "display_name"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        required=False,
        max_length=_max_length(ContactEmail, "email"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    company = forms.CharField(
        required=False,
        max_length=_max_length(Organization, "name"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    note = forms.CharField(
        required=False,
        max_length=_max_length(EventAttendance, "note"),
        label="What we talked about",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    keep_duplicate = forms.BooleanField(required=False, label="Add anyway")

    def __init__(self, *args, owner: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.duplicate_of: Contact | None = None
        self.fields["email"].widget.attrs.update(
            {
                "hx-get": reverse("contacts:contact_email_check"),
                "hx-trigger": "change",
                "hx-target": "next .email-check",
            }
        )

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(f) for f in ("name", "email", "company", "note"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        name = " ".join(data.get("name", "").split())
        data["name"] = name
        filled = any(data.get(f) for f in ("email", "company", "note")) or self.has_error("email")
        if not name and filled and not self.has_error("name"):
            self.add_error("name", "Give this person a name, or clear the row.")
        email = data.get("email")
        if email and not data.get("keep_duplicate"):
            other = contact_email_owner(user=self.owner, email=email)
            if other is not None:
                self.duplicate_of = other
                self.add_error(
                    "email",
                    ValidationError(
                        format_html(
                            'Already used by <a href="{}">{}</a>: add them with “Add people '
                            "you know”, or tick “Add anyway” for a new contact.",
                            other.get_absolute_url(),
                            other.display_name,
                        ),
                        code="duplicate_email",
                    ),
                )
        return data

    def person(self) -> NewPerson:
        data = self.cleaned_data
        return NewPerson(
            name=data["name"],
            email=data.get("email", ""),
            company=" ".join(data.get("company", "").split()),
            note=data.get("note", "").strip(),
        )


class BaseNewPeopleFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        people = self.people()
        if not people:
            raise ValidationError("Fill in at least one person.", code="empty")
        seen = set()
        for person in people:
            if person.email and person.email.lower() in seen:
                raise ValidationError(
                    "%(email)s is given for two people.", params={"email": person.email}
                )
            seen.add(person.email.lower())

    def people(self) -> list[NewPerson]:
        """The rows that were filled in, in order; blank rows are ignored."""
        return [form.person() for form in self.forms if not form.is_blank]


NewPeopleFormSet = forms.formset_factory(
    NewPersonForm,
    formset=BaseNewPeopleFormSet,
    extra=NEW_PEOPLE_ROWS,
    max_num=MAX_NEW_PEOPLE,
    validate_max=True,
    absolute_max=MAX_NEW_PEOPLE,
)


class CalendarImportForm(forms.Form):
    file = forms.FileField(
        label="Calendar file",
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,.ical,.ifb,text/calendar"}),
        help_text=f"An .ics export, at most {filesizeformat(MAX_BYTES)}.",
    )
    event_kind = forms.ChoiceField(
        choices=EventKind.choices,
        initial=EventKind.MEETUP,
        label="Import them as",
        help_text="A calendar does not say what kind of event an entry is; change any later.",
    )

    def clean_file(self) -> CalendarFile:
        upload = self.cleaned_data["file"]
        # Refused by size before reading a byte of it.
        if upload.size is not None and upload.size > MAX_BYTES:
            raise ValidationError(
                "This file is %(size)s; a calendar import can be at most %(limit)s. Export a "
                "shorter period.",
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)},
            )
        upload.seek(0)
        try:
            return calendar_read(upload.read(MAX_BYTES + 1))
        except CalendarError as error:
            raise ValidationError(str(error), code="not_a_calendar") from error
