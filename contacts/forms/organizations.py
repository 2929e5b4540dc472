"""Forms for organizations, affiliations and memberships. They validate input and offer only the
user's own organizations; the services in contacts.services.organizations do the writing, taking
`cleaned_data` as keyword arguments (the field names are the services' argument names)."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from contacts.models import MembershipRole, Organization, OrganizationKind
from contacts.widgets import AutocompleteSelect


class OrganizationForm(forms.ModelForm):
    website = forms.URLField(max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = ["name", "kind", "website", "industry", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"notes": "Markdown: **bold**, *italic*, lists and links."}


class OrganizationFilterForm(forms.Form):
    """The list's search and kind filter. A value that fails (a NUL byte, an unknown kind) is
    dropped rather than reported, so a bad link never breaks the list."""

    q = forms.CharField(required=False, max_length=200)
    kind = forms.ChoiceField(choices=OrganizationKind.choices, required=False)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _PlaceForm(forms.Form):
    """An organization (picked from the user's own, or named to create it) and the dates a
    person was there. Shared by a contact's affiliations and the user's own memberships."""

    default_kind = OrganizationKind.COMPANY

    organization = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        required=False,
        widget=AutocompleteSelect("contacts:organization_autocomplete"),
        help_text="Start typing to find one of your organizations.",
    )
    new_organization_name = forms.CharField(
        max_length=200,
        required=False,
        label="Or a new organization",
        help_text="Typing the name of one you already have links to it.",
    )
    new_organization_kind = forms.ChoiceField(
        choices=OrganizationKind.choices, required=False, label="Its kind"
    )
    start_date = forms.DateField(required=False, widget=_date_input())
    end_date = forms.DateField(required=False, widget=_date_input())
    is_current = forms.BooleanField(required=False, initial=True, label="Current")

    def __init__(self, *args, user, instance=None, **kwargs):
        if instance is not None:
            kwargs.setdefault("initial", self.initial_from(instance))
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(owner=user)
        self.fields["new_organization_kind"].initial = self.default_kind

    @staticmethod
    def initial_from(instance) -> dict:
        return {
            "organization": instance.organization_id,
            "start_date": instance.start_date,
            "end_date": instance.end_date,
            "is_current": instance.is_current,
        }

    def clean_new_organization_kind(self) -> str:
        return self.cleaned_data["new_organization_kind"] or self.default_kind

    def clean(self):
        cleaned = super().clean()
        organization = cleaned.get("organization")
        new_name = cleaned.get("new_organization_name")
        # A refused pick (not one of the user's) already carries its own error.
        if "organization" not in self.errors:
            if organization is None and not new_name:
                self.add_error(
                    "organization", "Pick an organization, or type the name of a new one."
                )
            elif organization is not None and new_name:
                self.add_error(
                    "new_organization_name",
                    "Pick an existing organization or name a new one, not both.",
                )

        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date cannot be before the start date.")
        elif end and cleaned.get("is_current") and end < timezone.localdate():
            self.add_error(
                "is_current",
                f"This ended on {date_format(end)}: untick Current, or clear the end date.",
            )
        return cleaned


class AffiliationForm(_PlaceForm):
    """A contact's role at an organization."""

    field_order = [
        "organization",
        "new_organization_name",
        "new_organization_kind",
        "role",
        "start_date",
        "end_date",
        "is_current",
    ]

    role = forms.CharField(
        max_length=150, required=False, help_text="e.g. Head of design, Treasurer, Alumna."
    )

    @staticmethod
    def initial_from(instance) -> dict:
        return {**_PlaceForm.initial_from(instance), "role": instance.role}


class MembershipForm(_PlaceForm):
    """The user's own place in an organization."""

    default_kind = OrganizationKind.ASSOCIATION
    field_order = [
        "organization",
        "new_organization_name",
        "new_organization_kind",
        "role",
        "title",
        "start_date",
        "end_date",
        "is_current",
    ]

    role = forms.ChoiceField(choices=MembershipRole.choices, initial=MembershipRole.MEMBER)
    title = forms.CharField(max_length=150, required=False, help_text="e.g. Events chair.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].label = "Since"
        self.fields["end_date"].label = "Until"

    @staticmethod
    def initial_from(instance) -> dict:
        return {
            **_PlaceForm.initial_from(instance),
            "role": instance.role,
            "title": instance.title,
        }
