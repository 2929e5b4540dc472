"""Interactions made by a contact import (a day of a LinkedIn conversation) remember what they
were made from, so importing the same messages again finds them instead of logging them twice.
Blank for everything logged by hand, and unique per owner only when set."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("interactions", "0007_health_attention"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="interaction",
            name="import_key",
            field=models.CharField(blank=True, editable=False, max_length=255),
        ),
        migrations.AddConstraint(
            model_name="interaction",
            constraint=models.UniqueConstraint(
                models.F("owner"),
                models.F("import_key"),
                condition=~models.Q(import_key=""),
                name="interaction_import_key_unique_per_owner",
            ),
        ),
    ]
