"""The shape of each user's network stored (NetworkCount): the dashboard's summary and charts
read a dozen rows instead of counting every contact and its health on each visit. Filled here
for every user from their contacts, with the same figures interactions.services.network keeps
from now on; the reverse drops them (the dashboard then counts live)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count

TIERS = ["inner", "close", "network", "acquaintance"]
BANDS = ["thriving", "healthy", "cooling", "at_risk", "dormant"]


def count_every_network(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Contact = apps.get_model("contacts", "Contact")
    Organization = apps.get_model("contacts", "Organization")
    ContactHealth = apps.get_model("interactions", "ContactHealth")
    NetworkCount = apps.get_model("interactions", "NetworkCount")
    for owner_id in User.objects.values_list("pk", flat=True):
        active = Contact.objects.filter(owner_id=owner_id, archived_at__isnull=True)
        tiers = dict(active.values_list("tier").annotate(n=Count("*")).order_by())
        bands = dict(
            ContactHealth.objects.filter(owner_id=owner_id, contact__archived_at__isnull=True)
            .values_list("band")
            .annotate(n=Count("*"))
            .order_by()
        )
        rows = [("tier", tier, tiers.get(tier, 0)) for tier in TIERS]
        rows += [("band", band, bands.get(band, 0)) for band in BANDS]
        rows += [
            ("archived", "", Contact.objects.filter(owner_id=owner_id, archived_at__isnull=False).count()),
            ("organizations", "", Organization.objects.filter(owner_id=owner_id).count()),
        ]
        NetworkCount.objects.bulk_create(
            NetworkCount(owner_id=owner_id, part=part, key=key, count=count)
            for part, key, count in rows
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0011_active_name_index_includes_name"),
        ("interactions", "0008_interaction_import_key"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="NetworkCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "part",
                    models.CharField(
                        choices=[
                            ("tier", "Tier"),
                            ("band", "Band"),
                            ("archived", "Archived"),
                            ("organizations", "Organizations"),
                        ],
                        max_length=16,
                    ),
                ),
                ("key", models.CharField(blank=True, max_length=16)),
                ("count", models.PositiveIntegerField()),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("owner", "part", "key"), name="network_count_once")
                ],
            },
        ),
        migrations.RunPython(count_every_network, migrations.RunPython.noop),
    ]
