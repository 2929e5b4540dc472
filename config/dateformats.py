"""Django's date formatting for the formats the busiest pages show, compiled once.

Django's `date` filter reads its format string one character at a time on every call, through a
method and, for a name, a lazy translation each: 10 to 20 µs a date, and the dashboard shows some
thirty. Rapport is in English only (USE_I18N is off), so a format made of the characters below
is turned once into plain functions that give what Django gives; any other format, and a time
format for a date without one, is left to Django (tests/test_dateformats.py compares the two).
"""

import functools
from collections.abc import Callable
from datetime import date, datetime

from django.utils import dateformat
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR

# As django.utils.dateformat.DateFormat and TimeFormat write them.
_CODES: dict[str, Callable[[date], str]] = {
    "j": lambda value: str(value.day),
    "d": lambda value: f"{value.day:02d}",
    "m": lambda value: f"{value.month:02d}",
    "D": lambda value: _names()["D"][value.weekday()],
    "l": lambda value: _names()["l"][value.weekday()],
    "M": lambda value: _names()["M"][value.month],
    "F": lambda value: _names()["F"][value.month],
    "Y": lambda value: f"{value.year:04d}",
    "H": lambda value: f"{value.hour:02d}",
    "i": lambda value: f"{value.minute:02d}",
    "c": lambda value: value.isoformat(),
}
_TIME_CODES = frozenset("Hic")


@functools.cache
def _names() -> dict[str, dict[int, str]]:
    # Read on first use, not at import: the translations need the settings.
    return {
        "D": {n: str(name) for n, name in WEEKDAYS_ABBR.items()},
        "l": {n: str(name) for n, name in WEEKDAYS.items()},
        "M": {n: str(name).title() for n, name in MONTHS_3.items()},
        "F": {n: str(name) for n, name in MONTHS.items()},
    }


@functools.cache
def _compiled(format_string: str) -> tuple[list, bool] | None:
    """The format as literal text and functions, and whether it shows a time; None for a format
    with a character Django reads that is not in _CODES (or an escape)."""
    parts = []
    for character in format_string:
        if character in _CODES:
            parts.append(_CODES[character])
        elif character.isalpha() or character == "\\":
            return None
        else:
            parts.append(character)
    return parts, bool(_TIME_CODES & set(format_string))


def format_date(value: date, format_string: str) -> str:
    """dateformat.format(value, format_string), faster for the formats _CODES covers. An aware
    datetime is shown as it is: the caller converts it to the user's zone first (as the template
    engine does for a filter that expects local time)."""
    compiled = _compiled(format_string)
    if compiled is None or (compiled[1] and not isinstance(value, datetime)):
        return dateformat.format(value, format_string)
    parts, _ = compiled
    return "".join(part if isinstance(part, str) else part(value) for part in parts)
