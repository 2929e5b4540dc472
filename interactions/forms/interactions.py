"""The interaction form (quick log and edit page) and the two introduction forms.

Forms only parse and validate; interactions.services write. Every picker is scoped to the owner,
so another user's contact or event id is "not a valid choice", never a leak.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from accounts.models import User
from contacts.models import Contact
from contacts.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from interactions.models import Event, Initiator, Interaction, InteractionKind, ValueExchange

# Dates before this are typos ("0025" for "2025"), and year 1 cannot even be moved to UTC.
EARLIEST_DATE = date(1900, 1, 1)
# A clock a few minutes fast, or a call logged as it ends, is not "the future".
FUTURE_GRACE = timedelta(minutes=15)
# "Some time that day" when no time is given: noon keeps the date the same in every time zone
# the user may move to, where midnight would slip to the day before west of them.
TIME_WHEN_UNKNOWN = time(12, 0)
# Far more people than any meeting has; a forged list of thousands of ids is refused unread.
MAX_PARTICIPANTS = 50
NOTES_MAX_LENGTH = 100_000
# Ids are 64-bit integers in every database Rapport runs on.
MAX_ID = 2**63
QUALITY_CHOICES = [
    ("", "Not rated"),
    (5, "5 · great"),
    (4, "4 · good"),
    (3, "3 · fine"),
    (2, "2 · meh"),
    (1, "1 · poor"),
]
MARKDOWN_HELP = "Markdown: **bold**, *italic*, lists, [links](https://example.com)."
# "Follow up in 2 weeks" while logging: a follow-up reminder that many days from today.
FOLLOW_UP_CHOICES = [
    ("", "No follow-up"),
    (3, "In 3 days"),
    (7, "In a week"),
    (14, "In 2 weeks"),
    (30, "In a month"),
    (90, "In 3 months"),
]


def _contact_picker(placeholder: str) -> AutocompleteSelect:
    return AutocompleteSelect("contacts:contact_autocomplete", attrs={"placeholder": placeholder})


class ContactsField(forms.ModelMultipleChoiceField):
    """Several of the owner's contacts, picked by typing; at most `max_count` of them."""

    def __init__(self, *, max_count: int = MAX_PARTICIPANTS, placeholder: str = "", **kwargs):
        self.max_count = max_count
        kwargs.setdefault(
            "widget",
            AutocompleteSelectMultiple(
                "contacts:contact_autocomplete", attrs={"placeholder": placeholder}
            ),
        )
        super().__init__(queryset=Contact.objects.none(), **kwargs)

    def clean(self, value):
        if value and len(value) > self.max_count:
            raise ValidationError(
                "At most %(limit)d people at once.",
                code="too_many",
                params={"limit": self.max_count},
            )
        for pk in value or ():
            # Django checks each id alone, then all together with IN, where an integer too large
            # for the database raises instead of matching nothing.
            text = str(pk)
            if not (text.isdecimal() and int(text) < MAX_ID):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class WhenForm(forms.Form):
    """A date and an optional time, entered in the user's time zone (activated by the
    middleware), combined into one aware `occurred_at`."""

    date = forms.DateField(
        label="On",
        validators=[MinValueValidator(EARLIEST_DATE)],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    time = forms.TimeField(
        label="At",
        required=False,
        help_text="Optional",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    @staticmethod
    def initial_when(moment: datetime | None = None) -> dict[str, Any]:
        local = timezone.localtime(moment or timezone.now())
        return {"date": local.date(), "time": local.time().replace(second=0, microsecond=0)}

    def clean_when(self, data: dict[str, Any]) -> None:
        day, at = data.get("date"), data.get("time")
        if day is None or self.has_error("time"):
            return
        zone = timezone.get_current_timezone()
        now = timezone.now()
        if at is None:
            # Today before noon, "some time today" means up to now.
            moment = min(datetime.combine(day, TIME_WHEN_UNKNOWN, tzinfo=zone), now)
        else:
            moment = datetime.combine(day, at, tzinfo=zone)
        if moment > now + FUTURE_GRACE:
            field = "time" if day == timezone.localdate(now) else "date"
            self.add_error(
                field,
                ValidationError(
                    "That is in the future: log what has already happened.", code="future"
                ),
            )
            return
        data["occurred_at"] = moment


class InteractionForm(WhenForm):
    participants = ContactsField(
        label="With",
        placeholder="Type a name",
        error_messages={"required": "Pick at least one person."},
    )
    kind = forms.ChoiceField(choices=InteractionKind.choices, initial=InteractionKind.COFFEE)
    summary = forms.CharField(
        required=False,
        max_length=Interaction._meta.get_field("summary").max_length,
        widget=forms.TextInput(attrs={"placeholder": "What it was about"}),
    )
    initiated_by = forms.ChoiceField(
        choices=Initiator.choices, initial=Initiator.MUTUAL, label="Who reached out"
    )
    value = forms.ChoiceField(
        choices=ValueExchange.choices,
        required=False,
        label="Give and take",
        help_text="Value is a resource shared, a referral, an introduction, advice.",
    )
    quality = forms.TypedChoiceField(
        choices=QUALITY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        label="How it went",
    )
    event = forms.ModelChoiceField(
        queryset=Event.objects.none(),
        required=False,
        widget=AutocompleteSelect(
            "interactions:event_autocomplete", attrs={"placeholder": "Type an event's name"}
        ),
    )
    notes = forms.CharField(
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MARKDOWN_HELP,
    )
    introduced_me_to = ContactsField(
        required=False,
        label="They introduced me to",
        placeholder="Type a name",
        help_text="Recorded as introduced by the one other person you met.",
    )
    follow_up_in = forms.TypedChoiceField(
        choices=FOLLOW_UP_CHOICES, coerce=int, empty_value=None, required=False, label="Follow up"
    )

    # The fields the quick log folds away under "More details" unless they hold something.
    DETAIL_FIELDS = ("initiated_by", "value", "quality", "event", "notes", "introduced_me_to")

    def __init__(
        self,
        *args,
        owner: User,
        interaction: Interaction | None = None,
        contact: Contact | None = None,
        **kwargs,
    ):
        if "initial" not in kwargs:
            kwargs["initial"] = (
                self.initial_for(interaction)
                if interaction is not None
                else {**self.initial_when(), "participants": [contact.pk] if contact else []}
            )
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.interaction = interaction
        contacts = Contact.objects.filter(owner=owner)
        self.fields["participants"].queryset = contacts
        self.fields["introduced_me_to"].queryset = contacts
        self.fields["event"].queryset = Event.objects.filter(owner=owner)
        self.fields["participants"].help_text = format_html(
            'Someone not in your contacts yet? <a href="{}">Add them</a> first.',
            reverse("contacts:contact_create"),
        )
        if interaction is None:
            # The quick log opens on what is left to say: who, or with them already picked, what.
            first = "summary" if contact is not None else "participants"
            self.fields[first].widget.attrs["autofocus"] = True
        else:
            # Who introduced whom is a fact about the people, set once from the quick log or the
            # contact page; editing the interaction later does not replay it. Nor is a follow-up.
            del self.fields["introduced_me_to"]
            del self.fields["follow_up_in"]

    def initial_for(self, interaction: Interaction) -> dict[str, Any]:
        return {
            **self.initial_when(interaction.occurred_at),
            "participants": [c.pk for c in interaction.participants.all()],
            "kind": interaction.kind,
            "summary": interaction.summary,
            "initiated_by": interaction.initiated_by,
            "value": interaction.value,
            "quality": interaction.quality,
            "event": interaction.event_id,
            "notes": interaction.notes,
        }

    @property
    def shows_details(self) -> bool:
        """Whether "More details" starts open: one of its fields has an error or a value."""
        for name in self.DETAIL_FIELDS:
            if name not in self.fields:
                continue
            if self.has_error(name):
                return True
            value = self[name].value()
            if value not in (None, "", [], self.fields[name].initial):
                return True
        return False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.clean_when(data)
        introduced = data.get("introduced_me_to") or []
        participants = data.get("participants")
        if introduced and participants:
            introducers = [c for c in participants if c not in introduced]
            if not introducers:
                self.add_error(
                    "introduced_me_to",
                    "Add the person who introduced you under “With”.",
                )
            elif len(introducers) > 1:
                self.add_error(
                    "introduced_me_to",
                    "Say who introduced you from the contact page: with several people here, "
                    "it is not clear which of them did.",
                )
            else:
                data["introducer"] = introducers[0]
        return data

    def follow_up_on(self) -> date | None:
        """The day of the follow-up asked for, on the user's calendar, if one was."""
        days = self.cleaned_data.get("follow_up_in")
        return timezone.localdate() + timedelta(days=days) if days else None

    def interaction_fields(self) -> dict[str, Any]:
        """Keyword arguments for interaction_log and interaction_update."""
        data = self.cleaned_data
        return {
            "occurred_at": data["occurred_at"],
            "kind": data["kind"],
            "contacts": list(data["participants"]),
            "initiated_by": data["initiated_by"],
            "summary": data["summary"].strip(),
            "notes": data["notes"],
            "quality": data["quality"],
            "value": data["value"],
            "event": data["event"],
        }


class IntroductionMadeForm(WhenForm):
    """ "I introduced this contact to someone": one interaction with both of them."""

    other = forms.ModelChoiceField(
        queryset=Contact.objects.none(),
        label="To",
        widget=_contact_picker("Type a name"),
        error_messages={"required": "Pick the person you introduced them to."},
    )
    notes = forms.CharField(
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why you connected them",
        help_text=MARKDOWN_HELP,
    )

    def __init__(self, *args, owner: User, contact: Contact, **kwargs):
        kwargs.setdefault("initial", self.initial_when())
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = Contact.objects.filter(owner=owner).exclude(pk=contact.pk)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.clean_when(data)
        return data


class IntroductionReceivedForm(WhenForm):
    """ "This contact introduced me to someone": the other person's `introduced_by`."""

    introduced = forms.ModelChoiceField(
        queryset=Contact.objects.none(),
        label="To",
        widget=_contact_picker("Type a name"),
        error_messages={"required": "Pick the person they introduced you to."},
    )
    log = forms.BooleanField(
        required=False,
        initial=True,
        label="Also log it as an interaction, on both timelines",
    )

    def __init__(self, *args, owner: User, contact: Contact, **kwargs):
        kwargs.setdefault("initial", {**self.initial_when(), "log": True})
        super().__init__(*args, **kwargs)
        self.fields["introduced"].queryset = Contact.objects.filter(owner=owner).exclude(
            pk=contact.pk
        )
        self.fields["date"].help_text = "Used when it is logged as an interaction."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.clean_when(data)
        return data
