"""Follow-up reminders, and the rows that prove the background machinery runs.

Writes go through reminders.services, reads through reminders.selectors. Dates are the owner's
local calendar days (a reminder is due "on 3 March" wherever the server is); the services turn
them into instants with the owner's time zone when an instant is needed.
"""

from django.db import models
from django.db.models import Case, F, Q, When
from django.db.models.functions import Coalesce

from config.reversing import reverse_pk, reverse_pks
from contacts.models import Contact, Organization, OwnedModel
from interactions.models import Event, Interaction
from reminders.expressions import DaysBefore


class ReminderKind(models.TextChoices):
    FOLLOW_UP = "follow_up", "Follow up"
    KEEP_IN_TOUCH = "keep_in_touch", "Keep in touch"
    AFTER_EVENT = "after_event", "After an event"
    BIRTHDAY = "birthday", "Birthday"
    RECURRING = "recurring", "Custom recurring"


# The Bootstrap icon each kind is drawn with, wherever reminders are listed.
KIND_ICONS = {
    ReminderKind.FOLLOW_UP: "bi-reply",
    ReminderKind.KEEP_IN_TOUCH: "bi-people",
    ReminderKind.AFTER_EVENT: "bi-calendar-check",
    ReminderKind.BIRTHDAY: "bi-cake2",
    ReminderKind.RECURRING: "bi-arrow-repeat",
}


class ReminderStatus(models.TextChoices):
    OPEN = "open", "Open"
    SNOOZED = "snoozed", "Snoozed"
    DONE = "done", "Done"
    DISMISSED = "dismissed", "Dismissed"


# A reminder still waiting for the user: what lists, the dashboard and digests read.
PENDING_STATUSES = (ReminderStatus.OPEN, ReminderStatus.SNOOZED)
PENDING = Q(status__in=PENDING_STATUSES)
CLOSED_STATUSES = (ReminderStatus.DONE, ReminderStatus.DISMISSED)
# The kinds done by keeping in touch with someone: "Done and log the interaction" is offered.
LOGGABLE_KINDS = (ReminderKind.KEEP_IN_TOUCH, ReminderKind.FOLLOW_UP, ReminderKind.AFTER_EVENT)
# The day a reminder is about (Reminder.shows_on): its due day, or a later snooze day. The lists
# sort on it, and so does an index, which the SQL of the dashboard's first due matches.
SHOWS_ON = Case(When(snoozed_until__gt=F("due_on"), then=F("snoozed_until")), default=F("due_on"))


class RecurrenceUnit(models.TextChoices):
    DAYS = "days", "days"
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"
    YEARS = "years", "years"


# The one-click actions of a reminder, each an address of its own (Reminder.action_urls).
_ACTIONS = ("complete", "complete_log", "snooze", "dismiss", "reopen")
_ACTION_VIEWS = tuple(f"reminders:reminder_{action}" for action in _ACTIONS)
# The kinds whose titles are made from the contact's name ("Ben's birthday").
_TITLED_AFTER_CONTACT = (ReminderKind.KEEP_IN_TOUCH, ReminderKind.BIRTHDAY)


class Reminder(OwnedModel):
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    # The interaction being logged when this was created ("follow up in 2 weeks"); kept when
    # that interaction is deleted, since the follow-up may still be worth doing.
    interaction = models.ForeignKey(
        Interaction,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    title = models.CharField(max_length=200)
    note = models.TextField(blank=True, help_text="Markdown.")
    kind = models.CharField(
        max_length=20, choices=ReminderKind.choices, default=ReminderKind.FOLLOW_UP
    )
    status = models.CharField(
        max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.OPEN
    )
    # The owner's calendar day (and optional local time) it is due on.
    due_on = models.DateField()
    due_time = models.TimeField(null=True, blank=True)
    # While snoozed, the day it comes back; it shows up again from then on.
    snoozed_until = models.DateField(null=True, blank=True)
    # Days of notice before due_on (a birthday a week ahead leaves time to act).
    notice_days = models.PositiveSmallIntegerField(default=0)
    # Every `recur_every` `recur_unit`; both empty for a one-off. Completing a recurring
    # reminder schedules the next occurrence (python-dateutil's rrule, never date arithmetic).
    recur_every = models.PositiveSmallIntegerField(null=True, blank=True)
    recur_unit = models.CharField(max_length=10, choices=RecurrenceUnit.choices, blank=True)
    # The date a series counts from: its day of the month (and month, yearly) is kept when an
    # occurrence had to fall earlier, so "monthly from 31 January" is back on 31 March after 28
    # February, and a birthday on 29 February is on the 29th again in leap years. Empty: the
    # series counts from its due day (a row written without one is still a valid series).
    recur_anchor = models.DateField(null=True, blank=True)
    # The occurrence this one follows: undoing "done" on that one takes this one away again.
    previous_occurrence = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_occurrence"
    )
    # When it was done or dismissed (a keep-in-touch reminder counts either as being in touch).
    completed_at = models.DateTimeField(null=True, blank=True)
    # The day it shows in the user's lists: the snooze day once snoozed (kept after it wakes, so
    # that a reminder back from a snooze is "today" that day), else its due day less the notice.
    # Computed by the database, so no writer can forget it; the lists' index is on it.
    remind_on = models.GeneratedField(
        expression=Coalesce("snoozed_until", DaysBefore("due_on", "notice_days")),
        output_field=models.DateField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["due_on", "due_time", "pk"]
        indexes = [
            # What is due for one user, read by the dashboard, the reminder list and digests;
            # partial, so done and dismissed reminders (most rows, over the years) cost nothing.
            models.Index(
                fields=["owner", "remind_on"],
                condition=PENDING,
                name="reminder_pending_remind_idx",
            ),
            # The first due, in the order the lists show them: the dashboard's Today reads
            # its few rows from the start of this instead of sorting every overdue reminder.
            models.Index(
                F("owner"),
                SHOWS_ON,
                F("remind_on"),
                F("due_time"),
                F("id"),
                condition=PENDING,
                name="reminder_pending_shows_idx",
            ),
            models.Index(fields=["contact", "status"], name="reminder_contact_status_idx"),
            # The periodic tick: snoozes to wake, and pending series to move on, across users.
            models.Index(
                fields=["snoozed_until"],
                condition=Q(status=ReminderStatus.SNOOZED),
                name="reminder_snoozed_idx",
            ),
            models.Index(
                fields=["due_on"],
                condition=PENDING & ~Q(recur_unit=""),
                name="reminder_pending_series_idx",
            ),
        ]
        constraints = [
            # Every contact with a cadence has exactly one open keep-in-touch reminder: the
            # database refuses a second, whatever the code does.
            models.UniqueConstraint(
                "contact",
                condition=Q(kind=ReminderKind.KEEP_IN_TOUCH) & PENDING,
                name="reminder_one_keep_in_touch_per_contact",
            ),
            # One pending birthday reminder per contact (made from the contact's birthday; other
            # yearly dates are recurring reminders).
            models.UniqueConstraint(
                "contact",
                condition=Q(kind=ReminderKind.BIRTHDAY) & PENDING,
                name="reminder_one_birthday_per_contact",
            ),
            # One follow-up per person met at an event.
            models.UniqueConstraint(
                "event",
                "contact",
                condition=Q(kind=ReminderKind.AFTER_EVENT),
                name="reminder_one_after_event_per_person",
            ),
            models.CheckConstraint(
                condition=(Q(recur_every__isnull=True) & Q(recur_unit=""))
                | (Q(recur_every__gte=1) & ~Q(recur_unit="")),
                name="reminder_recurrence_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReminderStatus.SNOOZED) | Q(snoozed_until__isnull=False),
                name="reminder_snoozed_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse_pk("reminders:reminder_detail", self.pk)

    @property
    def action_urls(self) -> dict[str, str]:
        """The addresses of its one-click actions (templates/reminders/_reminder_item.html)."""
        return dict(zip(_ACTIONS, reverse_pks(_ACTION_VIEWS, self.pk), strict=True))

    @property
    def icon(self) -> str:
        return KIND_ICONS.get(self.kind, "bi-reply")

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def is_closed(self) -> bool:
        """Done or dismissed."""
        return self.status in CLOSED_STATUSES

    @property
    def names_contact(self) -> bool:
        """About someone whom its title does not name already: a keep-in-touch or a birthday
        reminder's title is the person's, another's says what to do (its item adds who)."""
        return self.contact_id is not None and self.kind not in _TITLED_AFTER_CONTACT

    @property
    def is_loggable(self) -> bool:
        """About someone, and done by being in touch with them: its item offers Log & done."""
        return self.contact_id is not None and self.kind in LOGGABLE_KINDS

    @property
    def shows_on(self):
        """The day it is about in the lists: the snooze day once snoozed (kept after the snooze
        wakes; a snooze only ever moves it later), else the due day. The selectors compute the
        same in SQL."""
        if self.snoozed_until and self.snoozed_until > self.due_on:
            return self.snoozed_until
        return self.due_on

    @property
    def series_anchor(self):
        """The day its series counts from (see recur_anchor)."""
        return self.recur_anchor or self.due_on


class Heartbeat(models.Model):
    """When a periodic task last ran: proof that beat schedules and a worker executes.

    A system row, not owned by any user; the operations status page reads it.
    """

    name = models.CharField(max_length=100, unique=True)
    last_seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_seen_at:%Y-%m-%d %H:%M:%S}"


# The digest outbox lives with the digest code; imported here so that it belongs to this app.
from reminders.digests.models import Digest, DigestStatus, SkipReason  # noqa: E402, F401
