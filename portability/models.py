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


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"  # waiting for its format (or a CSV's columns) to be chosen
    PARSING = "parsing", "Reading the file"
    PREVIEWED = "previewed", "Waiting for your confirmation"
    APPLYING = "applying", "Importing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportJob(_Job):
    """A file of contacts (or LinkedIn messages) from another service: read and matched against
    the owner's contacts in a task, previewed row by row, then applied in one transaction once
    the owner confirms. The file stays in private storage until the import ends."""

    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    file = models.FileField(upload_to="imports/", blank=True)
    filename = models.CharField(max_length=255, blank=True)
    # A slug of portability.importing.parsers.FORMATS ("linkedin", "csv"...).
    format = models.CharField(max_length=30, blank=True)
    # For "csv": the file's column -> a field of parsers.MAPPABLE_FIELDS.
    mapping = models.JSONField(default=dict, blank=True)
    # Rows per status after the preview ({"new": 120, "existing": 3, ...}), then what the
    # import did: {"created": 120, "updated": 2, "skipped": 4, "created_ids": [...], ...}.
    counts = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    # Notes about the file as a whole from the parser ("2 columns were ignored").
    warnings = models.JSONField(default=list, blank=True)

    class Meta(_Job.Meta):
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="contactimport_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"Import of {self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("portability:import_status", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def is_working(self) -> bool:
        return self.status in (ImportStatus.PARSING, ImportStatus.APPLYING)


class RowStatus(models.TextChoices):
    NEW = "new", "New"
    EXISTING = "existing", "Matches a contact"
    DUPLICATE = "duplicate", "Repeats an earlier row"
    ERROR = "error", "Cannot be imported"


class ImportRow(OwnedModel):
    """One row of an import's preview: who it is, and what the import will do with it.

    A table rather than a JSON list on the job: a 20,000-row file is paged through with an
    index, and writing it is one INSERT. The row's data itself is read again from the file
    when the import is applied, so what is written matches the contacts as they are then.
    """

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    # Its place in the file (0-based), the order the preview pages through.
    number = models.PositiveIntegerField()
    source = models.CharField(max_length=60)  # "line 7", "card 3", "conversation …, 3 May"
    name = models.CharField(max_length=200)
    detail = models.CharField(max_length=300, blank=True)  # an email, a company: who this is
    status = models.CharField(max_length=10, choices=RowStatus.choices)
    # The owner's contact it matches, and on what ("email", "phone", "LinkedIn", "name").
    contact = models.ForeignKey(
        "contacts.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["job", "number"]
        constraints = [
            models.UniqueConstraint("job", "number", name="importrow_once_per_place"),
        ]
        indexes = [models.Index(fields=["job", "status", "number"], name="importrow_status_idx")]

    def __str__(self) -> str:
        return f"{self.source}: {self.name} ({self.get_status_display()})"
