"""The contact list's bulk edit: which contacts (ticked rows, or all matching the list's
filters) and what to do with them. The form only parses; contacts.services.bulk writes."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from contacts.forms.contacts import MAX_CADENCE_DAYS, ContactFilterForm
from contacts.models import RelationshipType, Tier
from contacts.services.contacts import TAG_NAME_MAX_LENGTH

# Far more rows than one page of the list shows (settings.PAGE_SIZE); a longer, forged list of
# ids is cut here rather than sent to the database. "All matching" has no limit.
MAX_TICKED = 500


class BulkAction:
    TAG = "tag"
    UNTAG = "untag"
    TIER = "tier"
    CADENCE = "cadence"
    RELATIONSHIP = "relationship"
    ARCHIVE = "archive"
    UNARCHIVE = "unarchive"
    EXPORT_CSV = "export_csv"
    EXPORT_VCARD = "export_vcard"
    MERGE = "merge"
    choices = (
        (TAG, "Add tags"),
        (UNTAG, "Remove tags"),
        (TIER, "Set closeness"),
        (CADENCE, "Set keep-in-touch cadence"),
        (RELATIONSHIP, "Set relationship"),
        (ARCHIVE, "Archive"),
        (UNARCHIVE, "Unarchive"),
        (EXPORT_CSV, "Export as CSV"),
        (EXPORT_VCARD, "Export as vCard"),
        (MERGE, "Merge the two selected"),
    )
    # Answered at once with a file: nothing changes, so nothing to confirm.
    EXPORTS = (EXPORT_CSV, EXPORT_VCARD)


class ContactBulkForm(forms.Form):
    action = forms.ChoiceField(choices=[("", "Choose an action…"), *BulkAction.choices])
    contacts = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())
    everything = forms.BooleanField(required=False, label="All contacts matching the filters")
    # The list's query string, so that "all matching" means what the user was looking at.
    filter = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    tag_names = forms.CharField(
        required=False,
        max_length=2000,
        label="Tags",
        help_text="Separate tags with commas.",
    )
    new_tier = forms.ChoiceField(
        required=False, choices=[("", "—"), *Tier.choices], label="Closeness"
    )
    new_cadence = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_CADENCE_DAYS,
        label="Every (days)",
        help_text="Blank: the closeness's default.",
    )
    new_relationship_type = forms.ChoiceField(
        required=False, choices=[("", "None"), *RelationshipType.choices], label="Relationship"
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id parses; the service keeps only the user's own (another user's id does nothing).
        raw = self.data.getlist("contacts") if hasattr(self.data, "getlist") else []
        self.fields["contacts"].choices = [(v, v) for v in raw[:MAX_TICKED] if v.isdecimal()]

    def clean_tag_names(self) -> list[str]:
        names = [" ".join(n.split()) for n in self.cleaned_data["tag_names"].split(",")]
        names = [n for n in names if n]
        if any(len(n) > TAG_NAME_MAX_LENGTH for n in names):
            raise ValidationError(f"A tag is at most {TAG_NAME_MAX_LENGTH} characters.")
        return names

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if not cleaned.get("everything") and not cleaned.get("contacts"):
            raise ValidationError("Tick the contacts to change, or choose all matching.")
        if action in (BulkAction.TAG, BulkAction.UNTAG) and not cleaned.get("tag_names"):
            self.add_error("tag_names", "Type the tags.")
        if action == BulkAction.TIER and not cleaned.get("new_tier"):
            self.add_error("new_tier", "Pick a closeness.")
        if action == BulkAction.MERGE and (
            cleaned.get("everything") or len(cleaned.get("contacts") or []) != 2
        ):
            raise ValidationError("Tick exactly two contacts to merge them.")
        return cleaned

    def filter_form(self, *, owner) -> ContactFilterForm:
        return ContactFilterForm(QueryDict(self.cleaned_data.get("filter", "")), owner=owner)
