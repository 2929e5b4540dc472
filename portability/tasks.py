import logging
from datetime import timedelta

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from portability import export, restore
from portability.importing import flow, sweep
from portability.models import ExportJob, ImportJob, ImportStatus, RestoreJob

logger = logging.getLogger(__name__)

# Longer than the tasks' hard time limit: a job still "running" after this lost its worker.
LEASE = timedelta(minutes=31)
_LIMITS = {"time_limit": 30 * 60, "soft_time_limit": 28 * 60}


def _run_claimed(
    job_id: int, *, claimed: bool, model, run, fail, log: str, too_long: str, failed: str
) -> None:
    """The one shape of every data job: act only on a job this worker claimed, and leave a
    failed job saying so (the traceback goes to the log, the message to its owner)."""
    if not claimed:
        return
    job = model.objects.select_related("owner").get(pk=job_id)
    try:
        run(job=job)
    except SoftTimeLimitExceeded:
        fail(job_id=job_id, message=too_long)
    except Exception:
        logger.exception(log, job_id)
        fail(job_id=job_id, message=failed)
        raise


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True, **_LIMITS)
def build_export(job_id: int) -> None:
    """Write an export zip. Safe to run twice: a job that is done or running is left alone."""
    _run_claimed(
        job_id,
        claimed=export.export_claim(job_id=job_id, lease=LEASE),
        model=ExportJob,
        run=export.export_write,
        fail=export.export_fail,
        log="Export %s failed",
        too_long="The export took too long; try again later.",
        failed="The export failed; try again later.",
    )


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True, **_LIMITS)
def apply_restore(job_id: int) -> None:
    """Check an uploaded export, then restore it in one transaction. Safe to run twice."""
    _run_claimed(
        job_id,
        claimed=restore.restore_claim(job_id=job_id, lease=LEASE),
        model=RestoreJob,
        run=restore.restore_run,
        fail=restore.restore_fail,
        log="Restore %s failed",
        too_long="The restore took too long; nothing changed.",
        failed="The restore failed; nothing was changed.",
    )


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True, **_LIMITS)
def parse_import(job_id: int) -> None:
    """Read an uploaded contact file and match its rows, for the preview. Safe to run twice."""
    _run_claimed(
        job_id,
        claimed=flow.import_claim(job_id=job_id, status=ImportStatus.PARSING, lease=LEASE),
        model=ImportJob,
        run=flow.import_parse_run,
        fail=flow.import_fail,
        log="Reading import %s failed",
        too_long="Reading the file took too long; split the file.",
        failed="Reading the file failed; nothing was imported.",
    )


@shared_task(ignore_result=True, acks_late=True, reject_on_worker_lost=True, **_LIMITS)
def apply_import(job_id: int) -> None:
    """Apply a confirmed import in one transaction. Safe to run twice: the claim lets one in,
    and a second import of the same rows finds them all there."""
    _run_claimed(
        job_id,
        claimed=flow.import_claim(job_id=job_id, status=ImportStatus.APPLYING, lease=LEASE),
        model=ImportJob,
        run=flow.import_apply_run,
        fail=flow.import_fail,
        log="Import %s failed",
        too_long="The import took too long; nothing was changed.",
        failed="The import failed; nothing was changed.",
    )


@shared_task(ignore_result=True, time_limit=300, soft_time_limit=240)
def sweep_exports() -> None:
    """Hourly: delete export zips past EXPORT_KEEP_HOURS."""
    export.exports_sweep()


@shared_task(ignore_result=True, time_limit=300, soft_time_limit=240)
def sweep_imports() -> None:
    """Daily: delete imports past IMPORT_KEEP_DAYS, with their preview rows and files."""
    sweep.imports_sweep()
