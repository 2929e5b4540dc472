import logging
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from portability import export, restore
from portability.importing import flow
from portability.models import ExportJob, ImportJob, ImportStatus, RestoreJob

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


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True, **_LIMITS)
def parse_import(job_id: int) -> None:
    """Read an uploaded contact file and match its rows, for the preview. Safe to run twice."""
    if not flow.import_claim(job_id=job_id, status=ImportStatus.PARSING, lease=LEASE):
        return
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    try:
        flow.import_parse_run(job=job)
    except SoftTimeLimitExceeded:
        flow.import_fail(job_id=job_id, message="Reading the file took too long; split the file.")
    except Exception:
        logger.exception("Reading import %s failed", job_id)
        flow.import_fail(job_id=job_id, message="Reading the file failed; nothing was imported.")
        raise


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True, **_LIMITS)
def apply_import(job_id: int) -> None:
    """Apply a confirmed import in one transaction. Safe to run twice: the claim lets one in,
    and a second import of the same rows finds them all there."""
    if not flow.import_claim(job_id=job_id, status=ImportStatus.APPLYING, lease=LEASE):
        return
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    try:
        flow.import_apply_run(job=job)
    except SoftTimeLimitExceeded:
        flow.import_fail(job_id=job_id, message="The import took too long; nothing was changed.")
    except Exception:
        logger.exception("Import %s failed", job_id)
        flow.import_fail(job_id=job_id, message="The import failed; nothing was changed.")
        raise


@shared_task(ignore_result=True, time_limit=300, soft_time_limit=240)
def sweep_exports() -> None:
    """Hourly: delete export zips past EXPORT_KEEP_HOURS."""
    export.exports_sweep()
