"""Background jobs that move a user's data out (an export zip) and back in (a restore).

Each is a row the status page polls: the Celery task claims it with a conditional UPDATE,
writes its progress as it goes, and leaves a summary (or the reasons it refused the file).
"""

from django.db import models
from django.urls import reverse

from contacts.models import OwnedModel


class JobStatus(models.TextChoices):
    PENDING = "pending", "Waiting to start"
    RUNNING = "running", "Working"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class _Job(OwnedModel):
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    # Progress: rows handled out of the total, for the progress bar.
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    failure = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def shown_processed(self) -> int:
        return self.total if self.status == JobStatus.DONE else min(self.processed, self.total)


class ExportJob(_Job):
    """One "Download my data" zip, kept in private storage until EXPORT_KEEP_HOURS pass."""

    file = models.FileField(upload_to="exports/", blank=True)
    size = models.PositiveBigIntegerField(default=0)
    # How many rows of each kind the zip holds: {"contacts": 150, ...}.
    counts = models.JSONField(default=dict, blank=True)

    class Meta(_Job.Meta):
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="exportjob_owner_created_idx")
        ]

    def __str__(self) -> str:
        return f"Export of {self.created_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("portability:export_status", args=[self.pk])


class RestoreJob(_Job):
    """An uploaded export being checked, then applied in one transaction."""

    file = models.FileField(upload_to="restores/", blank=True)
    filename = models.CharField(max_length=255, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    # Rows the file cannot restore, each {"row": "contacts #3 (id 17)", "message": "..."}:
    # with any of them, nothing is restored.
    errors = models.JSONField(default=list, blank=True)

    class Meta(_Job.Meta):
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="restorejob_owner_created_idx")
        ]

    def __str__(self) -> str:
        return f"Restore of {self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("portability:restore_status", args=[self.pk])
