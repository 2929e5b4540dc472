from django import forms
from django.core.exceptions import ValidationError

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
