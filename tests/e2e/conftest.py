"""Browser tests: Debian's chromium, driven by Playwright, against pytest-django's live server.

Every test gets a `browser_page`: a fresh browser context at desktop width that records console
errors (Content-Security-Policy violations among them), uncaught script errors and server errors,
and fails the test if any appeared. `browser_page.shoot("step")` saves the page at desktop and
phone widths under tests/e2e/screenshots/<test name>/ (git-ignored) so a person can look at them.

Playwright never downloads a browser here: chromium comes from Debian (`apt-get install chromium`).
Without it the tests are skipped, except on CI where a missing browser is a failure.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Long enough for a cold live server on a slow CI machine, short enough to fail fast on a hang.
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items):
    e2e_dir = Path(__file__).parent
    for item in items:
        if e2e_dir in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _live_server_settings(settings, monkeypatch):
    # With DEBUG off the project uses the manifest storage, which needs `collectstatic`; the live
    # server serves straight from the finders (node_modules included), so plain URLs are enough.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Secure cookies stay on: chromium treats http://localhost as a secure origin and keeps them,
    # so the browser sees the same cookies as production. The live server must therefore be
    # reached as localhost, never 127.0.0.1, where chromium would drop them.
    assert django_settings.SESSION_COOKIE_SECURE or django_settings.DEBUG
    # Playwright's sync API runs an event loop in this thread, and Django refuses ORM calls from a
    # thread with a running loop; the test code is plain synchronous code all the same.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class BrowserPage:
    """A Playwright page that remembers what went wrong and saves screenshots at two widths."""

    def __init__(self, page, base_url: str, screenshot_dir: Path):
        self.page = page
        self.base_url = base_url
        self.screenshot_dir = screenshot_dir
        self.problems: list[str] = []
        self._shots = 0
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("response", self._on_response)

    def _on_console(self, message) -> None:
        # CSP violations arrive as console errors ("Refused to ... Content Security Policy").
        if message.type == "error":
            self.problems.append(f"console error on {self.page.url}: {message.text}")

    def _on_response(self, response) -> None:
        if response.status >= 500:
            self.problems.append(f"server error {response.status} for {response.url}")

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def shoot(self, step: str) -> None:
        """Save the page as it is now, full length, at desktop then phone width."""
        self._shots += 1
        name = f"{self._shots:02d}-{step}"
        self.screenshot_dir.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=self.screenshot_dir / f"{name}-desktop.png", full_page=True)
        self.page.set_viewport_size(PHONE)
        self.page.screenshot(path=self.screenshot_dir / f"{name}-phone.png", full_page=True)
        self.page.set_viewport_size(DESKTOP)

    def log_in(self, user) -> None:
        """Start a session for `user` without the login form (that form has its own test)."""
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        self.page.context.add_cookies(
            [
                {
                    "name": cookie.key,
                    "value": cookie.value,
                    "url": self.base_url,
                    "httpOnly": True,
                    "secure": django_settings.SESSION_COOKIE_SECURE,
                    "sameSite": "Lax",
                }
            ]
        )


@pytest.fixture
def browser_page(browser, live_server, request):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    test_name = re.sub(r"[^\w-]+", "_", request.node.name)
    wrapped = BrowserPage(page, live_server.url, SCREENSHOTS / test_name)
    yield wrapped
    context.close()
    assert not wrapped.problems, "The browser reported problems:\n" + "\n".join(wrapped.problems)
