"""The beat heartbeat: the one periodic task, called as a function (the real worker has its own
test in tests/test_celery_worker.py)."""

from datetime import UTC, datetime

import pytest
import time_machine

from reminders.models import Heartbeat
from reminders.tasks import record_beat_heartbeat

pytestmark = pytest.mark.django_db


def test_the_heartbeat_task_records_when_it_ran():
    with time_machine.travel(datetime(2026, 11, 22, 8, 0, tzinfo=UTC), tick=False):
        record_beat_heartbeat()

    assert Heartbeat.objects.get(name="beat").last_seen_at == datetime(
        2026, 11, 22, 8, 0, tzinfo=UTC
    )


def test_running_it_again_moves_the_one_heartbeat_forward():
    with time_machine.travel(datetime(2026, 11, 22, 8, 0, tzinfo=UTC), tick=False):
        record_beat_heartbeat()
    with time_machine.travel(datetime(2026, 11, 22, 8, 1, tzinfo=UTC), tick=False):
        record_beat_heartbeat()

    assert list(Heartbeat.objects.values_list("name", "last_seen_at")) == [
        ("beat", datetime(2026, 11, 22, 8, 1, tzinfo=UTC))
    ]
