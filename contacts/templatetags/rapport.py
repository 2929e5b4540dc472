from django import template
from django.utils.safestring import mark_safe

from config.dateformats import format_date
from contacts.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    # Safe to mark: render_markdown's output has been through nh3's allowlist.
    return mark_safe(render_markdown(text))  # noqa: S308


@register.filter(expects_localtime=True)
def date_en(value, format_string: str) -> str:
    """What Django's `date` filter gives, in English, faster (config.dateformats): for the dates
    of the busiest pages."""
    if value in (None, ""):
        return ""
    return format_date(value, format_string)
