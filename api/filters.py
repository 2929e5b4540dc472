"""Filters the list endpoints share. Values are bounded so that no query string reaches the
database as something it refuses (a NUL byte, an id past 64 bits)."""

import django_filters
from django import forms
from django.db import models

from interactions.services.events import EARLIEST_YEAR, LATEST_YEAR

MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """One of the owner's ids. Another user's id simply matches nothing of the owner's."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class SearchFilter(django_filters.CharFilter):
    """Free text; Django's CharField already refuses a NUL byte with a 400."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)


class _BoundedIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    def clean(self, value):
        moment = super().clean(value)
        if moment is not None and not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            raise forms.ValidationError(f"Give a date between {EARLIEST_YEAR} and {LATEST_YEAR}.")
        return moment


class MomentFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 date and time (`2026-03-01T09:00:00Z`), within the years events may have."""

    field_class = _BoundedIsoDateTimeField


class _StrictBooleanField(forms.NullBooleanField):
    """`true` or `false` (also `1` / `0`), or empty for no filter; anything else is a 400."""

    widget = forms.TextInput
    VALUES = {"true": True, "1": True, "false": False, "0": False, "": None}

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        return self.VALUES.get(str(value).strip().lower(), value)

    def validate(self, value):
        if value not in (True, False, None):
            raise forms.ValidationError("Use true or false.")


class BooleanFilter(django_filters.BooleanFilter):
    field_class = _StrictBooleanField


class OwnedFilterSet(django_filters.FilterSet):
    """The queryset it narrows is already the owner's (OwnedViewSet.get_queryset)."""

    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": BooleanFilter},
    }
