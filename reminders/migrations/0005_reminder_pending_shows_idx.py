"""An index of pending reminders in the order the lists show them (reminders.models.SHOWS_ON):
the dashboard's Today reads its first few rows instead of sorting every overdue reminder."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0004_digest"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="reminder",
            index=models.Index(
                models.F("owner"),
                models.Case(
                    models.When(snoozed_until__gt=models.F("due_on"), then=models.F("snoozed_until")),
                    default=models.F("due_on"),
                ),
                models.F("remind_on"),
                models.F("due_time"),
                models.F("id"),
                condition=models.Q(("status__in", ("open", "snoozed"))),
                name="reminder_pending_shows_idx",
            ),
        ),
    ]
