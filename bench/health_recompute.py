"""Benchmark: the nightly health recompute against its floor, on PostgreSQL.

    make bench   # in BENCH_DATABASE_URL, by default postgres://postgres@127.0.0.1:5432/rapport_bench

1. Creates the database if it is missing and migrates it.
2. Seeds the user "bench" with seed_demo: 10,000 contacts and 200,000 interactions (reused when
   they are already there, rebuilt when the sizes differ).
3. Times, five times each and interleaved, the nightly `health_recompute()` (every contact:
   aggregate, score, upsert what changed) and its floor: one raw SQL aggregate over the same
   participations (last date, counts per kind and per initiator for each contact), fetched to
   Python. The floor is what any recompute must pay to read the facts; the ratio is what scoring
   and writing add. Each timed recompute runs one day after the one before, as on consecutive
   nights, so it rewrites the rows whose score really moved overnight (a rerun at the same
   moment would write nothing and flatter it). Its time is split into the statements that score
   and write (one WITH ... UPDATE ... INSERT per chunk), the small reads around them, and
   Python.
4. Prints the medians and the ratio and writes bench/results/health.json. The target is a ratio
   of at most 2.0; the verdict is reported, not enforced, since timings depend on the machine.

Sizes can be changed with BENCH_CONTACTS and BENCH_INTERACTIONS.
"""

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import environ
import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "health.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rapport_bench"
USERNAME = "bench"
CONTACTS = int(os.environ.get("BENCH_CONTACTS", "10000"))
INTERACTIONS = int(os.environ.get("BENCH_INTERACTIONS", "200000"))
ORGANIZATIONS = 200
RUNS = 5
TARGET_RATIO = 2.0


def ensure_database(url: str) -> None:
    """CREATE DATABASE when it does not exist yet (through the server's `postgres` database)."""
    config = environ.Env.db_url_config(url)
    server = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            print(f"Creating database {config['NAME']}")
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    server.close()


def main() -> int:
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        print("The benchmark runs on PostgreSQL: set DATABASE_URL to a postgres:// URL.")
        return 2
    ensure_database(url)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    seed()
    # Timed as production runs: without DEBUG's log of every query.
    settings.DEBUG = False
    result = measure()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")

    recompute, floor = result["recompute_seconds"], result["floor_seconds"]
    print(f"Contacts: {result['contacts']}, participations: {result['participations']}")
    print(f"Floor (one aggregate):  median {floor['median'] * 1000:7.0f} ms over {RUNS} runs")
    print(f"Recompute (everyone):   median {recompute['median'] * 1000:7.0f} ms over {RUNS} runs")
    print(
        f"  of which scoring and writing (one statement per chunk) "
        f"{recompute['score_and_write_statements'] * 1000:.0f} ms, "
        f"other statements {recompute['other_statements'] * 1000:.0f} ms, "
        f"Python {recompute['python'] * 1000:.0f} ms"
    )
    print(f"  rows rewritten on each night: {result['rows_rewritten_per_night']}")
    verdict = "within" if result["passed"] else "ABOVE"
    print(f"Ratio: {result['ratio']:.2f} ({verdict} the target of {TARGET_RATIO})")
    print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0


def seed() -> None:
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import User
    from contacts.models import Contact
    from interactions.models import Interaction

    user = User.objects.filter(username=USERNAME).first()
    if (
        user is not None
        and Contact.objects.filter(owner=user).count() == CONTACTS
        # The history seed_demo was asked for; the demo's past events log a few more of their
        # own (met there, followed up), which belong to those events.
        and Interaction.objects.filter(owner=user, event__isnull=True).count() == INTERACTIONS
    ):
        print(f"Reusing {USERNAME}: {CONTACTS} contacts, {INTERACTIONS} interactions")
        return
    started = time.perf_counter()
    call_command(
        "seed_demo",
        username=USERNAME,
        contacts=CONTACTS,
        organizations=ORGANIZATIONS,
        interactions=INTERACTIONS,
        reset=True,
        allow_without_debug=True,
    )
    print(f"Seeded in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum would have gathered them on a running server.
        cursor.execute("VACUUM ANALYZE")


def floor_query() -> str:
    """The bare aggregate: per contact, the last date and counts per kind and per initiator."""
    from interactions.models import Initiator, InteractionKind, Participation

    counts = [f"COUNT(*) FILTER (WHERE kind = '{kind}')" for kind in InteractionKind.values]
    counts += [f"COUNT(*) FILTER (WHERE initiated_by = '{who}')" for who in Initiator.values]
    table = Participation._meta.db_table
    # Built from the models' own constants, never from input.
    select = f"SELECT contact_id, MAX(occurred_at), {', '.join(counts)}"
    return f"{select} FROM {table} GROUP BY contact_id"


def measure() -> dict:
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from interactions.models import ContactHealth, Participation
    from interactions.services.health import health_recompute

    query = floor_query()

    def time_floor() -> tuple[float, int]:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(query)
            rows = cursor.fetchall()
        return time.perf_counter() - started, len(rows)

    def time_recompute(now) -> tuple[float, dict, int]:
        # Each run rewrites every health row. Between two nightly runs autovacuum clears the old
        # row versions; this does it by hand, so a server with autovacuum off (or slow to start)
        # does not time an ever more bloated table.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM {ContactHealth._meta.db_table}")
        database = {"INSERT": 0.0, "other": 0.0}

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                kind = "INSERT" if sql.startswith(("WITH", "INSERT")) else "other"
                database[kind] += time.perf_counter() - started

        with connection.execute_wrapper(timed):
            started = time.perf_counter()
            written = health_recompute(now=now)
            seconds = time.perf_counter() - started
        return seconds, database, written

    # One untimed run of each warms the caches, so neither pays for the first read from disk.
    night = timezone.now()
    time_floor()
    time_recompute(night)
    floors, recomputes = [], []
    for _ in range(RUNS):
        seconds, contacts_with_interactions = time_floor()
        floors.append(seconds)
        night += timedelta(days=1)
        seconds, database, written = time_recompute(night)
        recomputes.append((seconds, database, written))

    def median(values) -> float:
        return round(statistics.median(values), 4)

    floor = median(floors)
    recompute = median(seconds for seconds, _, _ in recomputes)
    statements = median(database["INSERT"] for _, database, _ in recomputes)
    reads = median(database["other"] for _, database, _ in recomputes)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    ratio = recompute / floor
    return {
        "benchmark": "nightly health recompute vs one raw SQL aggregate",
        "contacts": ContactHealth.objects.count(),
        "contacts_with_interactions": contacts_with_interactions,
        "rows_rewritten_per_night": [written for _, _, written in recomputes],
        "participations": Participation.objects.count(),
        "runs": RUNS,
        "recompute_seconds": {
            "median": recompute,
            "score_and_write_statements": statements,
            "other_statements": reads,
            "python": round(recompute - reads - statements, 4),
            "all": [round(seconds, 4) for seconds, _, _ in recomputes],
        },
        "floor_seconds": {"median": floor, "all": [round(s, 4) for s in floors]},
        "ratio": round(ratio, 2),
        "target_ratio": TARGET_RATIO,
        "passed": ratio <= TARGET_RATIO,
        "postgresql": server_version,
        "python": platform.python_version(),
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs",
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


if __name__ == "__main__":
    sys.exit(main())
