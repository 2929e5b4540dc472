"""In a real browser, under the strict Content-Security-Policy: the API docs page (Swagger UI
from drf-spectacular-sidecar, nothing from a CDN) renders every endpoint and can call one with
the session; the settings page makes an API key and turns the calendar feed on."""

import re

from playwright.sync_api import expect

from tests.factories import ContactFactory, UserFactory


def test_the_api_docs_render_and_call_the_api_under_the_csp(browser_page):
    user = UserFactory(username="olivia", display_name="Olivia Owner")
    ContactFactory(owner=user, display_name="Ana López")
    browser_page.log_in(user)
    page = browser_page.page
    loaded_from = []
    page.on("request", lambda request: loaded_from.append(request.url))

    page.goto("/api/v1/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Rapport API")
    expect(page.locator(".opblock-tag-section").first).to_be_visible()
    tags = page.locator(".opblock-tag").all_inner_texts()
    for resource in (
        "contacts",
        "organizations",
        "affiliations",
        "interactions",
        "events",
        "reminders",
    ):
        assert any(resource in tag for tag in tags), tags
    browser_page.shoot("docs")
    # Try out the contact list with the browser's session.
    page.locator(
        ".opblock-get .opblock-summary-path", has_text=re.compile(r"^/api/v1/contacts/$")
    ).click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    answer = page.locator(".live-responses-table")
    expect(answer.locator("tbody .response-col_status").first).to_contain_text("200")
    expect(answer.locator(".microlight").first).to_contain_text("Ana López")
    browser_page.shoot("docs-try-it-out")
    assert all(url.startswith(browser_page.base_url) for url in loaded_from), [
        url for url in loaded_from if not url.startswith(browser_page.base_url)
    ]


def test_a_person_makes_an_api_key_and_turns_on_the_calendar_feed(browser_page):
    user = UserFactory(username="olivia", display_name="Olivia Owner")
    browser_page.log_in(user)
    page = browser_page.page

    page.goto("/accounts/profile/")
    browser_page.shoot("settings")
    page.get_by_role("button", name="Turn on the calendar feed").click()
    expect(page.locator("#calendar-feed-url")).to_have_value(re.compile(r"/calendar/.+\.ics$"))
    browser_page.shoot("feed-on")

    page.get_by_role("link", name="Manage API keys").click()
    browser_page.shoot("api-keys-empty")
    page.get_by_label("Name").fill("Backup script")
    page.get_by_role("button", name="Create a key").click()
    key = page.get_by_label("The new API key").input_value()
    assert key.startswith("rap_")
    browser_page.shoot("api-key-made")
