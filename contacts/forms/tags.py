from django import forms

from contacts.models import Tag


class TagForm(forms.Form):
    name = forms.CharField(
        max_length=Tag._meta.get_field("name").max_length,
        help_text="If you already have a tag with this name, the two become one.",
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        # The contact form's tag editor separates tags with commas, so one in a name would
        # split the tag in two the next time the contact is saved.
        if "," in name:
            raise forms.ValidationError("A tag name cannot contain a comma.")
        return name
