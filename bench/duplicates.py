"""Benchmark: finding possible duplicates among 10,000 contacts, against its floor, on PostgreSQL.

    make bench   # in BENCH_DATABASE_URL, by default postgres://postgres@127.0.0.1:5432/rapport_bench

1. Creates the database if it is missing and migrates it.
2. Seeds the user "bench-duplicates" with seed_demo: 10,000 contacts (no interactions; reused when
   already there). The demo's names come from short lists, so many people share a first or last
   name, and a few share a full name: the hard case for blocking.
3. Times, five times each and interleaved, `duplicate_candidates()` (emails, phones, LinkedIn
   profiles, then fuzzy names within blocks) and its floor: the same four reads of names, emails,
   phones and profiles, fetched to Python, with no comparison at all. The ratio is what grouping,
   blocking and rapidfuzz add to reading the data; comparing every pair of names instead would
   be 50 million comparisons.
4. Prints the medians and the ratio and writes bench/results/duplicates.json. The target is a
   ratio of at most 10; the verdict is reported, not enforced, since timings depend on the machine.

BENCH_CONTACTS changes the size.
"""

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.health_recompute import DEFAULT_DATABASE_URL, ensure_database  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "duplicates.json"
USERNAME = "bench-duplicates"
CONTACTS = int(os.environ.get("BENCH_CONTACTS", "10000"))
RUNS = 5
TARGET_RATIO = 10.0


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

    call_command("migrate", verbosity=0)
    user = seed()
    settings.DEBUG = False
    result = measure(user)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    finder, floor = result["finder_seconds"], result["floor_seconds"]
    print(f"Contacts: {result['contacts']}, pairs found: {result['pairs']}")
    print(f"Floor (the four reads):  median {floor['median'] * 1000:7.0f} ms over {RUNS} runs")
    print(f"Finder (every signal):   median {finder['median'] * 1000:7.0f} ms over {RUNS} runs")
    verdict = "within" if result["passed"] else "ABOVE"
    print(f"Ratio: {result['ratio']:.2f} ({verdict} the target of {TARGET_RATIO})")
    print(f"Written to {RESULTS.relative_to(ROOT)}")
    return 0


def seed():
    from django.core.management import call_command

    from accounts.models import User
    from contacts.models import Contact

    user = User.objects.filter(username=USERNAME).first()
    if user is not None and Contact.objects.filter(owner=user).count() == CONTACTS:
        print(f"Reusing {USERNAME}: {CONTACTS} contacts")
        return user
    started = time.perf_counter()
    call_command(
        "seed_demo",
        username=USERNAME,
        contacts=CONTACTS,
        organizations=200,
        interactions=0,
        reset=True,
        allow_without_debug=True,
    )
    print(f"Seeded in {time.perf_counter() - started:.1f} s")
    return User.objects.get(username=USERNAME)


def measure(user) -> dict:
    from contacts.models import Contact, ContactEmail, ContactPhone, SocialProfile
    from contacts.selectors.duplicates import duplicate_candidates

    def floor() -> float:
        started = time.perf_counter()
        list(
            Contact.objects.filter(owner=user, archived_at__isnull=True).values_list(
                "pk", "display_name"
            )
        )
        for model, column in (
            (ContactEmail, "email"),
            (ContactPhone, "number"),
            (SocialProfile, "url"),
        ):
            list(
                model.objects.filter(owner=user, contact__archived_at__isnull=True).values_list(
                    "contact_id", column
                )
            )
        return time.perf_counter() - started

    def finder() -> tuple[float, int]:
        started = time.perf_counter()
        pairs = duplicate_candidates(user=user)
        return time.perf_counter() - started, len(pairs)

    floor()
    finder()
    floors, finders = [], []
    for _ in range(RUNS):
        floors.append(floor())
        seconds, pairs = finder()
        finders.append(seconds)
    floor_median = statistics.median(floors)
    finder_median = statistics.median(finders)
    ratio = finder_median / floor_median
    return {
        "benchmark": "duplicate finder vs reading its data",
        "contacts": Contact.objects.filter(owner=user).count(),
        "pairs": pairs,
        "runs": RUNS,
        "finder_seconds": {
            "median": round(finder_median, 4),
            "all": [round(s, 4) for s in finders],
        },
        "floor_seconds": {"median": round(floor_median, 4), "all": [round(s, 4) for s in floors]},
        "ratio": round(ratio, 2),
        "target_ratio": TARGET_RATIO,
        "passed": ratio <= TARGET_RATIO,
        "python": platform.python_version(),
        "machine": f"{platform.platform()}, {os.cpu_count()} CPUs",
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


if __name__ == "__main__":
    sys.exit(main())
