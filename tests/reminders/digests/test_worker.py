"""Digests through real Celery workers on real Redis, into a real SMTP server, on PostgreSQL.

- a fan-out: one tick, many users, each digest arrives once;
- a worker killed with SIGKILL in the middle of a batch (while it waits for the mail server to
  accept a message: between its claim and its send), then restarted: every due user ends with
  exactly one digest, none lost, none twice;
- two workers racing for the same rows (every send task delivered three times, two ticks at
  once): each period is claimed, and sent, once.

The workers share pytest-django's PostgreSQL test database (like tests/test_celery_worker.py);
on SQLite, whose test database lives in this process's memory, these tests are skipped: CI's
PostgreSQL run has them.
"""

import json
import os
import signal
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.db import connection
from django.db.models import F
from kombu import Connection

from reminders.digests import tasks
from reminders.models import Digest, DigestStatus
from tests.factories import ReminderFactory, UserFactory
from tests.reminders.digests.conftest import LoopbackController
from tests.test_celery_worker import Subprocess

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TIMEOUT_SECONDS = 90


class Sink:
    """An SMTP server that records what it accepted, and can kill a worker mid-send: when the
    `kill_at`-th message arrives it SIGKILLs `victim` before answering, and refuses whatever
    the dead worker had already written, so that only messages a live worker saw accepted
    count as delivered."""

    def __init__(self):
        self.recipients: list[str] = []
        self.kill_at: int | None = None
        self.victim: Subprocess | None = None
        self.refusing = False
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            if self.refusing:
                return "421 4.3.0 Closing"
            if self.kill_at is not None and len(self.recipients) + 1 == self.kill_at:
                os.killpg(self.victim.process.pid, signal.SIGKILL)
                self.victim.process.wait()
                self.refusing = True
                return "421 4.3.0 Closing"
            self.recipients.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self._lock:
            return len(self.recipients)


@pytest.fixture
def sink():
    sink = Sink()
    controller = LoopbackController(sink)
    controller.start()
    sink.port = controller.port
    yield sink
    controller.stop()


@pytest.fixture
def environment(request, sink, tmp_path) -> dict[str, str]:
    if connection.vendor != "postgresql":
        pytest.skip("Workers share the test database only on PostgreSQL (CI runs both).")
    redis_url = request.getfixturevalue("require_redis")
    db = connection.settings_dict
    assert db["NAME"].startswith("test_"), "a worker must never write to a real database"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    address = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{credentials}@{address}/{db['NAME']}",
        "REDIS_URL": redis_url,
        # A queue of this test's own: no other test's worker on the same Redis takes its tasks.
        "CELERY_QUEUE": f"rapport-digests-{uuid.uuid4().hex}",
        "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}",
        "EMAIL_TIMEOUT": "10",
        "RAPPORT_VAR_DIR": str(tmp_path / "var"),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    yield env
    forget_unacknowledged(redis_url, env["CELERY_QUEUE"])


def forget_unacknowledged(redis_url: str, queue: str) -> None:
    """A killed worker's unacknowledged messages wait in kombu's "unacked" hash for the
    visibility timeout, then go back to their queue; this test's queue is gone, so drop them,
    with the queue's bindings."""
    client = redis.Redis.from_url(redis_url)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    for tag, raw in client.hgetall("unacked").items():
        _message, _exchange, routing_key = json.loads(raw)
        if routing_key == queue:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


@pytest.fixture
def workers(environment, tmp_path):
    started: list[Subprocess] = []

    def start(name: str, concurrency: int = 2) -> Subprocess:
        args = [
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            str(concurrency),
            "--loglevel",
            "info",
            "--hostname",
            f"{name}-{uuid.uuid4().hex[:8]}@%h",
            "--without-mingle",
            "--without-gossip",
        ]
        process = Subprocess(args, environment, Path(tmp_path) / f"{name}.log")
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


def send(environment, task, *args) -> None:
    """What .delay() does, through the queue and broker these workers read."""
    with Connection(environment["REDIS_URL"]) as broker:
        task.apply_async(args, queue=environment["CELERY_QUEUE"], connection=broker)


def due_users(count: int) -> list[str]:
    """Users whose digest time passed an hour ago today (in UTC), each with a reminder."""
    send_time = (datetime.now(UTC) - timedelta(hours=1)).time().replace(second=0, microsecond=0)
    addresses = []
    for n in range(count):
        user = UserFactory(username=f"due{n}", time_zone="UTC", digest_time=send_time)
        ReminderFactory(owner=user, title=f"Call {n}")
        addresses.append(user.email)
    return addresses


def wait_until(condition, *processes: Subprocess, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        for process in processes:
            if process.process.poll() is not None:
                pytest.fail(f"a worker exited:\n{process.output()}")
        time.sleep(0.2)
    logs = "\n".join(process.output()[-3000:] for process in processes)
    pytest.fail(f"Timed out waiting for {what}. Worker output:\n{logs}")


def all_sent(count: int):
    return lambda: Digest.objects.filter(status=DigestStatus.SENT).count() == count


def assert_each_once(sink: Sink, addresses: list[str]) -> None:
    # A moment longer, for any late duplicate to show up.
    time.sleep(2)
    counts = Counter(sink.recipients)
    assert sorted(counts) == sorted(addresses), "lost digests"
    assert [a for a, n in counts.items() if n > 1] == [], "digests sent twice"
    assert Digest.objects.count() == len(addresses)


def test_a_fan_out_of_digests_arrives_once_each(sink, environment, workers):
    addresses = due_users(40)
    worker = workers("worker")

    send(environment, tasks.dispatch_due_digests)
    wait_until(all_sent(40), worker, what="40 digests sent")

    assert_each_once(sink, addresses)
    assert "reminders.digests.tasks.send_digest" in worker.output()


def test_a_worker_killed_mid_batch_and_restarted_loses_none_and_sends_none_twice(
    sink, environment, workers
):
    addresses = due_users(30)
    # One process doing the batch in order, killed while it waits for the 12th message to be
    # accepted: eleven are delivered and marked, the twelfth is claimed and not delivered, the
    # rest are in the queue (one of them prefetched by the dead worker and unacknowledged).
    victim = workers("victim", concurrency=1)
    sink.victim, sink.kill_at = victim, 12

    send(environment, tasks.dispatch_due_digests)
    wait_until(lambda: victim.process.poll() is not None, what="the worker to be killed")
    assert sink.count() == 11
    assert Digest.objects.filter(status=DigestStatus.SENDING).count() == 1

    # Twenty minutes later (longer than the lease and the requeue delay), as far as the rows
    # can tell: the restarted worker's next tick takes the stranded claim and the rest.
    Digest.objects.update(
        due_at=F("due_at") - timedelta(minutes=20),
        next_attempt_at=F("next_attempt_at") - timedelta(minutes=20),
        lease_expires_at=F("lease_expires_at") - timedelta(minutes=20),
    )
    sink.refusing, sink.kill_at = False, None
    restarted = workers("restarted", concurrency=1)
    send(environment, tasks.dispatch_due_digests)
    wait_until(all_sent(30), restarted, what="every digest sent after the restart")

    assert_each_once(sink, addresses)
    # The stranded claim was claimed again, once; every other row once.
    assert Counter(Digest.objects.values_list("attempts", flat=True)) == {1: 29, 2: 1}


def test_two_workers_racing_for_the_same_rows_claim_each_period_once(sink, environment, workers):
    addresses = due_users(60)
    first, second = workers("first"), workers("second")

    # Two ticks at once: the rows are created once (the unique constraint) and enqueued once.
    send(environment, tasks.dispatch_due_digests)
    send(environment, tasks.dispatch_due_digests)
    wait_until(lambda: Digest.objects.count() == 60, first, second, what="the rows")
    # And every row's task delivered twice more, for both workers to grab.
    for digest_id in Digest.objects.values_list("pk", flat=True):
        send(environment, tasks.send_digest, digest_id)
        send(environment, tasks.send_digest, digest_id)
    wait_until(all_sent(60), first, second, what="60 digests sent")

    assert_each_once(sink, addresses)
    # Only a claim that won counts as an attempt: every row was claimed exactly once.
    assert set(Digest.objects.values_list("attempts", flat=True)) == {1}
    # 60 tasks from the tick and 120 duplicates, shared by both workers.
    received = [
        sum("tasks.send_digest[" in line and "received" in line for line in w.output().splitlines())
        for w in (first, second)
    ]
    assert sum(received) == 180
    assert min(received) > 0
