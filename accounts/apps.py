from django.apps import AppConfig
from django.core import checks

from accounts.checks import check_email_backend, check_site_url


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        checks.register(check_site_url)
        checks.register(check_email_backend)
