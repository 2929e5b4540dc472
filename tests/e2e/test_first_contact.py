"""A newcomer's first minutes: sign up, add a contact and where they work, find them again."""

import re

from playwright.sync_api import expect

from accounts.models import User
from contacts.models import Affiliation
from tests.factories import ContactFactory

PASSWORD = "a long pass phrase 42"


def test_a_newcomer_signs_up_adds_a_contact_at_an_organization_and_finds_them(browser_page):
    page = browser_page.page

    # Sign up.
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Display name").fill("Ada Lovelace")
    # Crispy forms ends a required field's name with an asterisk: "Password*".
    page.get_by_role("textbox", name=re.compile(r"^Password\W*$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    browser_page.shoot("signup-filled")
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_role("heading", name="Hello, Ada Lovelace")).to_be_visible()
    browser_page.shoot("home-empty")

    # Add a contact.
    page.get_by_role("link", name="Add your first contact").click()
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Job title").fill("Rear admiral")
    page.get_by_label("Email").first.fill("grace@navy.example")
    browser_page.shoot("contact-form-filled")
    page.get_by_role("button", name="Add contact").click()

    expect(page.get_by_role("heading", name="Grace Hopper")).to_be_visible()
    browser_page.shoot("contact-created")

    # Where she works: an organization created from the contact page.
    page.get_by_role("link", name="Add affiliation").click()
    page.get_by_label("Or a new organization").fill("Eckert-Mauchly Computer Corporation")
    page.get_by_label("Role").fill("Senior mathematician")
    browser_page.shoot("affiliation-form-filled")
    page.get_by_role("button", name="Add affiliation").click()

    expect(page.get_by_role("heading", name="Grace Hopper")).to_be_visible()
    expect(
        page.get_by_role("link", name="Eckert-Mauchly Computer Corporation", exact=True)
    ).to_be_visible()
    browser_page.shoot("affiliation-added")

    # Find her in the contact list by typing part of her name; the results update in place.
    ada = User.objects.get(username="ada")
    ContactFactory(owner=ada, first_name="Alan", last_name="Turing", display_name="Alan Turing")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Contacts").click()
    expect(page.get_by_role("link", name="Alan Turing", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Grace Hopper", exact=True)).to_be_visible()
    browser_page.shoot("contact-list")

    # A page load would wipe this flag; an in-place update keeps it.
    page.evaluate("() => { window.rapportStillHere = true; }")
    page.locator("main").get_by_label("Search", exact=True).press_sequentially("hopp", delay=50)

    expect(page.get_by_role("link", name="Alan Turing", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Grace Hopper", exact=True)).to_be_visible()
    assert page.evaluate("() => window.rapportStillHere") is True
    browser_page.shoot("search-results")

    # Open her page: name, email and organization are there.
    page.get_by_role("link", name="Grace Hopper", exact=True).click()

    expect(page.get_by_role("heading", name="Grace Hopper")).to_be_visible()
    expect(page.get_by_role("link", name="grace@navy.example")).to_have_attribute(
        "href", "mailto:grace@navy.example"
    )
    expect(
        page.get_by_role("link", name="Eckert-Mauchly Computer Corporation", exact=True)
    ).to_be_visible()
    expect(page.get_by_text("Senior mathematician")).to_be_visible()
    browser_page.shoot("contact-page")

    # What the browser did is what the database holds, all of it Ada's.
    affiliation = Affiliation.objects.select_related("contact", "organization").get()
    assert affiliation.contact.display_name == "Grace Hopper"
    assert affiliation.contact.owner == ada
    assert affiliation.organization.name == "Eckert-Mauchly Computer Corporation"
    assert affiliation.organization.owner == ada
    assert list(affiliation.contact.emails.values_list("email", flat=True)) == [
        "grace@navy.example"
    ]
