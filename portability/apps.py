from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    """A user's data out and back in: the private calendar feed, the export zip and its
    restore. Reads through owner-scoped querysets; restores write through the services."""

    name = "portability"
    verbose_name = "Export, restore and calendar feed"
