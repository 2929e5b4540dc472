import zoneinfo
from datetime import time

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models

# Names zoneinfo lists that are not a place: "localtime" is whatever the server is set to and
# "Factory" is a placeholder zone; a person's day must not depend on either.
_NOT_A_PLACE = frozenset({"localtime", "Factory", "posixrules"})


def validate_time_zone(value: str) -> None:
    if value in _NOT_A_PLACE or value not in zoneinfo.available_timezones():
        raise ValidationError(
            "“%(value)s” is not a time zone we know. Use an IANA name such as Europe/Paris.",
            params={"value": value},
        )


class DigestFrequency(models.TextChoices):
    DAILY = "daily", "Every day"
    WEEKLY = "weekly", "Once a week"
    OFF = "off", "Never"


class Weekday(models.IntegerChoices):
    # datetime.date.weekday() numbering, so a period's day compares without translation.
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class User(AbstractUser):
    """A person keeping their own network. Every row they own points here through `owner`."""

    display_name = models.CharField(max_length=150, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    # Each person met at an event gets a follow-up this many days after it ends.
    after_event_follow_up_days = models.PositiveSmallIntegerField(
        "follow up after an event",
        default=2,
        validators=[MaxValueValidator(60)],
        help_text="Days after an event ends to follow up with each person you met there.",
    )

    # The email digest (reminders.digests): how often, on which day for a weekly one, and at
    # what time of the user's own day it goes out.
    digest_frequency = models.CharField(
        max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.DAILY
    )
    digest_weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, default=Weekday.MONDAY
    )
    digest_time = models.TimeField(default=time(8, 0))
    digest_skip_empty = models.BooleanField(
        default=True, help_text="No email on a day with nothing to follow up."
    )
    # When the "Send me a test digest" button last queued one: it sends one a minute at most.
    test_digest_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "accounts_user"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest_weekday__lte=6), name="user_digest_weekday_is_a_day"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class ApiToken(models.Model):
    """A key a script uses to call the REST API as its owner.

    Only a SHA-256 digest of the key is stored: the key is shown once, when it is created, and a
    copy of the database is not a set of working keys. A plain digest (no salt, no slow hash) is
    enough because the key is 256 random bits, not a password a person chose.
    """

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What uses it, e.g. “backup script”.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the key, so a person can tell their keys apart in the list.
    hint = models.CharField(max_length=16, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class CalendarFeed(models.Model):
    """The secret in a user's private calendar feed URL: whoever has the URL reads the feed.

    Kept in clear, unlike an API key, because the settings page shows the URL again whenever the
    user needs to paste it into another calendar; it grants reading reminders and events only.
    Regenerating replaces the row, so the old URL stops working at once.
    """

    owner = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.owner}"
