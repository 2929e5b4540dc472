"""A real Celery worker, and beat, in subprocesses: on Redis and on the embedded broker.

Unit tests call tasks as functions; these few prove the wiring that only a running worker shows:
it finds our tasks, reads the broker a web process writes to, and writes to the database the
web process reads. CI runs the suite once on SQLite and once on PostgreSQL, so both databases
see a real worker:
- on PostgreSQL the worker connects to pytest-django's test database;
- on SQLite the test database lives in memory, out of a subprocess's reach, so the worker gets a
  migrated SQLite file of its own and the test reads that file.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from celery.beat import PersistentScheduler
from django.conf import settings
from django.db import connection
from kombu import Connection

from config.celery import app
from reminders.models import Heartbeat
from reminders.tasks import record_beat_heartbeat

# Transactional: the worker's writes are committed from another connection, and only a test
# marked for the database (not one asking for it at run time) gets pytest-django's test database.
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)
# Long enough for a cold start on a slow CI machine; a worker that works answers in seconds.
TIMEOUT_SECONDS = 30


@dataclass
class WorkerDatabase:
    """The database a worker subprocess writes to, and how the test reads it back."""

    env: dict[str, str]
    sqlite_path: Path | None

    def heartbeat_recorded(self) -> bool:
        if self.sqlite_path is None:
            return Heartbeat.objects.filter(name="beat").exists()
        with sqlite3.connect(self.sqlite_path) as db:
            return db.execute("SELECT 1 FROM reminders_heartbeat WHERE name = 'beat'").fetchone()


@pytest.fixture
def var_dir(tmp_path) -> Path:
    # RAPPORT_VAR_DIR holds the embedded broker's folders, the beat schedule and the SQLite file.
    path = tmp_path / "var"
    for folder in ("celery/queue", "celery/processed", "celery/control"):
        (path / folder).mkdir(parents=True)
    return path


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A migrated SQLite database, made once and copied for each test."""
    var = tmp_path_factory.mktemp("migrated")
    env = {**os.environ, "RAPPORT_VAR_DIR": str(var)}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        timeout=120,
    )
    return var / "rapport.sqlite3"


@pytest.fixture
def worker_database(request, var_dir) -> WorkerDatabase:
    env = {**os.environ, "RAPPORT_VAR_DIR": str(var_dir), "PYTHONUNBUFFERED": "1"}
    env.pop("REDIS_URL", None)
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        assert db["NAME"].startswith("test_"), "a worker must never write to a real database"
        credentials = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        address = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
        env["DATABASE_URL"] = f"postgres://{credentials}@{address}/{db['NAME']}"
        return WorkerDatabase(env=env, sqlite_path=None)

    env.pop("DATABASE_URL", None)
    # Without DATABASE_URL the worker uses RAPPORT_VAR_DIR/rapport.sqlite3.
    database = var_dir / "rapport.sqlite3"
    shutil.copyfile(request.getfixturevalue("migrated_sqlite"), database)
    return WorkerDatabase(env=env, sqlite_path=database)


def filesystem_broker(var_dir: Path) -> Connection:
    queue = str(var_dir / "celery" / "queue")
    return Connection(
        "filesystem://",
        transport_options={
            "data_folder_in": queue,
            "data_folder_out": queue,
            "processed_folder": str(var_dir / "celery" / "processed"),
            "store_processed": False,
            "control_folder": str(var_dir / "celery" / "control"),
        },
    )


class Subprocess:
    """A celery command running in the background, its output kept in a log file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path):
        self.log = log
        with log.open("wb") as output:
            self.process = subprocess.Popen(  # noqa: S603 (our own command line, no shell)
                [sys.executable, "-m", "celery", "-A", "config", *args],
                cwd=BASE_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            # Celery's warm shutdown, then a kill: by now the test has seen what it waited for,
            # and the embedded broker's polling can hold a shutdown for seconds.
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture
def start(tmp_path):
    started: list[Subprocess] = []

    def start(name: str, args: list[str], env: dict[str, str]) -> Subprocess:
        process = Subprocess(args, env, tmp_path / f"{name}.log")
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


def worker_args(queue: str = "celery") -> list[str]:
    # Mingle and gossip talk to other workers on the same broker: nothing to learn from them here.
    return [
        "worker",
        "--pool",
        "solo",
        "--loglevel",
        "info",
        "--queues",
        queue,
        "--hostname",
        f"{queue}-{uuid.uuid4().hex[:8]}@%h",
        "--without-mingle",
        "--without-gossip",
    ]


def wait_for_heartbeat(database: WorkerDatabase, *processes: Subprocess) -> None:
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if database.heartbeat_recorded():
            return
        for process in processes:
            if process.process.poll() is not None:
                pytest.fail(f"celery exited early:\n{process.output()}")
        time.sleep(0.2)
    logs = "\n".join(process.output() for process in processes)
    pytest.fail(f"No heartbeat after {TIMEOUT_SECONDS} s. Output:\n{logs}")


@pytest.mark.parametrize("broker", ["redis", "filesystem"])
def test_a_real_worker_runs_a_task_sent_with_delay(
    request, broker, worker_database, var_dir, start
):
    env = dict(worker_database.env)
    # A queue of its own, so that no other worker on a shared Redis can take the task.
    queue = f"rapport-test-{uuid.uuid4().hex}"
    if broker == "redis":
        env["REDIS_URL"] = request.getfixturevalue("require_redis")
        producer_connection = Connection(env["REDIS_URL"])
    else:
        producer_connection = filesystem_broker(var_dir)
    worker = start("worker", worker_args(queue), env)

    with producer_connection:
        # What .delay() does, sent through the broker this worker reads rather than the one
        # the test settings name.
        record_beat_heartbeat.apply_async(queue=queue, connection=producer_connection)
        wait_for_heartbeat(worker_database, worker)
        if broker == "redis":
            producer_connection.default_channel.queue_delete(queue)

    assert "reminders.tasks.record_beat_heartbeat" in worker.output()


def seconds_between_runs(schedule) -> float:
    """The time from one scheduled run to the next, for a crontab or an interval alike."""
    with time_machine.travel(datetime(2026, 11, 22, tzinfo=UTC), tick=False):
        now = schedule.now()
        first = now + schedule.remaining_estimate(now)
    with time_machine.travel(first, tick=False):
        second = first + schedule.remaining_estimate(first)
    return (second - first).total_seconds()


def test_every_beat_entry_names_a_registered_task_and_expires_before_its_next_run():
    app.loader.import_default_modules()

    assert settings.CELERY_BEAT_SCHEDULE
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
        # A tick that waited in the queue past the next one is dropped, not run twice.
        assert 0 < entry["options"]["expires"] < seconds_between_runs(entry["schedule"]), name


def test_beat_sends_the_heartbeat_and_a_worker_runs_it(worker_database, var_dir, start):
    schedule_file = var_dir / "celery" / "beat-schedule"
    # Beat runs an every-minute entry at the next minute boundary; a schedule whose last run was
    # two minutes ago makes the entry due as soon as beat starts, so the test takes seconds.
    scheduler = PersistentScheduler(app=app, schedule_filename=str(schedule_file), lazy=False)
    for entry in scheduler.schedule.values():
        entry.last_run_at = app.now() - timedelta(minutes=2)
    scheduler.sync()
    scheduler.close()

    beat = start(
        "beat",
        ["beat", "--loglevel", "info", "--max-interval", "1", "--schedule", str(schedule_file)],
        worker_database.env,
    )
    worker = start("worker", worker_args(), worker_database.env)

    wait_for_heartbeat(worker_database, beat, worker)
    assert "Sending due task record that beat is alive" in beat.output()
