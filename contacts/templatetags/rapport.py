from django import template
from django.utils.safestring import mark_safe

from contacts.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    # Safe to mark: render_markdown's output has been through nh3's allowlist.
    return mark_safe(render_markdown(text))  # noqa: S308
