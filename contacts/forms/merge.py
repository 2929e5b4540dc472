"""The side-by-side merge page: for each field where the two records differ, which one to keep
(or both texts, for notes); and which record stays (the other's rows all move to it)."""

from dataclasses import dataclass
from typing import Any

from django import forms

from contacts.exporting.rows import birthday_text
from contacts.models import Contact
from contacts.services.merge import BIRTHDAY_FIELDS, JOINABLE_FIELDS

LEFT, RIGHT, BOTH = "left", "right", "both"

# (key, label, the Contact attributes it sets), in the order of the contact form.
GROUPS = (
    ("display_name", "Name shown", ("display_name",)),
    ("prefix", "Prefix", ("prefix",)),
    ("first_name", "First name", ("first_name",)),
    ("middle_name", "Middle name", ("middle_name",)),
    ("last_name", "Last name", ("last_name",)),
    ("suffix", "Suffix", ("suffix",)),
    ("nickname", "Nickname", ("nickname",)),
    ("photo", "Photo", ("photo",)),
    ("job_title", "Job title", ("job_title",)),
    ("location", "Location", ("location",)),
    ("birthday", "Birthday", BIRTHDAY_FIELDS),
    ("tier", "Closeness", ("tier",)),
    ("cadence_days", "Keep in touch every", ("cadence_days",)),
    ("relationship_type", "Relationship", ("relationship_type",)),
    ("introduced_by", "Introduced by", ("introduced_by",)),
    ("how_we_met", "How we met", ("how_we_met",)),
    ("notes", "Notes", ("notes",)),
)


def _value(contact: Contact, attrs: tuple[str, ...]) -> tuple:
    if attrs == ("photo",):
        return (contact.photo.name,)
    if attrs == ("introduced_by",):
        return (contact.introduced_by_id,)
    return tuple(getattr(contact, attr) for attr in attrs)


def shown(contact: Contact, key: str) -> str:
    """How the page writes one side's value."""
    if key == "birthday":
        return birthday_text(contact)
    if key == "tier":
        return contact.get_tier_display()
    if key == "relationship_type":
        return contact.get_relationship_type_display()
    if key == "introduced_by":
        return contact.introduced_by.display_name if contact.introduced_by else ""
    if key == "photo":
        return "Photo" if contact.photo else ""
    if key == "cadence_days":
        return f"{contact.cadence_days} days" if contact.cadence_days else "the closeness's default"
    return getattr(contact, key) or ""


@dataclass
class Row:
    key: str
    label: str
    left: str
    right: str
    field: Any = None  # the bound field when the two differ


def _radios() -> forms.RadioSelect:
    return forms.RadioSelect(attrs={"class": "form-check-input"})


class ContactMergeForm(forms.Form):
    keep = forms.ChoiceField(widget=_radios(), label="Record that stays")

    def __init__(self, *args, left: Contact, right: Contact, **kwargs):
        super().__init__(*args, **kwargs)
        self.left, self.right = left, right
        self.fields["keep"].choices = [
            (LEFT, f"{left.display_name} (added {left.created_at:%d %b %Y})"),
            (RIGHT, f"{right.display_name} (added {right.created_at:%d %b %Y})"),
        ]
        self.fields["keep"].initial = LEFT if left.created_at <= right.created_at else RIGHT
        self.differing = []
        for key, label, attrs in GROUPS:
            mine, theirs = _value(left, attrs), _value(right, attrs)
            if mine == theirs:
                continue
            choices = [
                (LEFT, shown(left, key) or "(empty)"),
                (RIGHT, shown(right, key) or "(empty)"),
            ]
            initial = LEFT if any(v not in (None, "") for v in mine) else RIGHT
            if key in JOINABLE_FIELDS and mine[0] and theirs[0]:
                choices.append((BOTH, "Keep both"))
                initial = BOTH
            self.fields[key] = forms.ChoiceField(
                choices=choices, initial=initial, widget=_radios(), label=label
            )
            self.differing.append(key)

    def rows(self) -> list[Row]:
        """Every field either contact has a value for (both empty: nothing to show)."""
        return [
            Row(
                key=key,
                label=label,
                left=shown(self.left, key),
                right=shown(self.right, key),
                field=self[key] if key in self.fields else None,
            )
            for key, label, _ in GROUPS
            if key in self.fields or shown(self.left, key)
        ]

    def survivor_and_duplicate(self) -> tuple[Contact, Contact]:
        if self.cleaned_data["keep"] == LEFT:
            return self.left, self.right
        return self.right, self.left

    def merge_fields(self) -> dict[str, Any]:
        """The survivor's values afterwards, for contacts_merge."""
        fields: dict[str, Any] = {}
        for key, _, attrs in GROUPS:
            if key not in self.differing:
                continue
            choice = self.cleaned_data[key]
            source = self.left if choice in (LEFT, BOTH) else self.right
            if choice == BOTH:
                other = getattr(self.right, key)
                fields[key] = f"{getattr(self.left, key).rstrip()}\n\n{other.lstrip()}"
            elif key == "photo":
                fields["photo"] = source.photo.name
            elif key == "introduced_by":
                fields["introduced_by"] = source.introduced_by
            else:
                fields.update({attr: getattr(source, attr) for attr in attrs})
        return fields
