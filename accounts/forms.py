import functools
import logging
import zoneinfo
from collections import defaultdict

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import UserCreationForm

from accounts.emails import email_build
from accounts.models import User, validate_time_zone

logger = logging.getLogger(__name__)

# The continents and oceans of the IANA database. Names outside them ("US/Eastern", "EST5EDT",
# "Etc/GMT+5") are old aliases: still accepted when typed or already stored, but not offered.
_REGIONS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)


@functools.cache
def time_zone_choices() -> tuple:
    """UTC, then every regional zone grouped by region, each labelled by its city."""
    groups = defaultdict(list)
    for name in sorted(zoneinfo.available_timezones()):
        region, _, place = name.partition("/")
        if region in _REGIONS and place:
            groups[region].append((name, place.replace("_", " ").replace("/", " / ")))
    return (("UTC", "UTC"), *((region, tuple(groups[region])) for region in sorted(groups)))


@functools.cache
def _offered_time_zones() -> frozenset:
    offered = set()
    for value, label in time_zone_choices():
        if isinstance(label, tuple):
            offered.update(name for name, _ in label)
        else:
            offered.add(value)
    return frozenset(offered)


class TimeZoneField(forms.ChoiceField):
    """A select of IANA time zones. Validity is decided by `validate_time_zone`, not by the list
    on offer, so a browser-detected alias such as Asia/Calcutta is as good as Asia/Kolkata."""

    default_validators = [validate_time_zone]

    def __init__(self, **kwargs):
        super().__init__(choices=time_zone_choices, **kwargs)

    def validate(self, value):
        # Only the "required" check: the validator gives the useful message for unknown names.
        forms.Field.validate(self, value)

    def offer(self, name: str) -> None:
        """Make sure `name` is an option, so a stored alias is shown selected and kept on save
        instead of the select silently falling back to its first option."""
        if name and name not in _offered_time_zones():
            self.choices = [(name, name), *self.choices]


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        max_length=254,
        help_text="Where password reset links and, later, your digests are sent.",
    )
    display_name = forms.CharField(
        max_length=150,
        required=False,
        help_text="How Rapport greets you. Leave it empty to use your username.",
    )
    time_zone = TimeZoneField(
        initial="UTC",
        help_text="Reminders and digests follow your own day.",
        # static/js/time-zone.js picks the browser's zone on a fresh form.
        widget=forms.Select(attrs={"data-detect-time-zone": ""}),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "display_name", "time_zone")


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        max_length=150,
        required=False,
        help_text="How Rapport greets you. Leave it empty to use your username.",
    )
    email = forms.EmailField(max_length=254, help_text="Where password reset links are sent.")
    time_zone = TimeZoneField(help_text="Reminders and digests follow your own day.")
    # Not required, so a form posted without it (an older page, a script) keeps the setting.
    after_event_follow_up_days = forms.IntegerField(
        label="Follow up after an event (days)",
        required=False,
        min_value=0,
        max_value=60,
        help_text=User._meta.get_field("after_event_follow_up_days").help_text,
    )

    def __init__(self, *args, user: User, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "display_name": user.display_name,
                "email": user.email,
                "time_zone": user.time_zone,
                "after_event_follow_up_days": user.after_event_follow_up_days,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].offer(user.time_zone)


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, with the email built like every other Rapport email."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        message = email_build(
            template="accounts/email/password_reset", context=context, to=to_email
        )
        try:
            message.send()
        except Exception:
            # As Django does: the visitor sees the same page whether or not the mail went out,
            # so that the form never tells who has an account.
            logger.exception("Failed to send password reset email to user %s", context["user"].pk)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text="What will use this key, so you know which one to revoke later.",
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )
    confirm = forms.BooleanField(
        label="I understand that my contacts, organizations, interactions, events and reminders "
        "will be deleted for good."
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.", code="wrong_password")
        return password
