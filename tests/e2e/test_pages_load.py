"""The pages load their styles and scripts under the Content-Security-Policy, and logging in works
in a real browser (Secure session cookie, CSRF cookie, redirect to where the person was going)."""

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.factories import UserFactory

# Each stylesheet linked from the page parsed into rules: none was refused or missing.
STYLESHEETS_LOADED = """() => Array.from(document.querySelectorAll('link[rel=stylesheet]'))
    .map(link => [link.getAttribute('href'), !!link.sheet && link.sheet.cssRules.length > 0])"""


def assert_styled_and_scripted(page) -> None:
    sheets = page.evaluate(STYLESHEETS_LOADED)
    assert sheets, "the page links no stylesheet"
    assert all(loaded for _, loaded in sheets), sheets
    # Bootstrap's grid is on: the navbar lays its items out in a row.
    assert page.locator("nav.navbar").evaluate("el => getComputedStyle(el).display") == "flex"
    assert page.evaluate("() => [typeof bootstrap, typeof htmx, typeof TomSelect]") == [
        "object",
        "object",
        "function",
    ]


def test_a_person_logs_in_on_a_styled_login_page_and_lands_where_they_were_going(browser_page):
    UserFactory(username="olivia", display_name="Olivia Owner")
    page = browser_page.page

    page.goto("/contacts/")

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/contacts/$"))
    assert_styled_and_scripted(page)
    page.get_by_role("textbox", name=re.compile(r"^Username\W*$")).fill("olivia")
    page.get_by_role("textbox", name=re.compile(r"^Password\W*$")).fill(PASSWORD)
    browser_page.shoot("login")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Contacts", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="No contacts yet")).to_be_visible()
    expect(page.get_by_role("button", name="Olivia Owner")).to_be_visible()
    browser_page.shoot("contacts-empty")


def test_the_home_page_welcomes_a_new_user_with_a_way_to_add_a_contact(browser_page):
    browser_page.log_in(UserFactory(username="newcomer", display_name="Nora Newcomer"))
    page = browser_page.page

    page.goto("/")
    browser_page.shoot("home")

    expect(page.get_by_role("heading", name="Hello, Nora Newcomer")).to_be_visible()
    expect(page.get_by_role("link", name="Add your first contact")).to_be_visible()
    assert_styled_and_scripted(page)
