from io import StringIO

import pytest
from django.core.management import call_command

from interactions.models import ContactHealth
from reminders.models import Heartbeat
from tests.factories import ContactFactory, InteractionFactory

pytestmark = pytest.mark.django_db


def test_it_recomputes_everyone_and_says_how_many_rows_it_wrote(owner, stranger):
    InteractionFactory(owner=owner, participants=[ContactFactory(owner=owner)])
    ContactFactory(owner=stranger)
    output = StringIO()

    call_command("recompute_health", stdout=output)

    assert ContactHealth.objects.count() == 2
    assert "2 rows written" in output.getvalue()
    assert Heartbeat.objects.filter(name="health recompute").exists()
