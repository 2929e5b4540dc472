import pytest
from django.core import checks

from accounts.checks import check_email_backend, check_site_url

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def ids(messages) -> list[str]:
    return [message.id for message in messages]


@pytest.mark.parametrize(
    "site_url",
    ["rapport.example.com", "ftp://rapport.example.com", "https://", "", "//rapport.example.com"],
)
def test_a_site_url_without_http_or_https_is_an_error(settings, site_url):
    settings.SITE_URL = site_url

    (error,) = check_site_url(None)

    assert error.id == "accounts.E001"
    assert error.level == checks.ERROR
    assert "SITE_URL=https://" in error.hint


@pytest.mark.parametrize("site_url", ["https://rapport.example.com", "http://crm.lan:8000"])
def test_an_absolute_site_url_passes(settings, site_url):
    settings.DEBUG = False
    settings.SITE_URL = site_url

    assert check_site_url(None) == []


@pytest.mark.parametrize(
    "site_url", ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"]
)
def test_a_site_url_on_this_machine_warns_only_with_debug_off(settings, site_url):
    settings.SITE_URL = site_url

    settings.DEBUG = True
    assert check_site_url(None) == []
    settings.DEBUG = False
    assert ids(check_site_url(None)) == ["accounts.W002"]


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    ],
)
def test_a_local_email_backend_warns_only_with_debug_off(settings, backend):
    settings.EMAIL_BACKEND = backend

    settings.DEBUG = True
    assert check_email_backend(None) == []
    settings.DEBUG = False
    (warning,) = check_email_backend(None)
    assert warning.id == "accounts.W001"
    assert warning.level == checks.WARNING
    assert "EMAIL_URL" in warning.hint


def test_a_real_email_backend_passes(settings):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = SMTP

    assert check_email_backend(None) == []


def test_both_checks_run_with_the_others(settings):
    settings.DEBUG = False
    settings.SITE_URL = "rapport.example.com"
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    found = ids(checks.run_checks())

    assert "accounts.E001" in found
    assert "accounts.W001" in found
