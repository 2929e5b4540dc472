"""Benchmark: importing a 30,000-row LinkedIn export against its floor, on PostgreSQL.

    make bench-import   # in BENCH_IMPORT_DATABASE_URL (default .../rapport_bench_import)

1. Creates the database if it is missing and migrates it.
2. Generates a LinkedIn Connections.csv of BENCH_IMPORT_ROWS rows (30,000 by default): a third
   with an email, 500 companies, a LinkedIn URL and a "Connected On" on every row.
3. Times, RUNS times each and interleaved, into a user emptied before each run:
   - the import, through the service functions the tasks call (not HTTP): read the stored
     file, parse, match against the owner's contacts, write the preview (import_parse_run),
     then parse and match again and apply in one transaction (import_apply_run): contacts,
     emails, links, organizations, affiliations, search text, keep-in-touch reminders;
   - its floor: csv.reader over the same bytes, then bulk_create of the same contacts, emails
     and LinkedIn profiles. That is what any import must pay to read the file and store the
     people; the ratio is what matching, the preview, organizations and the rest add.
     The floor's contacts are the import's rows, column for column: names, job title, "met on"
     (the Connected On date) and the search text, built with the same build_search_text from
     the name, email, company and position. Without it the floor would skip what storing a
     contact costs in this schema (the search text's trigram and full-text GIN indexes), which
     no import of searchable contacts can skip. After the runs (untimed), the two users' rows
     are compared, so the floor can never drift from what the import writes.
   The health recompute an import queues runs in the background after it, so is not timed.
4. Prints rows per second and writes bench/results/imports.json. The target: the import's rows
   per second at least half of the floor's. Reported, not enforced (timings vary by machine).
"""

import csv
import io
import json
import os
import platform
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.health_recompute import ensure_database  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "imports.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rapport_bench_import"
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "30000"))
COMPANIES = 500
RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", "3"))
TARGET = 0.5  # the import's rows per second, as a share of the floor's


def connections_csv(rows: int) -> bytes:
    out = io.StringIO()
    out.write('Notes:\n"When exporting your connection data, you may notice ..."\n\n')
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    for n in range(rows):
        writer.writerow(
            [
                f"First{n}",
                f"Last{n}",
                f"https://www.linkedin.com/in/person-{n}",
                f"person{n}@example.org" if n % 3 == 0 else "",
                f"Company {n % COMPANIES}",
                ("Engineer", "Designer", "Manager", "Founder")[n % 4],
                f"{1 + n % 28:02d} {months[n % 12]} {2010 + n % 15}",
            ]
        )
    return out.getvalue().encode()


def empty_user(username: str):
    """The user, with nothing in it (deleted and made again, untimed)."""
    from django.db import connection

    from accounts.models import User

    User.objects.filter(username=username).delete()
    with connection.cursor() as cursor:
        # What autovacuum does between two imports on a running server: without it, each run
        # inserts into tables (and their trigram index) full of the last run's dead rows.
        cursor.execute("VACUUM ANALYZE")
    return User.objects.create_user(username=username, password=None, time_zone="UTC")


def run_import(data: bytes) -> dict:
    from django.core.files.base import ContentFile

    from portability.importing import flow
    from portability.models import ImportJob, ImportStatus

    owner = empty_user("bench-import")
    job = ImportJob(owner=owner, filename="Connections.csv", format="linkedin")
    job.file.save("bench/Connections.csv", ContentFile(data), save=False)
    job.status = ImportStatus.PARSING
    job.save()
    started = time.perf_counter()
    flow.import_parse_run(job=job)
    previewed = time.perf_counter()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.APPLYING)
    job.refresh_from_db()
    flow.import_apply_run(job=job)
    done = time.perf_counter()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.failure
    assert job.summary["created"] == ROWS, job.summary
    return {
        "seconds": done - started,
        "preview_seconds": previewed - started,
        "apply_seconds": done - previewed,
    }


def run_floor(data: bytes) -> float:
    from contacts.models import Contact, ContactEmail, SocialProfile
    from contacts.services.search import build_search_text

    owner = empty_user("bench-import-floor")
    started = time.perf_counter()
    lines = data.decode("utf-8").splitlines()
    rows = list(csv.reader(lines[3:]))[1:]
    days: dict[str, date] = {}
    for r in rows:
        if r[6] not in days:
            # A day, not an instant: there is no time zone to give.
            days[r[6]] = datetime.strptime(r[6], "%d %b %Y").date()  # noqa: DTZ007
    contacts = Contact.objects.bulk_create(
        [
            Contact(
                owner=owner,
                first_name=r[0],
                last_name=r[1],
                display_name=f"{r[0]} {r[1]}",
                job_title=r[5],
                met_on=days[r[6]],
                search_text=build_search_text(
                    display_name=f"{r[0]} {r[1]}",
                    names=[r[0], r[1]],
                    emails=[r[3]] if r[3] else [],
                    organizations=[r[4].casefold()],
                    job_title=r[5],
                ),
            )
            for r in rows
        ],
        batch_size=2000,
    )
    ContactEmail.objects.bulk_create(
        [
            ContactEmail(owner=owner, contact=c, email=r[3])
            for c, r in zip(contacts, rows, strict=True)
            if r[3]
        ],
        batch_size=2000,
    )
    SocialProfile.objects.bulk_create(
        [
            SocialProfile(owner=owner, contact=c, network="linkedin", url=r[2])
            for c, r in zip(contacts, rows, strict=True)
        ],
        batch_size=2000,
    )
    return time.perf_counter() - started


def check_same_rows() -> None:
    """The floor stored what the import stored: the same contacts, emails and profiles."""
    from contacts.models import Contact, ContactEmail, SocialProfile

    def rows(username: str) -> list[set]:
        columns = ("display_name", "first_name", "last_name", "job_title", "met_on")
        people = Contact.objects.filter(owner__username=username)
        return [
            set(people.values_list(*columns, "search_text")),
            set(ContactEmail.objects.filter(owner__username=username).values_list("email")),
            set(SocialProfile.objects.filter(owner__username=username).values_list("url")),
        ]

    imported, floor = rows("bench-import"), rows("bench-import-floor")
    for kind, a, b in zip(("contacts", "emails", "profiles"), imported, floor, strict=True):
        assert a == b, f"The floor's {kind} differ from the import's: {sorted(a ^ b)[:3]}"


def main() -> int:
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        print("The benchmark runs on PostgreSQL: set DATABASE_URL to a postgres:// URL.")
        return 2
    ensure_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from interactions import tasks as interaction_tasks

    call_command("migrate", verbosity=0)
    settings.DEBUG = False
    # The recompute an import queues runs in a worker after it: not part of the import's time.
    interaction_tasks.recompute_contact_health.delay = lambda *args, **kwargs: None
    data = connections_csv(ROWS)

    run_floor(data)  # warms the caches, so neither side pays for the first reads
    imports, floors = [], []
    for _ in range(RUNS):
        floors.append(run_floor(data))
        imports.append(run_import(data))
    check_same_rows()
    empty_user("bench-import")
    empty_user("bench-import-floor")

    def median(values) -> float:
        return round(statistics.median(values), 3)

    import_seconds = median(run["seconds"] for run in imports)
    floor_seconds = median(floors)
    share = floor_seconds / import_seconds
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    result = {
        "benchmark": "LinkedIn import (parse, match, preview, apply) vs csv + bulk_create",
        "rows": ROWS,
        "bytes": len(data),
        "runs": RUNS,
        "import_seconds": {
            "median": import_seconds,
            "preview": median(run["preview_seconds"] for run in imports),
            "apply": median(run["apply_seconds"] for run in imports),
            "all": [round(run["seconds"], 3) for run in imports],
        },
        "floor_seconds": {"median": floor_seconds, "all": [round(s, 3) for s in floors]},
        "import_rows_per_second": round(ROWS / import_seconds),
        "floor_rows_per_second": round(ROWS / floor_seconds),
        "share_of_floor": round(share, 2),
        "target_share": TARGET,
        "passed": share >= TARGET,
        "postgresql": server_version,
        "python": platform.python_version(),
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs",
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Rows: {ROWS} ({len(data) / 1e6:.1f} MB), {RUNS} runs each")
    floor_rate = ROWS / floor_seconds
    print(f"Floor (csv + bulk_create): median {floor_seconds:6.2f} s, {floor_rate:8.0f} rows/s")
    print(
        f"Import (parse, match, preview, apply): median {import_seconds:6.2f} s, "
        f"{ROWS / import_seconds:8.0f} rows/s (preview {result['import_seconds']['preview']:.2f} s,"
        f" apply {result['import_seconds']['apply']:.2f} s)"
    )
    verdict = "meets" if result["passed"] else "BELOW"
    print(f"Import speed: {share:.2f} of the floor's ({verdict} the target of {TARGET})")
    print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
