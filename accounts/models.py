import zoneinfo

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

    class Meta:
        db_table = "accounts_user"

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)
