"""Benchmark: digests for 5,000 users through a real worker and Redis, against a bare loop.

    make bench-digests   # BENCH_DIGESTS_DATABASE_URL, BENCH_REDIS_URL (see the Makefile)

1. Creates the PostgreSQL database if it is missing, migrates it, and seeds BENCH_USERS users
   (default 5,000) once, each with a few contacts, reminders (overdue, today, this week), a
   birthday and an event, spread over five time zones; every run moves their send time to two
   hours ago, so that every one of them is due.
2. The floor, measured in the same run: a bare loop builds each user's digest with the same
   code (the same queries and templates) and sends it with smtplib over one connection. No
   outbox row, no claim, no broker: what any digest costs to make and hand to a mail server.
3. The real thing: one beat tick (`digest_dispatch_due`, in this process) creates the 5,000
   rows and enqueues 5,000 send tasks on Redis; a Celery worker with two processes (prefork,
   --concurrency 2) claims, builds, sends and marks each. Timed from the tick to the last row
   marked sent.
4. Both send into the same SMTP sink (bench/smtp_sink.py, aiosmtpd in a process of its own),
   which counts what it got: the worker run must deliver each user's digest exactly once.
5. Prints the throughputs and their ratio, and writes bench/results/digests.json. The target is a
   ratio (workers / floor) of at least 0.5; it is reported, not enforced, since timings depend on
   the machine (and on who else is using it).
"""

import json
import os
import platform
import random
import signal
import smtplib
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.health_recompute import ensure_database  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "digests.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rapport_bench_digests"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
USERS = int(os.environ.get("BENCH_USERS", "5000"))
WORKER_PROCESSES = 2
TARGET_RATIO = 0.5
USERNAME_PREFIX = "digest-bench-"
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Pacific/Auckland"]
TIMEOUT_SECONDS = 30 * 60


def main() -> int:
    url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        print("The benchmark runs on PostgreSQL: set DATABASE_URL to a postgres:// URL.")
        return 2
    ensure_database(url)
    # The worker and this process must agree on everything but the process.
    queue = f"rapport-bench-digests-{uuid.uuid4().hex[:8]}"
    os.environ.update(
        {
            "DATABASE_URL": url,
            "REDIS_URL": os.environ.get("REDIS_URL", DEFAULT_REDIS_URL),
            "CELERY_QUEUE": queue,
            "DEBUG": "false",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key"),
            "SECURE_SSL_REDIRECT": "false",
            "SITE_URL": "https://rapport.example.com",
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    seed()
    make_everyone_due()

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        floor = measure_floor(scratch)
        workers = measure_workers(scratch, queue)

    ratio = workers["messages_per_second"] / floor["messages_per_second"]
    result = {
        "benchmark": "digests through a Celery worker and Redis vs a bare smtplib loop",
        "users": USERS,
        "floor": floor,
        "workers": workers,
        "worker_processes": WORKER_PROCESSES,
        "ratio": round(ratio, 2),
        "target_ratio": TARGET_RATIO,
        "passed": ratio >= TARGET_RATIO and workers["delivered_once_each"],
        "python": platform.python_version(),
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs",
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")

    print(f"Users: {USERS}")
    print(
        f"Floor (bare loop, smtplib):      {floor['seconds']:7.1f} s, "
        f"{floor['messages_per_second']:6.1f} digests/s"
    )
    print(
        f"Workers ({WORKER_PROCESSES} processes, Redis):  {workers['seconds']:7.1f} s, "
        f"{workers['messages_per_second']:6.1f} digests/s "
        f"(tick {workers['tick_seconds']:.1f} s)"
    )
    print(
        f"Delivered once each: {workers['delivered_once_each']} "
        f"({workers['received']} received, {workers['duplicates']} duplicates, "
        f"{workers['missing']} missing)"
    )
    verdict = "meets" if result["passed"] else "MISSES"
    print(f"Ratio workers / floor: {ratio:.2f} ({verdict} the target of {TARGET_RATIO})")
    print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0


# --- Data ------------------------------------------------------------------------------------


def seed() -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from accounts.models import User
    from contacts.models import Contact, Tier
    from interactions.models import Event
    from reminders.models import Reminder

    users = User.objects.filter(username__startswith=USERNAME_PREFIX)
    if users.count() == USERS:
        print(f"Reusing {USERS} bench users")
        return
    started = time.perf_counter()
    users.delete()
    rng = random.Random(4)
    today = datetime.now(UTC).date()
    with transaction.atomic():
        created = User.objects.bulk_create(
            User(
                username=f"{USERNAME_PREFIX}{n:05d}",
                email=f"user{n:05d}@bench.example",
                display_name=f"Bench User {n}",
                password=make_password(None),  # no login
                time_zone=ZONES[n % len(ZONES)],
            )
            for n in range(USERS)
        )
        contacts = Contact.objects.bulk_create(
            Contact(
                owner=user,
                display_name=f"Contact {user.pk}-{k}",
                first_name="Contact",
                last_name=f"{user.pk}-{k}",
                tier=Tier.CLOSE if k == 0 else Tier.NETWORK,
                birthday_day=(today + timedelta(days=2)).day if k == 1 else None,
                birthday_month=(today + timedelta(days=2)).month if k == 1 else None,
            )
            for user in created
            for k in range(3)
        )
        Reminder.objects.bulk_create(
            Reminder(
                owner_id=contact.owner_id,
                contact=contact,
                title=f"Follow up {k} with {contact.display_name}",
                due_on=today + timedelta(days=offset),
            )
            for contact in contacts
            for k, offset in enumerate(rng.sample([-3, -1, 0, 0, 2, 4], 2))
        )
        Event.objects.bulk_create(
            Event(
                owner=user,
                name=f"Meetup of {user.username}",
                starts_at=datetime.now(UTC) + timedelta(days=3),
                location="Berlin",
            )
            for user in created
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Seeded {USERS} users in {time.perf_counter() - started:.1f} s")


def make_everyone_due() -> None:
    """Every bench user's send time becomes two hours ago in their zone; no digest rows."""
    from zoneinfo import ZoneInfo

    from accounts.models import DigestFrequency, User
    from reminders.models import Digest

    now = datetime.now(UTC)
    for zone in ZONES:
        local = (now - timedelta(hours=2)).astimezone(ZoneInfo(zone))
        User.objects.filter(username__startswith=USERNAME_PREFIX, time_zone=zone).update(
            digest_time=local.time().replace(second=0, microsecond=0),
            digest_frequency=DigestFrequency.DAILY,
            digest_skip_empty=True,
        )
    Digest.objects.filter(owner__username__startswith=USERNAME_PREFIX).delete()


# --- The sink ----------------------------------------------------------------------------------


class Sink:
    def __init__(self, scratch: Path, name: str):
        self.report = scratch / f"{name}.json"
        self.process = subprocess.Popen(  # noqa: S603 (our own script, no shell)
            [sys.executable, str(ROOT / "bench" / "smtp_sink.py"), str(self.report)],
            stdout=subprocess.PIPE,
            text=True,
        )
        self.port = int(self.process.stdout.readline())

    def stop(self) -> dict:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        return json.loads(self.report.read_text())


def check_delivery(report: dict, expected: set[str]) -> dict:
    recipients = report["recipients"]
    return {
        "received": report["messages"],
        "duplicates": sum(n - 1 for n in recipients.values() if n > 1),
        "missing": len(expected - set(recipients)),
        "delivered_once_each": set(recipients) == expected
        and all(n == 1 for n in recipients.values()),
    }


def bench_addresses() -> set[str]:
    from accounts.models import User

    return set(
        User.objects.filter(username__startswith=USERNAME_PREFIX).values_list("email", flat=True)
    )


# --- The floor ---------------------------------------------------------------------------------


def measure_floor(scratch: Path) -> dict:
    """Each user's digest built by the same code, sent by smtplib over one connection."""
    from django.conf import settings

    from accounts.models import User
    from reminders.digests.content import digest_content
    from reminders.digests.message import digest_email

    sink = Sink(scratch, "floor")
    users = list(User.objects.filter(username__startswith=USERNAME_PREFIX).order_by("pk"))
    now = datetime.now(UTC)
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", sink.port, timeout=settings.EMAIL_TIMEOUT) as smtp:
        for user in users:
            content = digest_content(user=user, today=now.astimezone(user.zone).date(), now=now)
            message = digest_email(content=content).message()
            # As Django's SMTP backend does: SMTP wants CRLF, and smtplib leaves bytes alone.
            smtp.sendmail(
                settings.DEFAULT_FROM_EMAIL, [user.email], message.as_bytes(linesep="\r\n")
            )
    seconds = time.perf_counter() - started
    delivery = check_delivery(sink.stop(), bench_addresses())
    return {
        "seconds": round(seconds, 2),
        "messages_per_second": round(len(users) / seconds, 1),
        **delivery,
    }


# --- The workers -------------------------------------------------------------------------------


def measure_workers(scratch: Path, queue: str) -> dict:
    from kombu import Connection

    from reminders.digests.dispatch import digest_dispatch_due
    from reminders.models import Digest, DigestStatus, Heartbeat
    from reminders.tasks import record_beat_heartbeat

    sink = Sink(scratch, "workers")
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}", "EMAIL_TIMEOUT": "20"}
    log = (scratch / "worker.log").open("wb")
    worker = subprocess.Popen(  # noqa: S603 (our own command line, no shell)
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            str(WORKER_PROCESSES),
            "--loglevel",
            "warning",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        # Timed once the worker takes work: its start-up (Django, the pool) is not digests' cost.
        Heartbeat.objects.filter(name="beat").delete()
        with Connection(os.environ["REDIS_URL"]) as broker:
            for _ in range(WORKER_PROCESSES):
                record_beat_heartbeat.apply_async(queue=queue, connection=broker)
        wait_for(lambda: Heartbeat.objects.filter(name="beat").exists(), worker, scratch)

        started = time.perf_counter()
        result = digest_dispatch_due()
        tick_seconds = time.perf_counter() - started
        sent = Digest.objects.filter(
            owner__username__startswith=USERNAME_PREFIX, status=DigestStatus.SENT
        )
        wait_for(lambda: sent.count() >= USERS, worker, scratch, interval=0.1)
        seconds = time.perf_counter() - started
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        log.close()
        with Connection(os.environ["REDIS_URL"]) as broker:
            broker.default_channel.queue_delete(queue)
    time.sleep(1)  # the last SMTP sessions close
    delivery = check_delivery(sink.stop(), bench_addresses())
    return {
        "seconds": round(seconds, 2),
        "tick_seconds": round(tick_seconds, 2),
        "rows_created": result.created,
        "messages_per_second": round(USERS / seconds, 1),
        **delivery,
    }


def wait_for(condition, worker, scratch: Path, interval: float = 0.2) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        if worker.poll() is not None:
            raise SystemExit(f"The worker exited:\n{(scratch / 'worker.log').read_text()}")
        time.sleep(interval)
    raise SystemExit(f"Timed out:\n{(scratch / 'worker.log').read_text()[-5000:]}")


if __name__ == "__main__":
    sys.exit(main())
