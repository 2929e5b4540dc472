from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from accounts.forms import time_zone_choices
from accounts.models import validate_time_zone
from accounts.templatetags.accounts import duration


def offered() -> dict[str, str]:
    names = {}
    for value, label in time_zone_choices():
        if isinstance(label, tuple):
            names.update(label)
        else:
            names[value] = label
    return names


def test_utc_comes_first_then_regions_in_order():
    choices = time_zone_choices()

    assert choices[0] == ("UTC", "UTC")
    regions = [group for group, _ in choices[1:]]
    assert regions == sorted(regions)
    assert {"Africa", "America", "Asia", "Europe", "Pacific"} <= set(regions)


def test_each_zone_is_labelled_by_its_place():
    names = offered()

    assert names["Europe/Paris"] == "Paris"
    assert names["America/New_York"] == "New York"
    assert names["America/Argentina/Buenos_Aires"] == "Argentina / Buenos Aires"


def test_old_aliases_outside_the_regions_are_not_offered():
    names = offered()

    assert not {"US/Eastern", "EST5EDT", "Etc/GMT+5", "localtime", "Factory"} & set(names)


def test_every_offered_zone_is_valid():
    for name in offered():
        validate_time_zone(name)


@pytest.mark.parametrize("name", ["localtime", "Factory", "Europe/Atlantis", "", "UTC "])
def test_the_validator_refuses_what_is_not_a_place(name):
    with pytest.raises(ValidationError, match="is not a time zone we know"):
        validate_time_zone(name)


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(seconds=30), "1 minute"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=15), "15 minutes"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=2, minutes=1), "2 hours 1 minute"),
        (timedelta(days=1), "24 hours"),
    ],
)
def test_a_cool_off_reads_in_words(delta, words):
    assert duration(delta) == words
