from datetime import date

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timesince import timeuntil

from config.dateformats import format_date
from reminders.models import Reminder, ReminderStatus

register = template.Library()


def _day(day: date, today: date) -> str:
    return format_date(day, "D j M" if day.year == today.year else "D j M Y")


def _at(reminder: Reminder) -> str:
    return f" at {reminder.due_time:%H:%M}" if reminder.due_time else ""


@register.simple_tag
def reminder_when(reminder: Reminder, today: date) -> SafeString:
    """When a reminder is due, as a person reads it: "Overdue · due Wed 3 Jun", "Today at
    15:00", "In 5 days · Fri 12 Jun", "Done today at 11:00" (times in the user's zone). A tag
    rather than an included partial: every reminder item draws one."""
    if reminder.is_closed:
        verb = "Done" if reminder.status == ReminderStatus.DONE else "Dismissed"
        if reminder.completed_at is None:
            return format_html("{}", verb)
        completed = timezone.localtime(reminder.completed_at)
        if completed.date() == today:
            return format_html("{} today at {}", verb, f"{completed:%H:%M}")
        return format_html("{} on {}", verb, format_date(completed, "D j M"))
    snoozed_until = reminder.snoozed_until
    if reminder.status == ReminderStatus.SNOOZED and snoozed_until and snoozed_until > today:
        return format_html(
            '<i class="bi bi-alarm" aria-hidden="true"></i> Snoozed until {}',
            format_date(snoozed_until, "D j M"),
        )
    shows_on = reminder.shows_on
    if shows_on < today:
        return format_html(
            '<span class="fw-semibold text-danger-emphasis">Overdue</span> · due {}',
            _day(shows_on, today),
        )
    if shows_on == today:
        return format_html(
            '<span class="fw-semibold text-success-emphasis">Today</span>{}', _at(reminder)
        )
    if reminder.remind_on is not None and reminder.remind_on <= today:
        return format_html(
            '<span class="fw-semibold">In {}</span> · {}',
            timeuntil(reminder.due_on, today),
            format_date(reminder.due_on, "D j M"),
        )
    return format_html("{}{}", _day(shows_on, today), _at(reminder))
