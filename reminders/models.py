from django.db import models


class Heartbeat(models.Model):
    """When a periodic task last ran: proof that beat schedules and a worker executes.

    A system row, not owned by any user; the operations status page reads it.
    """

    name = models.CharField(max_length=100, unique=True)
    last_seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_seen_at:%Y-%m-%d %H:%M:%S}"
