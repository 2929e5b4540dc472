"""Thin tasks around the reminder services: they take ids (or nothing), call one service, and
are safe to run twice, so they are acknowledged late and redelivered if a worker dies."""

from celery import shared_task

from accounts.models import User
from reminders import services

# Safe to repeat: a task a worker lost is run again rather than dropped.
_REPEATABLE = {"ignore_result": True, "acks_late": True, "reject_on_worker_lost": True}


# Both limits, because a task's own time_limit below the global soft limit makes Celery refuse to
# send it at all ("soft_time_limit must be less than or equal to time_limit").
@shared_task(ignore_result=True, time_limit=30, soft_time_limit=20)
def record_beat_heartbeat() -> None:
    """Scheduled every minute by beat; its timestamp shows that beat and a worker both run."""
    services.heartbeat_record()


# Well under the five minutes between ticks: a tick is a few set-based queries.
@shared_task(**_REPEATABLE, time_limit=4 * 60, soft_time_limit=3 * 60)
def materialize_due_reminders() -> None:
    """Every five minutes: wake the snoozes whose day has come, move series left undone on."""
    services.reminders_materialize()


@shared_task(**_REPEATABLE, time_limit=30 * 60, soft_time_limit=25 * 60)
def repair_reminders() -> None:
    """Nightly: re-sync any contact whose keep-in-touch or birthday reminder is missing."""
    services.reminders_repair()


@shared_task(**_REPEATABLE, time_limit=10 * 60, soft_time_limit=8 * 60)
def sync_owner_reminders(user_id: int) -> None:
    """After a user changed time zone: the day each of their interactions happened on, and so
    their keep-in-touch and birthday reminders, may have moved."""
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        services.owner_reminders_sync(owner=user)
