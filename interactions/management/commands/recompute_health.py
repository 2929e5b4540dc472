"""`manage.py recompute_health`: what the nightly task does, now, in this process.

For after an upgrade whose migration drops stored health (derived data), or to check the
recompute by hand; the nightly beat task does the same thing every night.
"""

import time

from django.core.management.base import BaseCommand

from interactions.services.health import health_recompute


class Command(BaseCommand):
    help = "Recompute every contact's relationship health now (the nightly task does it too)."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        written = health_recompute()
        seconds = time.perf_counter() - started
        self.stdout.write(f"Recomputed health: {written} rows written in {seconds:.1f} s.")
