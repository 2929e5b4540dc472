"""What happened between the user and the people they know: interactions and events.

Writes go through interactions.services; the health score is computed by interactions.health
(a pure module) and stored on the contact by interactions.services.health.
"""

from django.conf import settings
from django.db import models

from config.reversing import reverse_pk
from contacts.models import Contact, Organization, OwnedModel


class InteractionKind(models.TextChoices):
    COFFEE = "coffee", "Coffee / meeting"
    CALL = "call", "Call"
    VIDEO_CALL = "video", "Video call"
    EMAIL = "email", "Email"
    MESSAGE = "message", "Message"
    SOCIAL = "social", "Social media"
    MET_AT_EVENT = "event", "Met at an event"
    INTRODUCTION = "introduction", "Introduction"
    INFORMATIONAL = "informational", "Informational interview"
    MENTORING = "mentoring", "Mentoring session"
    HELP_GIVEN = "help_given", "Help given"
    HELP_RECEIVED = "help_received", "Help received"
    OTHER = "other", "Other"


# Read per row of a list: get_kind_display() would build the choices' dictionary every time.
KIND_LABELS = dict(InteractionKind.choices)
# The Bootstrap icon each kind is drawn with, on the timelines and the dashboard.
KIND_ICONS = {
    InteractionKind.COFFEE: "bi-cup-hot",
    InteractionKind.CALL: "bi-telephone",
    InteractionKind.VIDEO_CALL: "bi-camera-video",
    InteractionKind.EMAIL: "bi-envelope",
    InteractionKind.MESSAGE: "bi-chat-dots",
    InteractionKind.SOCIAL: "bi-at",
    InteractionKind.MET_AT_EVENT: "bi-calendar-event",
    InteractionKind.INTRODUCTION: "bi-people",
    InteractionKind.INFORMATIONAL: "bi-lightbulb",
    InteractionKind.MENTORING: "bi-mortarboard",
    InteractionKind.HELP_GIVEN: "bi-gift",
    InteractionKind.HELP_RECEIVED: "bi-hand-thumbs-up",
}


class Initiator(models.TextChoices):
    ME = "me", "I reached out"
    THEM = "them", "They reached out"
    MUTUAL = "mutual", "Mutual"


class ValueExchange(models.TextChoices):
    NONE = "", "Neither"
    GAVE = "gave", "I gave value"
    RECEIVED = "received", "I received value"


class EventKind(models.TextChoices):
    CONFERENCE = "conference", "Conference"
    TRADE_SHOW = "trade_show", "Trade show"
    MEETUP = "meetup", "Meetup"
    WORKSHOP = "workshop", "Workshop / seminar"
    WEBINAR = "webinar", "Webinar"
    ASSOCIATION = "association", "Association meeting"
    VOLUNTEERING = "volunteering", "Volunteering"
    SOCIAL = "social", "Social"


class EventRole(models.TextChoices):
    ATTENDEE = "attendee", "Attendee"
    SPEAKER = "speaker", "Speaker"
    ORGANIZER = "organizer", "Organizer"
    VOLUNTEER = "volunteer", "Volunteer"


class Event(OwnedModel):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.MEETUP)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    online_url = models.URLField(max_length=500, blank=True)
    host_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    my_role = models.CharField(max_length=20, choices=EventRole.choices, default=EventRole.ATTENDEE)
    goals = models.TextField(blank=True, help_text="What I want from it. Markdown.")
    notes = models.TextField(blank=True, help_text="Markdown.")
    # The UID of the calendar entry it was imported from: importing the same file twice must
    # not create the event twice.
    ical_uid = models.CharField(max_length=255, blank=True, editable=False)
    people_met = models.ManyToManyField(
        Contact, through="EventAttendance", related_name="events_attended", blank=True
    )

    class Meta:
        ordering = ["-starts_at", "pk"]
        indexes = [models.Index(fields=["owner", "-starts_at"], name="event_owner_start_idx")]
        constraints = [
            models.UniqueConstraint(
                "owner",
                "ical_uid",
                condition=~models.Q(ical_uid=""),
                name="event_ical_uid_unique_per_owner",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse_pk("interactions:event_detail", self.pk)


class EventAttendance(OwnedModel):
    """A person the user met (or went with) at an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="attendances")
    note = models.CharField(max_length=300, blank=True, help_text="What we talked about.")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint("event", "contact", name="attendance_once_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.contact} at {self.event}"


class Interaction(OwnedModel):
    # When it happened (UTC in the database, entered and shown in the user's zone). Health always
    # counts from this, never from created_at: a coffee logged three days late is three days old.
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=InteractionKind.choices)
    initiated_by = models.CharField(
        max_length=10, choices=Initiator.choices, default=Initiator.MUTUAL
    )
    participants = models.ManyToManyField(
        Contact, through="Participation", related_name="interactions"
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="interactions"
    )
    summary = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True, help_text="Markdown.")
    quality = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How good it was, 1 (poor) to 5 (great)."
    )
    value = models.CharField(
        max_length=10, choices=ValueExchange.choices, blank=True, default=ValueExchange.NONE
    )
    # What an imported interaction was made from ("linkedin-message:<conversation>:<day>"):
    # importing the same messages again must not log them twice.
    import_key = models.CharField(max_length=255, blank=True, editable=False)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            # One user's latest interactions (timelines, recent activity), and with `value` in
            # the key, the dashboard's charts as an index-only scan of one period.
            models.Index(
                fields=["owner", "-occurred_at", "value"], name="interaction_owner_when_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quality__isnull=True) | models.Q(quality__gte=1, quality__lte=5),
                name="interaction_quality_1_to_5",
            ),
            models.UniqueConstraint(
                "owner",
                "import_key",
                condition=~models.Q(import_key=""),
                name="interaction_import_key_unique_per_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.summary or self.kind_label

    def get_absolute_url(self) -> str:
        return reverse_pk("interactions:interaction_detail", self.pk)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def icon(self) -> str:
        return KIND_ICONS.get(self.kind, "bi-three-dots")


class Participation(OwnedModel):
    """A contact taking part in an interaction; one row per person, so group meetings work.

    `occurred_at` and `kind` repeat the interaction's so that the health recompute aggregates
    one table per owner (last contact, counts per channel and initiator) without a join.
    """

    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="participations"
    )
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="participations")
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=InteractionKind.choices)
    initiated_by = models.CharField(max_length=10, choices=Initiator.choices)
    value = models.CharField(max_length=10, choices=ValueExchange.choices, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(
                fields=["owner", "contact", "-occurred_at"], name="participation_health_idx"
            ),
            models.Index(fields=["contact", "-occurred_at"], name="participation_timeline_idx"),
        ]
        constraints = [
            models.UniqueConstraint("interaction", "contact", name="participation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.contact} in {self.interaction}"


class ActivityDay(OwnedModel):
    """How many interactions the owner logged on one day of their calendar, and how many gave or
    received value: the dashboard's activity charts read a year of these (at most 366 rows)
    instead of counting a year of interactions (75,000 in the benchmark) on every visit.

    Derived, never edited: interactions.services.activity recounts the days an interaction
    write touches (in the same transaction), rebuilds a user's days after a bulk write (restore,
    demo, a new time zone), and the nightly rebuild sets right anything a write path missed. A
    day without interactions has no row.
    """

    # No index of its own: activity_day_once leads with the owner. With both, the charts' plan,
    # made for any owner and any day (config.raw_reads.plan_once), took the owner's index and
    # read every day the owner ever had, six years of them in the benchmark, to chart one.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField(help_text="A day of the owner's calendar (their time zone).")
    interactions = models.PositiveIntegerField()
    gave = models.PositiveIntegerField()
    received = models.PositiveIntegerField()

    class Meta:
        ordering = ["-day"]
        constraints = [
            # Also the index the charts read: one user's days, by date.
            models.UniqueConstraint(fields=["owner", "day"], name="activity_day_once"),
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.interactions} interactions"


class NetworkCount(OwnedModel):
    """One figure of the shape of the owner's network: active contacts of a tier, active
    contacts of a health band, archived contacts, organizations. The dashboard's summary and
    charts read these few rows instead of counting 10,000 contacts and their health on every
    visit (2 ms of the page, in bench/dashboard.py).

    Derived, never edited: interactions.services.network counts them again from the contacts and
    their health in the transaction of every write that can move them (a new, archived, deleted
    or merged contact, a new tier, an organization added or removed, an import, a restore, a
    health recompute), and the nightly recompute of everyone counts every user again, which sets
    right anything a write path missed. A user never counted has no rows: the dashboard counts
    live then.
    """

    class Part(models.TextChoices):
        TIER = "tier"
        BAND = "band"
        ARCHIVED = "archived"
        ORGANIZATIONS = "organizations"

    part = models.CharField(max_length=16, choices=Part.choices)
    # The tier or band counted ("" for the archived and the organizations).
    key = models.CharField(max_length=16, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # Also the index the dashboard reads: one user's rows.
            models.UniqueConstraint(fields=["owner", "part", "key"], name="network_count_once"),
        ]

    def __str__(self) -> str:
        return f"{self.part} {self.key}: {self.count}" if self.key else f"{self.part}: {self.count}"


class HealthBand(models.TextChoices):
    THRIVING = "thriving", "Thriving"
    HEALTHY = "healthy", "Healthy"
    COOLING = "cooling", "Cooling"
    AT_RISK = "at_risk", "At risk"
    DORMANT = "dormant", "Dormant"


BAND_LABELS = dict(HealthBand.choices)
# The Bootstrap colour of each band's badge (static/js/dashboard-charts.js draws the same ones).
BAND_STYLES = {
    HealthBand.THRIVING: "text-bg-success",
    HealthBand.HEALTHY: "text-bg-primary",
    HealthBand.COOLING: "text-bg-warning",
    HealthBand.AT_RISK: "text-bg-danger",
    HealthBand.DORMANT: "text-bg-secondary",
}


class ContactHealth(OwnedModel):
    """The stored health of one contact: what lists and the dashboard read, never recompute.

    One row per contact, rewritten by the recompute (after an interaction changes, and nightly for
    everyone, since silence lowers the score with no write at all). Besides the score it keeps
    the facts the score was computed from, so the contact page explains it (interactions.health
    turns the same facts into the components and the one-line reason) without reading any
    interaction.
    """

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="health")
    score = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=10, choices=HealthBand.choices)
    # The band before the last change, and when it changed: "moved to cooling this week".
    previous_band = models.CharField(max_length=10, choices=HealthBand.choices, blank=True)
    band_changed_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField()
    # The gap to full health weighted by the contact's closeness (interactions.attention): the
    # dashboard's Needs attention order, stored so that the card reads the first rows of an
    # index. Written with the score, and again when the tier changes.
    attention = models.PositiveSmallIntegerField(default=0)

    # The facts (interactions.health.HealthFacts) as of computed_at; counts cover the 365 days
    # before it, except `total`.
    cadence_days = models.PositiveIntegerField()
    first_interaction_at = models.DateTimeField(null=True, blank=True)
    last_interaction_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    recent = models.PositiveIntegerField(default=0)
    by_me = models.PositiveIntegerField(default=0)
    by_them = models.PositiveIntegerField(default=0)
    mutual = models.PositiveIntegerField(default=0)
    in_person = models.PositiveIntegerField(default=0)
    voice = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(default=0)
    gave = models.PositiveIntegerField(default=0)
    received = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["owner", "score"], name="health_owner_score_idx"),
            models.Index(fields=["owner", "band"], name="health_owner_band_idx"),
            # The dashboard's "dropped this week": one user's recent band changes, latest first
            # (the id settles the many a night's recompute stamps alike, so no sort is left to
            # do); partial, since a band that never changed has no date.
            models.Index(
                fields=["owner", "band_changed_at", "id"],
                condition=models.Q(band_changed_at__isnull=False),
                name="health_owner_band_changed_idx",
            ),
            # Needs attention, in the card's order; partial: only those past the threshold
            # (interactions.attention.ATTENTION_THRESHOLD, 100), a minority of a healthy network.
            models.Index(
                fields=["owner", "-attention", "score", "id"],
                condition=models.Q(attention__gt=100),
                name="health_owner_attention_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact}: {self.score} ({self.band_label})"

    @property
    def band_label(self) -> str:
        return BAND_LABELS.get(self.band, self.band)

    @property
    def band_style(self) -> str:
        return BAND_STYLES.get(self.band, "text-bg-secondary")


class HealthSnapshot(OwnedModel):
    """The score at the start of each week, so the contact page can draw a trend."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="health_history")
    week = models.DateField(help_text="The Monday the week starts on.")
    score = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=10, choices=HealthBand.choices)

    class Meta:
        ordering = ["week"]
        constraints = [
            models.UniqueConstraint("contact", "week", name="health_snapshot_once_a_week"),
        ]

    def __str__(self) -> str:
        return f"{self.contact} week of {self.week}: {self.score}"


class ImportKind(models.TextChoices):
    ICS = "ics", "Calendar file (.ics)"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportJob(OwnedModel):
    """One uploaded file being imported in the background, and the summary of what it did.

    The file was read and validated in the request; the Celery task applies it in one transaction
    and writes its counts here, which the status page polls. The file's text is kept only until
    the import finishes.
    """

    kind = models.CharField(max_length=10, choices=ImportKind.choices, default=ImportKind.ICS)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    filename = models.CharField(max_length=255, blank=True)
    content = models.TextField(blank=True)
    # The kind every event of this file gets: a calendar does not say what an entry is.
    event_kind = models.CharField(
        max_length=20, choices=EventKind.choices, default=EventKind.MEETUP
    )
    total = models.PositiveIntegerField(default=0, help_text="Entries in the file.")
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="Already imported.")
    recurring = models.PositiveIntegerField(
        default=0, help_text="Repeating events, imported at their first occurrence only."
    )
    # The entries not imported: [{"entry": "Team lunch (3 Dec 2026)", "message": "..."}].
    errors = models.JSONField(default=list, blank=True)
    failure = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="importjob_owner_created_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse_pk("interactions:event_import_status", self.pk)

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def not_imported(self) -> int:
        """Entries neither created nor skipped: each has a reason in `errors` (up to a limit)."""
        if self.status != ImportStatus.DONE:
            return 0
        return max(self.total - self.created - self.skipped, 0)
