"""`manage.py seed_demo`: a demo user with a realistic network, to try Rapport or benchmark it.

Idempotent: without --reset an existing demo network is kept and only the login is refreshed, so
`make run` can call it every time.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from contacts.demo.network import (
    demo_counts,
    demo_network_create,
    demo_organization_capacity,
    demo_user_prepare,
)
from interactions.demo import demo_interactions_create
from reminders.demo import demo_reminders_create


class Command(BaseCommand):
    help = "Create (or refresh) a demo user with a realistic network of contacts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="demo")
        parser.add_argument("--password", default="demo")
        parser.add_argument("--contacts", type=int, default=150, help="Default: 150.")
        parser.add_argument("--organizations", type=int, default=20, help="Default: 20.")
        parser.add_argument(
            "--interactions",
            type=int,
            # Enough for timelines and every health band to show in the demo.
            default=1200,
            help="Interactions with those contacts over the past years, and their health. "
            "Default: 1200.",
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="The same seed makes the same people."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo user and everything it owns first, then seed again.",
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Seed even with DEBUG off (benchmarks). Never on a server people use: the demo "
            "login has a known password.",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "seed_demo creates a login with a known password, so it runs only with DEBUG on. "
                "Pass --allow-without-debug if this is not a server people use."
            )
        contacts, organizations = options["contacts"], options["organizations"]
        if min(contacts, organizations, options["interactions"]) < 0:
            raise CommandError("--contacts, --organizations and --interactions cannot be negative.")
        if organizations > demo_organization_capacity():
            raise CommandError(
                f"--organizations can be at most {demo_organization_capacity()}: "
                "the demo runs out of organization names after that."
            )

        username, password = options["username"], options["password"]
        started = time.monotonic()
        user, _ = demo_user_prepare(username=username, password=password, reset=options["reset"])
        existing = demo_counts(user=user)
        if existing.contacts or existing.organizations:
            self.stdout.write(
                f"{username} already has {existing.contacts} contacts and "
                f"{existing.organizations} organizations; kept them (--reset rebuilds them)."
            )
        else:
            counts = demo_network_create(
                user=user, contacts=contacts, organizations=organizations, seed=options["seed"]
            )
            self.stdout.write(
                f"Created {counts.contacts} contacts, {counts.organizations} organizations, "
                f"{counts.tags} tags and {counts.memberships} memberships for {username} "
                f"in {time.monotonic() - started:.1f} s."
            )
            if options["interactions"]:
                created = demo_interactions_create(
                    user=user, count=options["interactions"], seed=options["seed"]
                )
                self.stdout.write(
                    f"Logged {created} interactions and computed everyone's health "
                    f"({time.monotonic() - started:.1f} s in all)."
                )
            reminders = demo_reminders_create(user=user, seed=options["seed"])
            self.stdout.write(
                f"Made {reminders.pending} pending reminders ({reminders.overdue} overdue) and "
                f"{reminders.events} past events with people met "
                f"({time.monotonic() - started:.1f} s in all)."
            )
        login_url = settings.SITE_URL + reverse("accounts:login")
        self.stdout.write(self.style.SUCCESS(f"Log in at {login_url} as {username} / {password}"))
