"""The digest outbox: one row per user and period, the proof it went out once.

Imported by reminders.models, so Django sees it as part of the reminders app.
"""

from django.db import models
from django.db.models import Q

from accounts.models import DigestFrequency
from contacts.models import OwnedModel


class DigestStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not sent"
    FAILED = "failed", "Failed"


class SkipReason(models.TextChoices):
    EMPTY = "empty", "Nothing to say, and the user skips empty digests"
    LATE = "late", "Too late: the next digest says the same, on time"
    TURNED_OFF = "turned_off", "Digests turned off since it was due"
    NO_ADDRESS = "no_address", "No email address"
    INACTIVE = "inactive", "Account deactivated"


class Digest(OwnedModel):
    """One user's digest for one period (a local day, or the chosen day of a weekly digest).

    The tick creates the row when the period's send time has passed; a worker claims it with a
    conditional UPDATE (pending -> sending, with a lease) before sending, so that however many
    tasks are delivered for it, one sends it. A claim whose lease runs out (its worker died) is
    put back to pending by the tick; see reminders/digests/dispatch.py.
    """

    # The user's own calendar day this digest is for.
    period = models.DateField()
    frequency = models.CharField(
        max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.DAILY
    )
    # The instant the user's send time fell on that day, in their zone at the time.
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=DigestStatus.choices, default=DigestStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # While pending: when the tick may enqueue it (again). Set ahead on each enqueue, so that a
    # task still waiting in the queue is not sent again, and ahead by the backoff after an error.
    next_attempt_at = models.DateTimeField()
    # While sending: the claim is the worker's until then; afterwards its worker is presumed dead.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    skip_reason = models.CharField(max_length=20, choices=SkipReason.choices, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-period", "pk"]
        constraints = [
            # Exactly once per user and period: whatever the ticks and workers do, a second row
            # for the same day cannot exist.
            models.UniqueConstraint("owner", "period", name="digest_once_per_user_and_period"),
            models.CheckConstraint(
                condition=~Q(status=DigestStatus.SENDING) | Q(lease_expires_at__isnull=False),
                name="digest_sending_has_a_lease",
            ),
            models.CheckConstraint(
                condition=~Q(status=DigestStatus.SENT) | Q(sent_at__isnull=False),
                name="digest_sent_has_a_time",
            ),
        ]
        indexes = [
            # The tick's "what can be enqueued now"; partial, so the years of sent rows cost
            # nothing and the index holds only the few rows still waiting.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status=DigestStatus.PENDING),
                name="digest_pending_idx",
            ),
            # The tick's "whose claim ran out".
            models.Index(
                fields=["lease_expires_at"],
                condition=Q(status=DigestStatus.SENDING),
                name="digest_sending_lease_idx",
            ),
            # "Since the last digest", read by every digest of that user.
            models.Index(
                fields=["owner", "-sent_at"],
                condition=Q(status=DigestStatus.SENT),
                name="digest_last_sent_idx",
            ),
            # Recent failures, on the operations page.
            models.Index(
                fields=["-updated_at"],
                condition=Q(status=DigestStatus.FAILED),
                name="digest_failed_idx",
            ),
            # Forgetting old rows (dispatch.digest_forget_old).
            models.Index(fields=["period"], name="digest_period_idx"),
        ]

    def __str__(self) -> str:
        return f"Digest of {self.period} for user {self.owner_id} ({self.get_status_display()})"
