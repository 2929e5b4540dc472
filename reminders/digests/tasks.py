"""The digests' Celery tasks: thin, by id, safe to run twice (the row decides what happens)."""

from celery import shared_task

from reminders import services as reminder_services
from reminders.digests import dispatch, sending

# Heartbeat name of the dispatch tick, shown on the operations page.
DIGEST_HEARTBEAT = "digests"
# The hard limit of one send: building takes milliseconds and each SMTP step may wait up to
# EMAIL_TIMEOUT (20 s). sending.LEASE must stay longer than this.
SEND_TIME_LIMIT = 120


@shared_task(ignore_result=True, time_limit=50, soft_time_limit=45)
def dispatch_due_digests() -> None:
    """Every minute: release lost claims, create the due periods' rows, enqueue them."""
    dispatch.digest_dispatch_due()
    reminder_services.heartbeat_record(name=DIGEST_HEARTBEAT)


# acks_late + reject_on_worker_lost: a task whose worker dies is delivered again rather than
# lost. Running it twice is harmless: the claim lets one run send.
@shared_task(
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=SEND_TIME_LIMIT,
    soft_time_limit=SEND_TIME_LIMIT - 20,
)
def send_digest(digest_id: int) -> None:
    sending.digest_send(digest_id=digest_id)


# No period row and no claim: a test digest is sent when asked, and asking twice sends two.
# Temporary SMTP errors are retried with a short backoff (30 s, 1 min, 2 min).
@shared_task(bind=True, ignore_result=True, max_retries=3, time_limit=60, soft_time_limit=50)
def send_test_digest(self, user_id: int) -> None:
    try:
        sending.digest_send_test(user_id=user_id)
    except Exception as error:
        if sending.is_temporary(error) and self.request.retries < self.max_retries:
            raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error
        raise


@shared_task(ignore_result=True, time_limit=600, soft_time_limit=540)
def forget_old_digests() -> None:
    dispatch.digest_forget_old()
