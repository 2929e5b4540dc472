"""The claim every export and restore job starts with."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from portability.models import JobStatus


def job_claim(model, *, job_id: int, lease: timedelta) -> bool:
    """Mark the job running for this worker; False when another worker has it. A job still
    running after `lease` lost its worker (the lease outlasts the task's hard time limit), so
    it may be claimed again. One conditional UPDATE, so two workers cannot both win."""
    now = timezone.now()
    lost = Q(status=JobStatus.RUNNING, started_at__lt=now - lease)
    startable = Q(status=JobStatus.PENDING) | lost
    claimed = model.objects.filter(startable, pk=job_id).update(
        status=JobStatus.RUNNING, started_at=now, processed=0
    )
    return claimed == 1
