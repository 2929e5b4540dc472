from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import dateformat, timezone
from hypothesis import given
from hypothesis import strategies as st

from config.dateformats import format_date

# Every format the templates give date_en, and a few of the same characters mixed.
FORMATS = ["c", "j M, H:i", "l j F", "H:i", "D j M", "D j M Y", "Ymd", "d/m/Y H:i", "j F Y"]
ZONES = ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Pacific/Chatham"]


@given(
    # Hypothesis takes naive bounds, and makes the moments in UTC.
    moment=st.datetimes(
        min_value=datetime(1900, 1, 1),  # noqa: DTZ001
        max_value=datetime(2200, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    zone=st.sampled_from(ZONES),
    format_string=st.sampled_from(FORMATS),
)
def test_it_formats_an_aware_datetime_as_django_does(moment, zone, format_string):
    local = moment.astimezone(ZoneInfo(zone))

    assert format_date(local, format_string) == dateformat.format(local, format_string)


@given(
    day=st.dates(min_value=date(1, 1, 1)),
    format_string=st.sampled_from(["l j F", "D j M", "D j M Y", "Ymd", "j F Y"]),
)
def test_it_formats_a_date_as_django_does(day, format_string):
    assert format_date(day, format_string) == dateformat.format(day, format_string)


@pytest.mark.parametrize("format_string", ["N j, Y", r"j \d\e F", "P", "D j M"])
def test_a_format_it_does_not_cover_is_left_to_django(format_string):
    moment = datetime(2026, 3, 9, 0, 0, tzinfo=UTC)

    assert format_date(moment, format_string) == dateformat.format(moment, format_string)


def test_a_time_of_a_date_is_refused_as_django_refuses_it():
    with pytest.raises(TypeError):
        format_date(date(2026, 3, 9), "H:i")


def test_the_filter_shows_the_time_in_the_active_zone_as_date_does():
    moment = datetime(2026, 3, 9, 23, 30, tzinfo=UTC)
    template = Template(
        '{% load rapport %}{{ moment|date_en:"j M, H:i" }}|{{ moment|date:"j M, H:i" }}'
        "|{{ nothing|date_en:'c' }}"
    )

    with timezone.override(ZoneInfo("Europe/Paris")):
        html = template.render(Context({"moment": moment, "nothing": None}))

    assert html == "10 Mar, 00:30|10 Mar, 00:30|"
