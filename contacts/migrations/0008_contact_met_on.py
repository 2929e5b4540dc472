"""The day the user first met (or connected with) a contact: typed on the form, or filled from
LinkedIn's "Connected On" by a contact import when still blank. Nullable, so existing contacts
simply have none."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0007_active_name_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="met_on",
            field=models.DateField(blank=True, null=True, verbose_name="When we met"),
        ),
    ]
