from celery import shared_task
from django.db import IntegrityError

from interactions.services import activity, health, ical_import

# A contact deleted while its health is being written makes the upsert break its foreign key;
# the next try reads the contacts again and leaves the deleted one out.
_HEALTH_RETRY = {"autoretry_for": (IntegrityError,), "max_retries": 3, "retry_backoff": True}


@shared_task(
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=120,
    soft_time_limit=100,
    **_HEALTH_RETRY,
)
def recompute_contact_health(contact_ids: list[int]) -> None:
    """After interactions change: recompute these contacts' health. Safe to run twice."""
    health.health_recompute(contact_ids=contact_ids)


# Ten thousand contacts take about a third of a second (bench/health_recompute.py); the limit
# leaves room for an instance with many users.
@shared_task(
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=60 * 60,
    soft_time_limit=55 * 60,
    **_HEALTH_RETRY,
)
def recompute_all_health() -> None:
    """Nightly: silence lowers a score with no write at all, so everyone's health is recomputed,
    then this week's trend point is kept (the first run of a week takes it). Safe to run twice."""
    health.health_recompute()
    health.health_snapshot_week()


@shared_task(
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=60 * 60,
    soft_time_limit=55 * 60,
)
def rebuild_activity_days() -> None:
    """Nightly, for safety: every user's day counts (the dashboard's activity charts) counted
    again from their interactions, so a write path that forgot them is set right by morning.
    Safe to run twice."""
    activity.activity_days_rebuild_all()


# ical_import.RUNNING_LEASE must stay longer than this time_limit: a job still running after
# the lease has lost its worker.
@shared_task(
    bind=True,
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=300,
    soft_time_limit=240,
    max_retries=3,
)
def import_events_from_calendar(self, job_id: int) -> None:
    """Apply an uploaded calendar file. Safe to run twice: the import is one transaction, and a
    finished job is left alone."""
    if ical_import.event_import_claim(job_id=job_id):
        ical_import.event_import_run(job_id=job_id)
    elif ical_import.event_import_is_running(job_id=job_id):
        # Delivered again while another worker holds the job (or held it and died): look again
        # once that worker's lease has run out.
        raise self.retry(countdown=ical_import.RUNNING_LEASE.total_seconds())
