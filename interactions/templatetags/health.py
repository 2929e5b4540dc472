from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def health_badge(health) -> str:
    """A contact's health band as a small badge, with the score; nothing without a stored
    health. A tag rather than an included partial: lists draw one a row, and an include cost
    five times as much."""
    if not health:
        return ""
    return format_html(
        '<span class="badge {}" title="Relationship health: {} out of 100">'
        '<i class="bi bi-heart-pulse" aria-hidden="true"></i> {} '
        '<span class="fw-normal">{}</span><span class="visually-hidden"> out of 100</span></span>',
        health.band_style,
        health.score,
        health.band_label,
        health.score,
    )
