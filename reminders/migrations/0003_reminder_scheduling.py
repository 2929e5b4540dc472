# What scheduling needs: where a series counts from, which occurrence follows which, and the day
# each reminder shows (a column the database computes, with the lists' index on it).

import django.db.models.deletion
import django.db.models.functions.comparison
import reminders.expressions
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reminders', '0002_reminder'),
    ]

    operations = [
        migrations.AlterField(
            model_name='reminder',
            name='kind',
            field=models.CharField(choices=[('follow_up', 'Follow up'), ('keep_in_touch', 'Keep in touch'), ('after_event', 'After an event'), ('birthday', 'Birthday'), ('recurring', 'Custom recurring')], default='follow_up', max_length=20),
        ),
        migrations.AddField(
            model_name='reminder',
            name='recur_anchor',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='reminder',
            name='previous_occurrence',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='next_occurrence', to='reminders.reminder'),
        ),
        migrations.AddField(
            model_name='reminder',
            name='remind_on',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.functions.comparison.Coalesce('snoozed_until', reminders.expressions.DaysBefore('due_on', 'notice_days')), output_field=models.DateField()),
        ),
        # The lists read by remind_on now, not by due_on.
        migrations.RemoveIndex(
            model_name='reminder',
            name='reminder_pending_due_idx',
        ),
        migrations.AddIndex(
            model_name='reminder',
            index=models.Index(condition=models.Q(('status__in', ('open', 'snoozed'))), fields=['owner', 'remind_on'], name='reminder_pending_remind_idx'),
        ),
        migrations.AddIndex(
            model_name='reminder',
            index=models.Index(condition=models.Q(('status', 'snoozed')), fields=['snoozed_until'], name='reminder_snoozed_idx'),
        ),
        migrations.AddIndex(
            model_name='reminder',
            index=models.Index(condition=models.Q(('status__in', ('open', 'snoozed')), models.Q(('recur_unit', ''), _negated=True)), fields=['due_on'], name='reminder_pending_series_idx'),
        ),
    ]
