from django import forms

from accounts.models import DigestFrequency, User, Weekday


class DigestPreferencesForm(forms.Form):
    digest_frequency = forms.ChoiceField(
        label="Send me a digest",
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
    )
    digest_weekday = forms.TypedChoiceField(
        label="On",
        choices=Weekday.choices,
        coerce=int,
        help_text="For a weekly digest.",
    )
    digest_time = forms.TimeField(
        label="At",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S"],
    )
    digest_skip_empty = forms.BooleanField(
        label="Skip the days with nothing to follow up",
        required=False,
    )

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "digest_frequency": user.digest_frequency,
                "digest_weekday": user.digest_weekday,
                "digest_time": user.digest_time,
                "digest_skip_empty": user.digest_skip_empty,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["digest_time"].help_text = f"Your own time ({user.time_zone})."
