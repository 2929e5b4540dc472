"""The week's band drops (the dashboard's Needs attention) are read latest first, ties by id:
with the id in the index there is nothing left to sort, and PostgreSQL keeps one plan for the
prepared read instead of planning it on every visit."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0011_active_name_index_includes_name"),
        ("interactions", "0009_network_counts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="contacthealth",
            name="health_owner_band_changed_idx",
        ),
        migrations.AddIndex(
            model_name="contacthealth",
            index=models.Index(
                condition=models.Q(("band_changed_at__isnull", False)),
                fields=["owner", "band_changed_at", "id"],
                name="health_owner_band_changed_idx",
            ),
        ),
    ]
