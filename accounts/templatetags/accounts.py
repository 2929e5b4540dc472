import math
from datetime import timedelta

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def duration(value: timedelta) -> str:
    """A cool-off period in words, "15 minutes" or "1 hour 30 minutes", for the lockout page.
    Rounded up: telling someone to wait less than they must only locks them out again."""
    hours, minutes = divmod(math.ceil(value.total_seconds() / 60), 60)
    parts = []
    if hours:
        parts.append(ngettext("%d hour", "%d hours", hours) % hours)
    if minutes or not hours:
        parts.append(ngettext("%d minute", "%d minutes", minutes) % minutes)
    return " ".join(parts)
