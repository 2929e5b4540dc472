"""Browser tests: Debian's chromium, driven by Playwright, against pytest-django's live server.

Every test gets a `browser_page`: a fresh browser context at desktop width that records console
errors (Content-Security-Policy violations among them), uncaught script errors and server errors,
and fails the test if any appeared. `browser_page.shoot("step")` saves the page at desktop and
phone widths under tests/e2e/screenshots/<test name>/ (git-ignored) so a person can look at them,
and counts a page wider than the phone as a problem too.

Playwright never downloads a browser here: chromium comes from Debian (`apt-get install chromium`;
the CHROMIUM variable names another binary).
Without it the tests are skipped, except on CI where a missing browser is a failure.
"""

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from PIL import Image

from tests.conftest import require_service

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
    """Mark the browser tests `e2e` and run them last.

    Playwright's sync API keeps an asyncio event loop running in the main thread for as long as the
    browser is open (the whole session). Running the browser tests last keeps every other test
    free of that loop and of the async-safety switch below.
    """
    e2e_dir = Path(__file__).parent
    browser_tests = [item for item in items if e2e_dir in Path(item.path).parents]
    for item in browser_tests:
        item.add_marker(pytest.mark.e2e)
    others = [item for item in items if item not in browser_tests]
    items[:] = others + browser_tests


@pytest.fixture(scope="session")
def browser(django_db_setup):
    require_service(
        CHROMIUM.exists(),
        f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)",
    )
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait as long as actions do: expect() has its own 5 s default, which a loaded CI
    # machine rendering a list after a redirect can overrun.
    expect.set_options(timeout=TIMEOUT_MS)
    # Django refuses ORM calls from a thread with a running event loop, and Playwright's loop runs
    # in this thread while the browser is open. The tests are plain synchronous code all the same,
    # so the check is switched off for exactly that long.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _live_server_settings(settings):
    # With DEBUG off the project uses the manifest storage, which needs `collectstatic`; the live
    # server serves straight from the finders (node_modules included), so plain URLs are enough.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The cookies stay Secure, as in production: chromium counts http://localhost and
    # http://127.0.0.1 as secure origins and keeps Secure cookies on both.


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
        # CSP violations arrive as console errors ("Refused to ... Content Security Policy"). The
        # favicon is the browser's own guess, not something a page asked for.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.problems.append(f"console error on {self.page.url}: {message.text}")

    def _on_response(self, response) -> None:
        if response.status >= 500:
            self.problems.append(f"server error {response.status} for {response.url}")

    def shoot(self, step: str) -> None:
        """Save the page as it is now, full length, at desktop then phone width."""
        self._shots += 1
        name = f"{self._shots:02d}-{step}"
        self.screenshot_dir.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=self.screenshot_dir / f"{name}-desktop.png", full_page=True)
        self.page.set_viewport_size(PHONE)
        self.page.screenshot(path=self.screenshot_dir / f"{name}-phone.png", full_page=True)
        # A page wider than the phone makes the reader scroll sideways: a broken layout.
        width = self.page.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            self.problems.append(f"{step}: {self.page.url} is {width}px wide on a phone")
        self.page.set_viewport_size(DESKTOP)

    def save_screen(self, path: Path, *, phone: bool = False) -> None:
        """Save what the screen shows, not the whole page: a picture for the documentation."""
        if phone:
            self.page.set_viewport_size(PHONE)
        png = self.page.screenshot()
        self.page.set_viewport_size(DESKTOP)
        # Flat interface colours survive a 128-colour palette unchanged, at a third of the weight.
        Image.open(io.BytesIO(png)).convert("RGB").quantize(
            colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        ).save(path, optimize=True)

    def log_in(self, user) -> None:
        """Start a session for `user` without going through the login form (tested on its own)."""
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
                    "sameSite": django_settings.SESSION_COOKIE_SAMESITE,
                }
            ]
        )


@pytest.fixture
def browser_page(browser, live_server, request):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    screenshot_dir = SCREENSHOTS / re.sub(r"[^\w-]+", "_", request.node.name)
    # Only this run's pictures: a step that no longer exists must not leave an old one behind.
    shutil.rmtree(screenshot_dir, ignore_errors=True)
    wrapped = BrowserPage(page, live_server.url, screenshot_dir)
    yield wrapped
    context.close()
    assert not wrapped.problems, "The browser reported problems:\n" + "\n".join(wrapped.problems)
