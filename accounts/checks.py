"""System checks for settings that Django cannot judge but that break accounts quietly."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning

# Backends that keep messages on this machine: fine while developing, but with DEBUG off a
# password reset email would never reach anyone.
_LOCAL_EMAIL_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def check_site_url(app_configs, **kwargs):
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return [
            Error(
                f"SITE_URL {settings.SITE_URL!r} is not an absolute http:// or https:// address.",
                hint="Links in emails are built from it. Set SITE_URL, "
                "e.g. SITE_URL=https://rapport.example.com",
                id="accounts.E001",
            )
        ]
    if not settings.DEBUG and parts.hostname in _LOCAL_HOSTS:
        return [
            Warning(
                f"SITE_URL {settings.SITE_URL!r} points at this machine while DEBUG is off.",
                hint="Password reset links would only work on the server itself. Set SITE_URL "
                "to the address people use, e.g. SITE_URL=https://rapport.example.com",
                id="accounts.W002",
            )
        ]
    return []


def check_email_backend(app_configs, **kwargs):
    if not settings.DEBUG and settings.EMAIL_BACKEND in _LOCAL_EMAIL_BACKENDS:
        return [
            Warning(
                f"With DEBUG off, emails go to {settings.EMAIL_BACKEND} and are never sent.",
                hint="Set EMAIL_URL to your mail server, "
                "e.g. EMAIL_URL=smtp+tls://user:password@smtp.example.com:587",
                id="accounts.W001",
            )
        ]
    return []
