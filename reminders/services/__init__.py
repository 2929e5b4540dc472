"""Writes to reminders, by concept; every public service is importable from here.

- reminders: one reminder at a time (create, edit, done, snooze, dismiss, reopen, delete)
- keep_in_touch, birthdays, after_event: the rules that make reminders, set-based
- contacts: what the contact services call (contacts changed, archived, merged)
- bulk: many reminders at once (the admin's actions); import it as reminders.services.bulk
- materialize: the periodic work (wake snoozes, move series on, the nightly repair)
- heartbeat: the row proving beat and a worker run

`reminders` is imported last (the alphabet agrees): it imports the interaction services, which
import the rule modules back and must find them loaded.
"""

from reminders.dates import SnoozeChoices, snooze_choices, snooze_next_week, snooze_tomorrow
from reminders.services.after_event import after_event_close, after_event_sync
from reminders.services.birthdays import BIRTHDAY_NOTICE_DAYS, birthday_sync
from reminders.services.contacts import contact_reminders_sync, new_contacts_reminders_create
from reminders.services.heartbeat import BEAT_HEARTBEAT, heartbeat_record
from reminders.services.keep_in_touch import keep_in_touch_due_on, keep_in_touch_sync
from reminders.services.materialize import (
    Materialized,
    owner_reminders_sync,
    reminders_materialize,
    reminders_repair,
)
from reminders.services.reminders import (
    follow_up_create,
    reminder_can_be_deleted,
    reminder_complete,
    reminder_create,
    reminder_delete,
    reminder_dismiss,
    reminder_reopen,
    reminder_snooze,
    reminder_update,
)

__all__ = [
    "BEAT_HEARTBEAT",
    "BIRTHDAY_NOTICE_DAYS",
    "Materialized",
    "SnoozeChoices",
    "after_event_close",
    "after_event_sync",
    "birthday_sync",
    "contact_reminders_sync",
    "follow_up_create",
    "heartbeat_record",
    "keep_in_touch_due_on",
    "keep_in_touch_sync",
    "new_contacts_reminders_create",
    "owner_reminders_sync",
    "reminder_can_be_deleted",
    "reminder_complete",
    "reminder_create",
    "reminder_delete",
    "reminder_dismiss",
    "reminder_reopen",
    "reminder_snooze",
    "reminder_update",
    "reminders_materialize",
    "reminders_repair",
    "snooze_choices",
    "snooze_next_week",
    "snooze_tomorrow",
]
