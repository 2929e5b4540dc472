from django import forms
from django.core.exceptions import ValidationError

from portability.importing import parsers
from portability.importing.flow import DETECT, import_check_upload
from portability.restore import account_is_empty, restore_check_upload


class RestoreForm(forms.Form):
    file = forms.FileField(
        label="Export file",
        help_text="The .zip from “Download my data”, or the rapport.json inside it.",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.json,application/zip"}),
    )

    def __init__(self, *args, owner, **kwargs):
        self.owner = owner
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not account_is_empty(owner=self.owner):
            raise ValidationError(
                "Your account already has data. Restore into a new, empty account, so nothing "
                "is mixed up or doubled.",
                code="account_not_empty",
            )
        restore_check_upload(upload)
        return upload


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="A CSV or vCard file exported from LinkedIn, Google Contacts, Outlook or an "
        "address book.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.vcf,.txt,text/csv,text/vcard"}),
    )
    format = forms.ChoiceField(label="What it is", initial=DETECT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [
            (DETECT, "Find out from the file"),
            *parsers.FORMATS.items(),
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        import_check_upload(upload)
        return upload


class ImportChooseForm(forms.Form):
    """The format of an uploaded file (pre-selected from what detection found) and, for a CSV,
    what each column is: one select per column, with a few of its values to recognise it."""

    format = forms.ChoiceField(label="What the file is")

    def __init__(self, *args, columns: list[tuple[str, list[str]]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [("", "Choose…"), *parsers.FORMATS.items()]
        self.columns = list(columns)
        for number, (header, samples) in enumerate(self.columns):
            self.fields[f"column_{number}"] = forms.ChoiceField(
                label=header or f"Column {number + 1}",
                choices=[("", "Leave out"), *parsers.MAPPABLE_FIELDS.items()],
                required=False,
                help_text=", ".join(s for s in samples if s)[:120],
            )

    def column_fields(self):
        return [self[f"column_{number}"] for number in range(len(self.columns))]

    def mapping(self) -> dict[str, str]:
        return {
            header: self.cleaned_data[f"column_{number}"]
            for number, (header, _) in enumerate(self.columns)
            if self.cleaned_data.get(f"column_{number}")
        }

    def clean(self):
        data = super().clean()
        # Several columns may go to one field (two email columns): only none is refused.
        mapped = any(v for k, v in data.items() if k.startswith("column_"))
        if data.get("format") == "csv" and self.columns and not mapped:
            raise ValidationError("Choose what at least one column is (a name, an email…).")
        return data
