"""The one Celery app. Settings come from Django's (CELERY_* names); the schedule lives there."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("rapport")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Tasks of packages inside an app (autodiscovery looks for <app>.tasks only).
app.autodiscover_tasks(["reminders.digests"])
