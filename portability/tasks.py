import logging
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from portability import export, restore
from portability.models import ExportJob, RestoreJob

logger = logging.getLogger(__name__)

# Longer than the tasks' hard time limit: a job still "running" after this lost its worker.
LEASE = timedelta(minutes=31)
_LIMITS = {"time_limit": 30 * 60, "soft_time_limit": 28 * 60}


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True, **_LIMITS)
def build_export(job_id: int) -> None:
    """Write an export zip. Safe to run twice: a job that is done or running is left alone."""
    if not export.export_claim(job_id=job_id, lease=LEASE):
        return
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    try:
        export.export_write(job=job)
    except SoftTimeLimitExceeded:
        export.export_fail(job_id=job_id, message="The export took too long; try again later.")
    except Exception:
        logger.exception("Export %s failed", job_id)
        export.export_fail(job_id=job_id, message="The export failed; try again later.")
        raise


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True, **_LIMITS)
def apply_restore(job_id: int) -> None:
    """Check an uploaded export, then restore it in one transaction. Safe to run twice."""
    if not restore.restore_claim(job_id=job_id, lease=LEASE):
        return
    job = RestoreJob.objects.select_related("owner").get(pk=job_id)
    try:
        restore.restore_run(job=job)
    except SoftTimeLimitExceeded:
        restore.restore_fail(job_id=job_id, message="The restore took too long; nothing changed.")
    except Exception:
        logger.exception("Restore %s failed", job_id)
        restore.restore_fail(job_id=job_id, message="The restore failed; nothing was changed.")
        raise


@shared_task(ignore_result=True, time_limit=300, soft_time_limit=240)
def sweep_exports() -> None:
    """Hourly: delete export zips past EXPORT_KEEP_HOURS."""
    export.exports_sweep()
