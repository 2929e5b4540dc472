from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from config.dateformats import format_date
from config.reversing import reverse_pk
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


@register.simple_tag
def contact_avatar(contact, large: bool = False) -> SafeString:
    """A contact's photo, or their initials; `large` for the profile header. The ?v= changes
    with every save, so the browser's private copy of the photo is never stale. A tag rather
    than an included partial: lists draw one a row, and an include cost five times as much."""
    if contact.photo:
        source = reverse_pk("contacts:contact_photo", contact.pk)
        version = int(contact.updated_at.timestamp())
        if large:
            return format_html(
                '<img class="avatar avatar-lg" src="{}?v={}" alt="Photo of {}">',
                source,
                version,
                contact.display_name,
            )
        return format_html(
            '<img class="avatar" src="{}?v={}" alt="" loading="lazy">', source, version
        )
    return format_html(
        '<span class="avatar avatar-initials{}" aria-hidden="true">{}</span>',
        " avatar-lg fs-2" if large else "",
        contact.initials,
    )
