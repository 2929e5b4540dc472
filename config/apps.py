from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.db.backends.signals import connection_created


class RapportAdminConfig(AdminConfig):
    """The admin with Rapport's site (config.admin.RapportAdminSite) as admin.site."""

    default_site = "config.admin.RapportAdminSite"


class RapportConfig(AppConfig):
    """The project's own package: what its shared modules need from Django at start-up."""

    name = "config"
    verbose_name = "Rapport"

    def ready(self):
        from config.raw_reads import plan_once

        connection_created.connect(plan_once, dispatch_uid="config.raw_reads.plan_once")
