from celery import shared_task

from reminders import services


@shared_task(ignore_result=True, time_limit=30)
def record_beat_heartbeat() -> None:
    """Scheduled every minute by beat; its timestamp shows that beat and a worker both run."""
    services.heartbeat_record()
