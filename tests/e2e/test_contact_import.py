"""In a real browser: a LinkedIn export uploaded from the contact list, its reading watched on
the progress bar, the preview checked and confirmed, and an imported contact found in the list.

No worker runs here: the test plays the worker, running each queued task once the page shows
it waiting, so the progress bar is seen before the htmx poll swaps in the preview.
"""

from playwright.sync_api import expect

from portability import tasks
from portability.models import ImportJob
from tests.e2e.accessibility import assert_accessible
from tests.factories import UserFactory
from tests.portability.import_files import linkedin_csv

CONNECTIONS = linkedin_csv(
    [
        ("Ana", "Lima", "ana-lima", "ana@example.org", "Acme", "CTO", "07 Dec 2025"),
        ("Bruno", "Costa", "bruno-costa", "", "Acme", "Designer", "01 Jan 2024"),
        ("", "", "", "", "Hidden member", "", ""),
    ]
)


def test_a_linkedin_export_is_previewed_confirmed_and_found_in_the_list(browser_page, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.parse_import, "delay", lambda job_id: queued.append(job_id))
    monkeypatch.setattr(tasks.apply_import, "delay", lambda job_id: queued.append(job_id))
    owner = UserFactory(username="olivia", display_name="Olivia Owner")
    browser_page.log_in(owner)
    page = browser_page.page

    page.goto("/contacts/")
    page.get_by_role("link", name="Import contacts").click()
    expect(page.get_by_role("heading", name="Import contacts")).to_be_visible()
    page.get_by_label("File").set_input_files(
        files=[{"name": "Connections.csv", "mimeType": "text/csv", "buffer": CONNECTIONS}]
    )
    page.get_by_label("What it is").select_option("linkedin")
    browser_page.shoot("upload")
    assert_accessible(page)
    page.get_by_role("button", name="Upload and read").click()

    progress = page.locator("#import-progress")
    expect(progress).to_contain_text("Reading the file")
    expect(progress.locator("progress")).to_be_visible()
    browser_page.shoot("reading")
    job = ImportJob.objects.get(owner=owner)
    tasks.parse_import(queued.pop())

    # The poll sees the step is over and the page reloads into the preview.
    expect(page.locator("#import-counts")).to_contain_text("2 new")
    rows = page.locator("#import-rows")
    expect(rows).to_contain_text("Ana Lima")
    expect(rows).to_contain_text("No name and no email")
    browser_page.shoot("preview")
    assert_accessible(page)

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#import-progress")).to_contain_text("Importing")
    browser_page.shoot("importing")
    tasks.apply_import(queued.pop())

    expect(page.locator("#import-summary")).to_contain_text("2 contacts created")
    browser_page.shoot("summary")
    page.get_by_role("link", name="Ana Lima").first.click()
    expect(page.get_by_role("heading", name="Ana Lima")).to_be_visible()
    expect(page.get_by_text("7 December 2025")).to_be_visible()  # when we met
    browser_page.shoot("contact")

    page.goto("/contacts/")
    expect(page.locator("#contact-results")).to_contain_text("Bruno Costa")
    browser_page.shoot("contact-list")
    job.refresh_from_db()
    assert job.summary["created"] == 2
