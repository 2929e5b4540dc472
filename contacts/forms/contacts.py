"""The contact form (with its emails, phones and social profiles) and the list's filter form.

Forms only parse and validate; contacts.services.contacts writes. Every picker is scoped to the
owner, so a forged id of another user's row is "not a valid choice", never a leak.
"""

import calendar
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, URLValidator
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.html import format_html

from accounts.models import User
from contacts.models import (
    DEFAULT_CADENCE_DAYS,
    Contact,
    ContactEmail,
    ContactPhone,
    Organization,
    RelationshipType,
    SocialNetwork,
    SocialProfile,
    Tag,
    Tier,
)
from contacts.phones import format_phone, normalize_phone
from contacts.selectors.contacts import Archived, Sort, contact_email_owner
from contacts.services.contacts import (
    CONTACT_FIELDS,
    TAG_NAME_MAX_LENGTH,
    EmailEntry,
    PhoneEntry,
    ProfileEntry,
    display_name_from_parts,
    normalize_tag_name,
    photo_process,
)
from contacts.widgets import AutocompleteSelect, QuickSelect
from interactions.models import HealthBand

MONTH_CHOICES = [("", "Month")] + [(str(n), calendar.month_name[n]) for n in range(1, 13)]
EARLIEST_BIRTH_YEAR = 1900
MAX_TAGS_PER_CONTACT = 50
# Rows per formset: far more than anyone has, few enough that a forged TOTAL_FORMS costs nothing.
MAX_ROWS = 20
# Ten years between contacts is already "never"; the cap keeps due-date arithmetic sane.
MAX_CADENCE_DAYS = 3650


def _model_max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _cadence_help_text() -> str:
    defaults = ", ".join(
        f"{Tier(tier).label.lower()} {days}" for tier, days in DEFAULT_CADENCE_DAYS.items()
    )
    return (
        "Days between contacts before this relationship needs attention. "
        f"Leave blank for the tier's default, in days: {defaults}."
    )


def _text(model=Contact, name: str = "", **kwargs) -> forms.CharField:
    return forms.CharField(max_length=_model_max_length(model, name), required=False, **kwargs)


class ContactForm(forms.Form):
    prefix = _text(name="prefix", help_text="Dr, Prof…")
    first_name = _text(name="first_name")
    middle_name = _text(name="middle_name")
    last_name = _text(name="last_name")
    suffix = _text(name="suffix", help_text="Jr, PhD…")
    nickname = _text(name="nickname")
    display_name = _text(
        name="display_name",
        help_text="How lists show this person. Leave blank to use the name parts.",
    )
    photo = forms.FileField(
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}),
        help_text="JPEG, PNG, GIF or WebP. Location and camera data are removed.",
    )
    remove_photo = forms.BooleanField(required=False, label="Remove the current photo")
    job_title = _text(name="job_title")
    location = _text(name="location", help_text="City, country")

    birthday_day = forms.IntegerField(
        required=False, min_value=1, max_value=31, label="Day", widget=forms.NumberInput()
    )
    birthday_month = forms.TypedChoiceField(
        required=False, choices=MONTH_CHOICES, coerce=int, empty_value=None, label="Month"
    )
    birthday_year = forms.IntegerField(
        required=False,
        min_value=EARLIEST_BIRTH_YEAR,
        label="Year",
        help_text="Optional",
    )

    relationship_type = forms.ChoiceField(
        required=False,
        choices=[("", "—"), *RelationshipType.choices],
        label="Relationship",
    )
    tier = forms.ChoiceField(choices=Tier.choices, initial=Tier.NETWORK, label="Closeness")
    cadence_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_CADENCE_DAYS,
        label="Keep in touch every (days)",
        help_text=_cadence_help_text(),
    )
    introduced_by = forms.ModelChoiceField(
        queryset=Contact.objects.none(),
        required=False,
        widget=AutocompleteSelect(
            "contacts:contact_autocomplete", attrs={"placeholder": "Start typing a name"}
        ),
    )
    how_we_met = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    met_on = forms.DateField(
        required=False,
        label="When we met",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tags = forms.CharField(
        required=False,
        max_length=2000,
        help_text="Separate tags with commas.",
        widget=forms.TextInput(
            attrs={
                "data-tags-input": "",
                "data-autocomplete-url": reverse_lazy("contacts:tag_autocomplete"),
                "autocomplete": "off",
            }
        ),
    )
    notes = forms.CharField(
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown: **bold**, *italic*, lists, [links](https://example.com).",
    )

    def __init__(self, *args, owner: User, contact: Contact | None = None, **kwargs):
        if contact is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(contact)
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.contact = contact
        introducers = Contact.objects.filter(owner=owner)
        if contact is not None:
            introducers = introducers.exclude(pk=contact.pk)
        self.fields["introduced_by"].queryset = introducers
        self.fields["birthday_year"].validators.append(MaxValueValidator(timezone.localdate().year))
        if contact is None or not contact.photo:
            del self.fields["remove_photo"]

    @staticmethod
    def initial_for(contact: Contact) -> dict[str, Any]:
        initial = {name: getattr(contact, name) for name in CONTACT_FIELDS}
        initial["introduced_by"] = contact.introduced_by_id
        derived = display_name_from_parts(
            prefix=contact.prefix,
            first_name=contact.first_name,
            middle_name=contact.middle_name,
            last_name=contact.last_name,
            suffix=contact.suffix,
        )
        # A display name that merely repeats the name parts is shown blank, so that editing the
        # parts (a new last name) updates it instead of leaving a stale copy behind.
        if contact.display_name == derived:
            initial["display_name"] = ""
        initial["tags"] = ", ".join(tag.name for tag in contact.tags.all())
        return initial

    def clean_tags(self) -> list[str]:
        names: dict[str, str] = {}
        for raw in self.cleaned_data["tags"].split(","):
            name = normalize_tag_name(raw)
            if not name:
                continue
            if len(name) > TAG_NAME_MAX_LENGTH:
                raise ValidationError(
                    "“%(name)s” is too long for a tag (at most %(limit)d characters).",
                    code="tag_too_long",
                    params={"name": name, "limit": TAG_NAME_MAX_LENGTH},
                )
            names.setdefault(name.casefold(), name)
        if len(names) > MAX_TAGS_PER_CONTACT:
            raise ValidationError(
                "At most %(limit)d tags per contact.",
                code="too_many_tags",
                params={"limit": MAX_TAGS_PER_CONTACT},
            )
        return list(names.values())

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return photo_process(upload)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        name_parts = ("display_name", "first_name", "middle_name", "last_name")
        named = any(self.has_error(part) or data.get(part, "").strip() for part in name_parts)
        if not named:
            self.add_error("first_name", "Give this person a name: a first, last or display name.")
        self._clean_birthday(data)
        return data

    def _clean_birthday(self, data: dict[str, Any]) -> None:
        if any(self.has_error(f) for f in ("birthday_day", "birthday_month", "birthday_year")):
            return
        day, month, year = (
            data.get("birthday_day"),
            data.get("birthday_month"),
            data.get("birthday_year"),
        )
        if day is None and month is None:
            if year is not None:
                self.add_error("birthday_year", "A birth year needs the day and month too.")
            return
        if day is None or month is None:
            missing = "birthday_day" if day is None else "birthday_month"
            self.add_error(missing, "Give both the day and the month of the birthday.")
            return
        # Without a year, 29 February is a real birthday; with one, the year must be a leap year.
        days_in_month = calendar.monthrange(year if year is not None else 2000, month)[1]
        if day > days_in_month:
            if month == 2 and day == 29:
                message = f"{year} was not a leap year, so it had no 29 February."
            else:
                message = f"{calendar.month_name[month]} has only {days_in_month} days."
            self.add_error("birthday_day", message)

    def contact_fields(self) -> dict[str, Any]:
        """The validated values the services set on the Contact itself."""
        return {name: self.cleaned_data[name] for name in CONTACT_FIELDS}


class EmailRowForm(forms.Form):
    email = forms.EmailField(required=False, max_length=_model_max_length(ContactEmail, "email"))
    label = _text(ContactEmail, "label", widget=forms.TextInput(attrs={"placeholder": "work"}))
    # Shown only next to a duplicate: two contacts may share an address (a shared family inbox,
    # or a duplicate the user will merge later), but it should never happen by accident.
    keep_duplicate = forms.BooleanField(required=False, label="Save anyway")

    def __init__(self, *args, owner: User, contact_pk: int | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.contact_pk = contact_pk
        self.duplicate_of: Contact | None = None
        check_url = reverse("contacts:contact_email_check")
        if contact_pk is not None:
            check_url += f"?exclude={contact_pk}"
        self.fields["email"].widget.attrs.update(
            {
                "placeholder": "name@example.com",
                "hx-get": check_url,
                "hx-trigger": "change",
                "hx-target": "next .email-check",
            }
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        email = data.get("email")
        if email and not data.get("keep_duplicate"):
            other = contact_email_owner(user=self.owner, email=email, exclude_pk=self.contact_pk)
            if other is not None:
                self.duplicate_of = other
                self.add_error(
                    "email",
                    ValidationError(
                        format_html(
                            'Already used by <a href="{}">{}</a>. Tick “Save anyway” to keep '
                            "it on both contacts.",
                            other.get_absolute_url(),
                            other.display_name,
                        ),
                        code="duplicate_email",
                    ),
                )
        return data


class PhoneRowForm(forms.Form):
    number = forms.CharField(
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"type": "tel", "placeholder": "+33 6 12 34 56 78"}),
    )
    label = _text(ContactPhone, "label", widget=forms.TextInput(attrs={"placeholder": "mobile"}))

    def clean_number(self) -> str:
        number = self.cleaned_data["number"].strip()
        return normalize_phone(number) if number else ""


class WebURLField(forms.URLField):
    """A URL a browser opens as a page: http or https only (no ftp:, no javascript:)."""

    default_validators = [URLValidator(schemes=["http", "https"])]


class ProfileRowForm(forms.Form):
    network = forms.ChoiceField(choices=SocialNetwork.choices, initial=SocialNetwork.LINKEDIN)
    # "linkedin.com/in/ana" is how people copy a profile address; the scheme is added for them.
    url = WebURLField(
        required=False,
        max_length=_model_max_length(SocialProfile, "url"),
        assume_scheme="https",
        label="Address",
        widget=forms.TextInput(attrs={"placeholder": "linkedin.com/in/…", "inputmode": "url"}),
    )


class RowFormSet(forms.BaseFormSet):
    """A formset of contact details in which a row left blank or ticked "remove" is dropped."""

    key_field = ""

    def kept_rows(self) -> Iterable[dict[str, Any]]:
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", None) or {}
            if data.get(self.key_field):
                yield data

    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for data in self.kept_rows():
            key = str(data[self.key_field]).lower()
            if key in seen:
                raise ValidationError(
                    "%(value)s is listed twice.", params={"value": data[self.key_field]}
                )
            seen.add(key)


class EmailFormSet(RowFormSet):
    key_field = "email"

    def entries(self) -> list[EmailEntry]:
        return [EmailEntry(email=d["email"], label=d["label"]) for d in self.kept_rows()]


class PhoneFormSet(RowFormSet):
    key_field = "number"

    def entries(self) -> list[PhoneEntry]:
        return [PhoneEntry(number=d["number"], label=d["label"]) for d in self.kept_rows()]


class ProfileFormSet(RowFormSet):
    key_field = "url"

    def entries(self) -> list[ProfileEntry]:
        return [ProfileEntry(network=d["network"], url=d["url"]) for d in self.kept_rows()]


_ROWS = {
    "emails": (EmailRowForm, EmailFormSet, ("email", "label")),
    "phones": (PhoneRowForm, PhoneFormSet, ("number", "label")),
    "profiles": (ProfileRowForm, ProfileFormSet, ("network", "url")),
}


class ContactDetailsFormsets:
    """The emails, phones and profiles formsets of one contact form, validated together."""

    def __init__(self, data=None, *, owner: User, contact: Contact | None = None):
        self.formsets: dict[str, RowFormSet] = {}
        for prefix, (form_class, formset_class, fields) in _ROWS.items():
            initial = []
            if contact is not None:
                initial = [
                    {field: getattr(row, field) for field in fields}
                    for row in getattr(contact, prefix).all()
                ]
            if prefix == "phones":
                # Edited as people read them ("+33 6 12 34 56 78"); saved in E.164 again.
                initial = [{**row, "number": format_phone(row["number"])} for row in initial]
            factory = forms.formset_factory(
                form_class,
                formset=formset_class,
                extra=0 if initial else 1,
                can_delete=True,
                max_num=MAX_ROWS,
                validate_max=True,
                absolute_max=MAX_ROWS,
            )
            form_kwargs = {}
            if form_class is EmailRowForm:
                # Only emails are checked against the owner's other contacts.
                form_kwargs = {"owner": owner, "contact_pk": contact.pk if contact else None}
            self.formsets[prefix] = factory(
                data, initial=initial, prefix=prefix, form_kwargs=form_kwargs
            )

    @property
    def emails(self) -> EmailFormSet:
        return self.formsets["emails"]

    @property
    def phones(self) -> PhoneFormSet:
        return self.formsets["phones"]

    @property
    def profiles(self) -> ProfileFormSet:
        return self.formsets["profiles"]

    def is_valid(self) -> bool:
        # Every formset is validated (no short-circuit) so all errors show at once.
        return all([formset.is_valid() for formset in self.formsets.values()])

    def entries(self) -> dict[str, list]:
        return {prefix: formset.entries() for prefix, formset in self.formsets.items()}


class ContactFilterForm(forms.Form):
    """The list page's search and filters, read from the query string. Bad values are ignored
    field by field, so a stale or hand-edited URL still shows a list.

    The widgets carry their Bootstrap classes, so the template writes each field as it is: the
    bar is on every visit to the list, and styling eight fields with crispy_field there took a
    third as long again as rendering them."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search",
        widget=forms.SearchInput(
            attrs={
                "class": "form-control pe-5",
                "placeholder": "Name, email, organization, tag, notes…",
                "autocomplete": "off",
            }
        ),
    )
    tag = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        required=False,
        widget=AutocompleteSelect(
            "contacts:tag_autocomplete", attrs={"class": "form-select", "placeholder": "Any tag"}
        ),
    )
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        widget=AutocompleteSelect(
            "contacts:organization_autocomplete",
            attrs={"class": "form-select", "placeholder": "Any organization"},
        ),
    )
    tier = forms.ChoiceField(
        required=False,
        choices=[("", "Any closeness"), *Tier.choices],
        label="Closeness",
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    relationship_type = forms.ChoiceField(
        required=False,
        choices=[("", "Any relationship"), *RelationshipType.choices],
        label="Relationship",
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    band = forms.ChoiceField(
        required=False,
        choices=[("", "Any health"), *HealthBand.choices],
        label="Health",
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    archived = forms.ChoiceField(
        required=False,
        choices=Archived.choices,
        label="Show",
        widget=QuickSelect(attrs={"class": "form-select"}),
    )
    sort = forms.ChoiceField(
        required=False, choices=Sort.choices, widget=QuickSelect(attrs={"class": "form-select"})
    )

    def __init__(self, *args, owner: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].queryset = Tag.objects.filter(owner=owner)
        self.fields["organization"].queryset = Organization.objects.filter(owner=owner)

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for contact_list from the fields that validated."""
        self.is_valid()
        data = self.cleaned_data
        tag, organization = data.get("tag"), data.get("organization")
        return {
            "query": data.get("q", ""),
            "tag": tag.pk if tag else None,
            "organization": organization.pk if organization else None,
            "tier": data.get("tier", ""),
            "relationship_type": data.get("relationship_type", ""),
            "band": data.get("band", ""),
            "archived": data.get("archived", ""),
            "sort": data.get("sort", ""),
        }
