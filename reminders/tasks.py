from celery import shared_task

from reminders import services


# Both limits, because a task's own time_limit below the global soft limit makes Celery refuse to
# send it at all ("soft_time_limit must be less than or equal to time_limit").
@shared_task(ignore_result=True, time_limit=30, soft_time_limit=20)
def record_beat_heartbeat() -> None:
    """Scheduled every minute by beat; its timestamp shows that beat and a worker both run."""
    services.heartbeat_record()
