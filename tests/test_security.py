"""The security baseline every page keeps: a strict Content-Security-Policy the markup really
passes, no caching of private pages, and production settings that hold up to `check --deploy`."""

import os
import runpy
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

BASE_DIR = Path(django_settings.BASE_DIR)

ANONYMOUS_PAGES = [
    "accounts:login",
    "accounts:signup",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
]
SIGNED_IN_PAGES = [
    "home",
    "accounts:profile",
    "accounts:password_change",
    "accounts:password_change_done",
    "contacts:contact_list",
    "contacts:contact_create",
]


class InlineCodeFinder(HTMLParser):
    """Collects everything in a page that a strict CSP would block or that loads from elsewhere."""

    # Data blocks such as Django's json_script are not run by the browser, so the CSP allows them.
    DATA_TYPES = frozenset({"application/json", "application/ld+json"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        where = f"line {self.getpos()[0]}: <{tag}>"
        if tag == "style":
            self.problems.append(f"{where} is a <style> element")
        if tag == "script":
            if attributes.get("src"):
                self._check_same_origin(where, attributes["src"])
            elif attributes.get("type") not in self.DATA_TYPES:
                self._inline_script = True
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self._check_same_origin(where, attributes.get("href") or "")
        for name, value in attributes.items():
            if name == "style":
                self.problems.append(f"{where} has a style attribute")
            elif name.startswith("on"):
                self.problems.append(f"{where} has an inline handler {name}=")
            elif (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"{where} has a javascript: URL in {name}=")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = False

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.problems.append(f"line {self.getpos()[0]}: inline script {data.strip()[:60]!r}")

    def _check_same_origin(self, where, url):
        if not url.startswith("/") or url.startswith("//"):
            self.problems.append(f"{where} loads {url!r} from another origin")


def problems_in(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def signed_in(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


# --- The parser itself: each rule catches what it is for ------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        "<style>body { color: red }</style>",
        '<p style="color: red">x</p>',
        '<button onclick="go()">x</button>',
        '<a href="javascript:go()">x</a>',
        '<script src="https://cdn.example.com/lib.js"></script>',
        '<link rel="stylesheet" href="//cdn.example.com/lib.css">',
    ],
)
def test_the_page_scanner_catches(html):
    assert problems_in(html)


@pytest.mark.parametrize(
    "html",
    [
        '<script src="/static/js/rapport.js"></script>',
        '<script id="data" type="application/json">{"a": 1}</script>',
        '<link rel="stylesheet" href="/static/css/rapport.css">',
        "<p>style=&quot;x&quot; as text is fine</p>",
    ],
)
def test_the_page_scanner_lets_through(html):
    assert problems_in(html) == []


# --- Content-Security-Policy ----------------------------------------------------------------


def test_the_policy_allows_only_our_own_scripts_and_styles(client, signed_in):
    for response in (client.get(reverse("accounts:login")), signed_in.get(reverse("home"))):
        directives = csp_directives(response)

        assert directives["script-src"] == ["'self'"]
        assert directives["style-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("url_name", ANONYMOUS_PAGES)
def test_anonymous_pages_pass_the_policy(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert problems_in(response.content.decode()) == []


@pytest.mark.parametrize("url_name", SIGNED_IN_PAGES)
def test_signed_in_pages_pass_the_policy(signed_in, url_name):
    response = signed_in.get(reverse(url_name))

    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert problems_in(response.content.decode()) == []


def test_pages_showing_errors_pass_the_policy(client, signed_in):
    """Forms with errors render extra markup (alerts, invalid-feedback): it must pass too."""
    pages = [
        client.post(reverse("accounts:signup"), {"username": "x y", "time_zone": "Nowhere"}),
        client.post(reverse("accounts:login"), {"username": "nobody", "password": "x"}),
        signed_in.post(reverse("accounts:profile"), {"email": "nope", "time_zone": "Nowhere"}),
    ]

    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert "is-invalid" in html or "alert-block" in html
        assert problems_in(html) == []


def test_an_expired_reset_link_page_passes_the_policy(client):
    response = client.get(
        reverse("accounts:password_reset_confirm", args=["MQ", "bad-token"]), follow=True
    )

    assert "This link no longer works" in response.content.decode()
    assert problems_in(response.content.decode()) == []


def test_the_lockout_page_passes_the_policy(client, owner):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("accounts:login"), {"username": "owner", "password": "x"})

    assert response.status_code == 429
    assert problems_in(response.content.decode()) == []


# --- Caching --------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["home", "accounts:profile", "accounts:password_change"])
def test_signed_in_pages_are_never_stored(signed_in, url_name):
    response = signed_in.get(reverse(url_name))

    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url_name", ["accounts:signup", "accounts:password_reset"])
def test_anonymous_pages_are_not_marked_private(client, url_name):
    response = client.get(reverse(url_name))

    assert "no-store" not in response.get("Cache-Control", "")


def test_the_login_page_keeps_djangos_own_cache_headers(client):
    """Django's LoginView sends never_cache (it holds a CSRF token); our signed-in rule does not
    replace it for anonymous visitors."""
    response = client.get(reverse("accounts:login"))

    assert response["Cache-Control"] != "no-store"
    assert "private" in response["Cache-Control"]


# --- Production settings: DEBUG off ---------------------------------------------------------


PRODUCTION_SECURITY_SETTINGS = [
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
]


@pytest.fixture
def production(settings, monkeypatch, tmp_path):
    """Apply what config/settings.py computes with DEBUG off, whatever the test run's own DEBUG."""
    monkeypatch.setenv("DEBUG", "false")
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("RAPPORT_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("SECURE_SSL_REDIRECT", raising=False)
    computed = runpy.run_path(str(BASE_DIR / "config" / "settings.py"))
    for name in PRODUCTION_SECURITY_SETTINGS:
        setattr(settings, name, computed[name])
    return settings


def test_with_debug_off_https_is_enforced_with_hsts(production, client):
    plain = client.get(reverse("accounts:login"))
    secure = client.get(reverse("accounts:login"), secure=True)

    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/accounts/login/"
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_with_debug_off_the_session_and_csrf_cookies_are_secure(production, client, owner):
    page = client.get(reverse("accounts:login"), secure=True)
    login = client.post(
        reverse("accounts:login"), {"username": "owner", "password": PASSWORD}, secure=True
    )

    assert login.status_code == 302
    assert page.cookies["csrftoken"]["secure"] is True
    assert login.cookies["sessionid"]["secure"] is True
    assert login.cookies["sessionid"]["httponly"] is True


def manage_check_deploy(tmp_path, **environment) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        # Test-run conveniences from pyproject's pytest env; production leaves them unset.
        if key not in {"SECURE_SSL_REDIRECT", "EMAIL_URL", "SITE_URL", "ALLOWED_HOSTS"}
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="rapport.example.com",
        SITE_URL="https://rapport.example.com",
        RAPPORT_VAR_DIR=str(tmp_path),
        **environment,
    )
    env = {key: value for key, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_values(tmp_path):
    result = manage_check_deploy(tmp_path, EMAIL_URL="smtp://mail.rapport.example.com:587")

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "System check identified no issues" in output


def test_check_deploy_warns_when_emails_would_never_leave_the_server(tmp_path):
    result = manage_check_deploy(tmp_path, EMAIL_URL=None)

    assert result.returncode == 1
    assert "accounts.W001" in result.stderr
