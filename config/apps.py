from django.contrib.admin.apps import AdminConfig


class RapportAdminConfig(AdminConfig):
    """The admin with Rapport's site (config.admin.RapportAdminSite) as admin.site."""

    default_site = "config.admin.RapportAdminSite"
