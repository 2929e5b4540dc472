"""A digest's email: the content of reminders.digests.content, put into words and links.

The same context renders the email (templates/reminders/email/digest_*) and the preview page,
so what the user previews is what they get.
"""

from dataclasses import dataclass
from datetime import date
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.emails import email_build
from accounts.models import DigestFrequency, User
from reminders.digests import links
from reminders.digests.content import DigestContent
from reminders.models import Reminder

TEMPLATE = "reminders/email/digest"


@dataclass(frozen=True)
class ReminderLine:
    reminder: Reminder
    about: str
    url: str
    when: str
    done_url: str
    snooze_url: str


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _day(day: date) -> str:
    return date_format(day, "l j F")


def _when(reminder: Reminder, today: date) -> str:
    days = (today - reminder.day).days
    at = f" at {reminder.due_time:%H:%M}" if reminder.due_time else ""
    if days > 0:
        return f"{_plural(days, 'day')} overdue ({_day(reminder.day)})"
    if days == 0:
        return f"today{at}"
    return f"{_day(reminder.day)}{at}"


def _about(reminder: Reminder) -> tuple[str, str]:
    """Who or what the reminder is about, and the absolute link to its page."""
    for target in (reminder.contact, reminder.event, reminder.organization):
        if target is not None:
            return str(target), _absolute(target.get_absolute_url())
    return "", _absolute(reverse("home"))


def _action_url(reminder: Reminder, action: links.Action) -> str:
    token = links.action_token(user_id=reminder.owner_id, reminder_id=reminder.pk, action=action)
    return _absolute(reverse("digests:reminder_action", args=[token]))


def _line(reminder: Reminder, today: date) -> ReminderLine:
    about, url = _about(reminder)
    return ReminderLine(
        reminder=reminder,
        about=about,
        url=url,
        when=_when(reminder, today),
        done_url=_action_url(reminder, links.Action.DONE),
        snooze_url=_action_url(reminder, links.Action.SNOOZE),
    )


def digest_summary(content: DigestContent) -> str:
    """The subject's words: what needs doing first."""
    parts = []
    if content.due_today:
        parts.append(f"{_plural(len(content.due_today), 'follow-up')} today")
    if content.overdue_count:
        parts.append(f"{content.overdue_count} overdue")
    if not parts and content.this_week:
        parts.append(f"{_plural(len(content.this_week), 'follow-up')} this week")
    if content.birthdays:
        parts.append(_plural(len(content.birthdays), "birthday"))
    if content.cooling:
        parts.append(f"{_plural(len(content.cooling), 'relationship')} cooling")
    if not parts and content.events:
        parts.append(f"{_plural(len(content.events), 'event')} this week")
    return ", ".join(parts) if parts else "nothing due"


def digest_schedule_phrase(user: User) -> str:
    at = f"{user.digest_time:%H:%M} ({user.time_zone})"
    if user.digest_frequency == DigestFrequency.WEEKLY:
        return f"every {user.get_digest_weekday_display()} at {at}"
    return f"every day at {at}"


def digest_context(content: DigestContent, *, test: bool = False) -> dict:
    user = content.user
    today = content.today

    return {
        "user": user,
        "content": content,
        "test": test,
        "summary": digest_summary(content),
        "today_label": _day(today),
        "overdue": [_line(r, today) for r in content.overdue],
        "overdue_hidden": content.overdue_count - len(content.overdue),
        "due_today": [_line(r, today) for r in content.due_today],
        "this_week": [_line(r, today) for r in content.this_week],
        "cooling": [
            {
                "health": cooling.health,
                "reason": cooling.reason,
                "url": _absolute(cooling.health.contact.get_absolute_url()),
            }
            for cooling in content.cooling
        ],
        "birthdays": [
            {
                "birthday": birthday,
                "day": _day(birthday.on),
                "url": _absolute(birthday.contact.get_absolute_url()),
                "line": _line(birthday.reminder, today) if birthday.reminder else None,
            }
            for birthday in content.birthdays
        ],
        "events": [
            {"event": event, "url": _absolute(event.get_absolute_url())} for event in content.events
        ],
        "nudge": content.nudge,
        "nudge_url": (_absolute(content.nudge.contact.get_absolute_url()) if content.nudge else ""),
        "dashboard_url": _absolute(reverse("home")),
        "settings_url": _absolute(reverse("accounts:profile")),
        "unsubscribe_url": digest_unsubscribe_url(user),
        "schedule": digest_schedule_phrase(user),
    }


def digest_unsubscribe_url(user: User) -> str:
    token = links.unsubscribe_token(user_id=user.pk)
    return _absolute(reverse("digests:unsubscribe", args=[token]))


def digest_message_id(digest_id: int) -> str:
    """The same Message-ID every time a period's digest is built: if a send is ever repeated
    (a worker lost between the server's "accepted" and our "sent"), mail clients that
    recognise duplicates show it once."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<digest-{digest_id}@{domain}>"


def digest_email(
    *,
    content: DigestContent,
    message_id: str | None = None,
    test: bool = False,
    connection=None,
) -> EmailMultiAlternatives:
    user = content.user
    context = digest_context(content, test=test)
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    headers = {
        # RFC 8058: a mail client may offer its own unsubscribe button, which POSTs
        # "List-Unsubscribe=One-Click" to this address, without cookies or a login.
        "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        # RFC 3834: no out-of-office replies to a machine.
        "Auto-Submitted": "auto-generated",
        "Message-ID": message_id or make_msgid("digest", domain=domain),
    }
    # Dates and times in the email are the user's, whichever zone the worker runs in.
    with timezone.override(user.zone):
        return email_build(
            template=TEMPLATE,
            context=context,
            to=user.email,
            headers=headers,
            connection=connection,
        )


def digest_preview_html(content: DigestContent) -> str:
    """The HTML part as the email has it, for the preview page's frame. Its links open in the
    whole window (`preview` adds a <base target="_top">), not inside the frame."""
    context = {"site_url": settings.SITE_URL, **digest_context(content), "preview": True}
    with timezone.override(content.user.zone):
        return render_to_string(f"{TEMPLATE}_body.html", context)
