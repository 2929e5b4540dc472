"""The "done" and "snooze a week" links of a digest: a confirmation page, then the change.

The link works without a login: its signed token names the user, their reminder and the action
(links.py), and expires. GET only shows what the button will do, so the mail scanners that open
every link in an email change nothing; the button POSTs (with a CSRF token, like any form here).
The reminder is looked up among the token's user's own, so a token can never reach another
user's reminder.
"""

from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import User
from reminders import services
from reminders.digests import links
from reminders.selectors import get_reminder_for_user

SNOOZE_FOR = timedelta(days=7)


def _bad_link(request, *, status: int, reason: str = ""):
    return render(request, "reminders/digest_link_invalid.html", {"reason": reason}, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
def reminder_action(request, token: str):
    try:
        link = links.action_read(token)
    except signing.SignatureExpired:
        days = links.ACTION_MAX_AGE.days
        return _bad_link(
            request,
            status=410,
            reason=f"This link has expired: the links in a digest work for {days} days. "
            "Open Rapport to do it there.",
        )
    except links.BadLink:
        return _bad_link(request, status=400)
    user = User.objects.filter(pk=link.user_id, is_active=True).first()
    if user is None:
        return _bad_link(request, status=404)
    reminder = get_reminder_for_user(user, link.reminder_id)
    today = timezone.now().astimezone(user.zone).date()
    context = {
        "reminder": reminder,
        "action": link.action,
        "snooze_until": today + SNOOZE_FOR,
    }
    if request.method == "POST" and reminder.is_pending:
        try:
            if link.action == links.Action.DONE:
                services.reminder_complete(reminder=reminder)
            else:
                services.reminder_snooze(reminder=reminder, until=today + SNOOZE_FOR)
        except ValueError:
            # Closed meanwhile (another click, another device): the page says what it is now.
            reminder.refresh_from_db()
        else:
            reminder.refresh_from_db()
            return render(request, "reminders/digest_action_done.html", context)
    return render(request, "reminders/digest_action_confirm.html", context)
