from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API under /api/v1/ (docs/api.md). No models: it writes through the services of
    contacts, interactions and reminders, and reads with owner-scoped querysets."""

    name = "api"
    verbose_name = "REST API"
