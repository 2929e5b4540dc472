"""`seed_demo --interactions`: the history the demo and the health benchmark run on."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from contacts.models import Contact
from interactions.demo import demo_interactions_create
from interactions.models import ContactHealth, Interaction, Participation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    settings.DEBUG = True


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_it_logs_the_interactions_and_computes_everyones_health():
    output = seed("--contacts", "40", "--organizations", "5", "--interactions", "400")

    demo = User.objects.get(username="demo")
    # The history; the demo's events add the people met there and a few follow-ups of their own.
    assert Interaction.objects.filter(owner=demo, event__isnull=True).count() == 400
    assert "Logged 400 interactions and computed everyone's health" in output
    participations = Participation.objects.filter(owner=demo)
    # Everyone in an interaction, with its facts copied as interaction_log copies them.
    assert participations.count() >= 400
    assert not participations.exclude(contact__owner=demo).exists()
    assert not participations.exclude(
        occurred_at=F("interaction__occurred_at"),
        kind=F("interaction__kind"),
        initiated_by=F("interaction__initiated_by"),
        value=F("interaction__value"),
    ).exists()
    assert ContactHealth.objects.filter(owner=demo).count() == 40
    # A network's worth of relationships: some thriving, some fading.
    assert len(set(ContactHealth.objects.values_list("band", flat=True))) >= 3


def test_the_same_seed_logs_the_same_history():
    seed("--username", "first", "--contacts", "20", "--interactions", "100", "--seed", "5")
    seed("--username", "second", "--contacts", "20", "--interactions", "100", "--seed", "5")

    def history(username):
        return list(
            Interaction.objects.filter(owner__username=username)
            .order_by("pk")
            .values_list("kind", "initiated_by", "value", "summary")
        )

    assert history("first") == history("second")


def test_it_writes_in_batches_not_one_interaction_at_a_time():
    seed("--contacts", "30", "--organizations", "3")
    demo = User.objects.get(username="demo")

    with CaptureQueriesContext(connection) as captured:
        assert demo_interactions_create(user=demo, count=600, seed=1) == 600

    # SQLite splits a bulk insert by its parameter limit, so the count grows slowly with size;
    # a query per interaction would make 600 or more.
    assert len(captured.captured_queries) < 600 / 5
    assert Contact.objects.filter(owner=demo, health__isnull=False).count() == 30


def test_a_negative_count_is_refused_before_anything_is_written():
    with pytest.raises(CommandError, match="cannot be negative"):
        seed("--interactions", "-1")

    assert not User.objects.filter(username="demo").exists()


def test_without_contacts_there_is_nothing_to_log():
    output = seed("--contacts", "0", "--interactions", "50")

    assert not Interaction.objects.exists()
    assert "Logged 0 interactions" in output
