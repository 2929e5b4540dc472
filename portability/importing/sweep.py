"""Old imports go: a job, its preview rows and any file it still holds, IMPORT_KEEP_DAYS after
it was uploaded (the contacts it made stay, of course). Without this, every file uploaded and
never confirmed stayed in storage, and every preview kept up to 50,000 rows, for good."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portability.models import ImportJob


def imports_sweep(*, now: datetime | None = None) -> int:
    """Delete the imports uploaded more than IMPORT_KEEP_DAYS ago; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.IMPORT_KEEP_DAYS)
    old = ImportJob.objects.filter(created_at__lt=cutoff)
    files = [(job.file.storage, job.file.name) for job in old.only("pk", "file") if job.file]
    # The preview rows go with their job, in one DELETE per table (they have no signals).
    deleted = old.delete()[1].get(ImportJob._meta.label, 0)
    for storage, name in files:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    return deleted
