"""The demo network in the browser, and the README's pictures of it.

A realistic account (the one `make run` shows a newcomer) must render every main page cleanly at
desktop and phone widths. With RAPPORT_README_SCREENSHOTS=1 the test also refreshes the pictures
in docs/screenshots/ that the README shows; otherwise it leaves the tracked files alone.
"""

import io
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from playwright.sync_api import expect

from accounts.models import User
from contacts.models import Contact, Membership, Organization, Tag

README_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def seed_demo_network() -> User:
    call_command(
        "seed_demo",
        "--contacts",
        "60",
        "--organizations",
        "12",
        # A history, so the dashboard (and the README's picture of it) has something to show.
        "--interactions",
        "600",
        "--allow-without-debug",
        stdout=io.StringIO(),
    )
    return User.objects.get(username="demo")


def richest_contact(user: User) -> Contact:
    """The contact whose page shows the most: several organizations, tags, notes, an introducer."""
    return (
        Contact.objects.filter(owner=user, archived_at__isnull=True)
        .exclude(notes="")
        .exclude(introduced_by=None)
        .annotate(
            organization_count=Count("affiliations", distinct=True),
            tag_count=Count("tags", distinct=True),
            email_count=Count("emails", distinct=True),
        )
        .order_by("-organization_count", "-tag_count", "-email_count", "pk")
        .first()
    )


def test_the_demo_network_renders_on_every_main_page(browser_page):
    demo = seed_demo_network()
    contact = richest_contact(demo)
    organization = (
        Organization.objects.filter(owner=demo)
        .annotate(people=Count("affiliations"))
        .order_by("-people", "pk")
        .first()
    )
    page = browser_page.page
    browser_page.log_in(demo)
    refresh_readme = os.environ.get("RAPPORT_README_SCREENSHOTS") == "1"
    if refresh_readme:
        README_SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto("/")
    expect(page.get_by_role("heading", name=f"Hello, {demo}")).to_be_visible()
    expect(page.locator("#chart-weekly")).to_be_visible()
    browser_page.shoot("home")
    if refresh_readme:
        browser_page.save_screen(README_SCREENSHOTS / "dashboard.png")

    page.goto("/contacts/")
    # The list leaves the archived ones out.
    active = Contact.objects.filter(owner=demo, archived_at__isnull=True).count()
    pages = -(-active // settings.PAGE_SIZE)
    assert pages > 1, "the demo should be big enough to show pagination"
    expect(page.get_by_text(f"{active} contacts", exact=True)).to_be_visible()
    expect(page.locator("#contact-results li.list-group-item")).to_have_count(settings.PAGE_SIZE)
    expect(page.get_by_text(f"Page 1 of {pages}")).to_be_visible()
    browser_page.shoot("contact-list")
    if refresh_readme:
        browser_page.save_screen(README_SCREENSHOTS / "contacts.png")
        browser_page.save_screen(README_SCREENSHOTS / "phone.png", phone=True)

    page.goto(contact.get_absolute_url())
    expect(page.get_by_role("heading", name=contact.display_name, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=contact.introduced_by.display_name).first).to_be_visible()
    browser_page.shoot("contact")
    if refresh_readme:
        browser_page.save_screen(README_SCREENSHOTS / "contact.png")

    page.goto("/organizations/")
    organization_link = page.locator("#organization-results").get_by_text(
        organization.name, exact=True
    )
    expect(organization_link).to_be_visible()
    browser_page.shoot("organization-list")

    organization_link.click()
    expect(page.get_by_role("heading", name=organization.name, exact=True)).to_be_visible()
    browser_page.shoot("organization")

    page.goto("/tags/")
    for tag in Tag.objects.filter(owner=demo):
        expect(page.get_by_role("link", name=tag.name, exact=True)).to_be_visible()
    browser_page.shoot("tags")

    page.goto("/memberships/")
    for membership in Membership.objects.filter(owner=demo).select_related("organization"):
        expect(
            page.get_by_role("link", name=membership.organization.name, exact=True)
        ).to_be_visible()
    browser_page.shoot("memberships")
